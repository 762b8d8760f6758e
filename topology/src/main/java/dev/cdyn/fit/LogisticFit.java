package dev.cdyn.fit;

import java.util.Arrays;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealVector;

/**
 * L2-penalised logistic regression by Newton's method, for the log-odds weights of the churn
 * signals: minimises Σ log-loss + (λ/2) Σ w_j² over the weights w_j of the standardised features,
 * the intercept unpenalised. λ is the precision of a N(0, 1/λ) prior on each standardised weight,
 * so one λ means the same whatever a feature's unit; and with λ > 0 the objective is strictly
 * convex, so perfectly separated outcomes give finite weights instead of running off to infinity.
 *
 * <p>Newton rather than a general optimiser: with a handful of features the Hessian is cheap, the
 * objective is convex, and Newton reaches machine precision in a few iterations.
 *
 * <p>The features are centred and scaled inside, for a well-conditioned Hessian; the result is on
 * the original scale, so each weight times its feature is an additive log-odds contribution. A
 * feature that never varies gets weight 0.
 */
public final class LogisticFit {

    static final int MAX_ITERATIONS = 100;
    /** Newton has converged when no standardised coefficient moves by more than this. */
    static final double TOLERANCE = 1e-9;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_HALVINGS = 50;

    private LogisticFit() {
    }

    /**
     * @param features one row per observation, the same number of features in each
     * @param outcomes the observed event (e.g. "did not buy within the horizon") per row
     * @param penalty  λ ≥ 0; with 0 separated data or a constant feature cannot be fitted
     * @throws IllegalStateException when Newton does not converge, which needs λ = 0
     */
    public static Result fit(double[][] features, boolean[] outcomes, double penalty) {
        if (features.length == 0 || features.length != outcomes.length) {
            throw new IllegalArgumentException("need as many outcomes as rows, and at least one row");
        }
        if (!(penalty >= 0)) {
            throw new IllegalArgumentException("the penalty must be 0 or more: " + penalty);
        }
        Design design = Design.standardised(features);
        double[] y = new double[outcomes.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = outcomes[i] ? 1 : 0;
        }
        Objective objective = new Objective(design.rows, y, penalty);

        double[] beta = new double[design.columns()];
        double current = objective.value(beta);
        for (int iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
            double[] gradient = objective.gradient(beta);
            double[] step = newtonStep(objective.hessian(beta), gradient);
            // Damped: halve the step until the objective falls enough (Armijo), for the first
            // iterations on nearly separated data where the full step overshoots.
            double slope = -dot(gradient, step);
            double t = 1;
            double[] next = axpy(beta, step, -t);
            double value = objective.value(next);
            for (int h = 0; h < MAX_HALVINGS && value > current + ARMIJO * t * slope; h++) {
                t /= 2;
                next = axpy(beta, step, -t);
                value = objective.value(next);
            }
            double moved = 0;
            for (int j = 0; j < beta.length; j++) {
                moved = Math.max(moved, Math.abs(next[j] - beta[j]));
            }
            beta = next;
            current = value;
            if (moved < TOLERANCE) {
                return design.toOriginalScale(beta, iteration);
            }
        }
        throw new IllegalStateException("Newton did not converge in " + MAX_ITERATIONS
                + " iterations: the outcomes are probably separable, and a penalty above 0 is needed");
    }

    private static double[] newtonStep(double[][] hessian, double[] gradient) {
        try {
            DecompositionSolver solver = new CholeskyDecomposition(MatrixUtils.createRealMatrix(hessian)).getSolver();
            RealVector step = solver.solve(MatrixUtils.createRealVector(gradient));
            return step.toArray();
        } catch (MathIllegalArgumentException singular) {
            throw new IllegalStateException("the Hessian is singular: a feature is constant or the outcomes"
                    + " are separable, and a penalty above 0 is needed", singular);
        }
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    /** u + t · v. */
    private static double[] axpy(double[] u, double[] v, double t) {
        double[] w = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            w[i] = u[i] + t * v[i];
        }
        return w;
    }

    /** ln(1 + e^z) without overflow. */
    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /**
     * The fitted model on the features' own scale: log-odds = intercept + Σ weights[j] · feature[j].
     *
     * @param iterations Newton iterations to convergence
     */
    public record Result(double intercept, double[] weights, int iterations) {

        public Result {
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        public double logOdds(double[] features) {
            if (features.length != weights.length) {
                throw new IllegalArgumentException("expected " + weights.length + " features, got " + features.length);
            }
            double z = intercept;
            for (int j = 0; j < weights.length; j++) {
                z += weights[j] * features[j];
            }
            return z;
        }

        public double probability(double[] features) {
            return sigmoid(logOdds(features));
        }

        @Override
        public String toString() {
            return "Result[intercept=" + intercept + ", weights=" + Arrays.toString(weights) + ", iterations="
                    + iterations + "]";
        }
    }

    /** The standardised design: a leading column of ones, then (feature − mean) / sd per feature. */
    private record Design(double[][] rows, double[] means, double[] scales) {

        static Design standardised(double[][] features) {
            int k = features[0].length;
            int n = features.length;
            double[] means = new double[k];
            double[] scales = new double[k];
            for (double[] row : features) {
                if (row.length != k) {
                    throw new IllegalArgumentException("every row needs " + k + " features");
                }
                for (int j = 0; j < k; j++) {
                    means[j] += row[j] / n;
                }
            }
            for (double[] row : features) {
                for (int j = 0; j < k; j++) {
                    scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
                }
            }
            for (int j = 0; j < k; j++) {
                if (constant(features, j)) {
                    // Centred exactly (a computed mean may be off in the last bit), the column is all
                    // zeros, and the penalty holds its weight at 0.
                    means[j] = features[0][j];
                    scales[j] = 1;
                } else {
                    scales[j] = Math.sqrt(scales[j]);
                }
            }
            double[][] rows = new double[n][k + 1];
            for (int i = 0; i < n; i++) {
                rows[i][0] = 1;
                for (int j = 0; j < k; j++) {
                    rows[i][j + 1] = (features[i][j] - means[j]) / scales[j];
                }
            }
            return new Design(rows, means, scales);
        }

        private static boolean constant(double[][] features, int j) {
            for (double[] row : features) {
                if (row[j] != features[0][j]) {
                    return false;
                }
            }
            return true;
        }

        int columns() {
            return means.length + 1;
        }

        /** β₀ + Σ β_j (f_j − m_j)/s_j = (β₀ − Σ β_j m_j/s_j) + Σ (β_j/s_j) f_j. */
        Result toOriginalScale(double[] beta, int iterations) {
            double[] weights = new double[means.length];
            double intercept = beta[0];
            for (int j = 0; j < weights.length; j++) {
                weights[j] = beta[j + 1] / scales[j];
                intercept -= weights[j] * means[j];
            }
            return new Result(intercept, weights, iterations);
        }
    }

    /** The penalised negative log-likelihood, its gradient and Hessian in the standardised coefficients. */
    private record Objective(double[][] rows, double[] y, double penalty) {

        double value(double[] beta) {
            double sum = 0;
            for (int i = 0; i < rows.length; i++) {
                double z = dot(rows[i], beta);
                sum += softplus(z) - y[i] * z;
            }
            for (int j = 1; j < beta.length; j++) {
                sum += penalty / 2 * beta[j] * beta[j];
            }
            return sum;
        }

        double[] gradient(double[] beta) {
            double[] g = new double[beta.length];
            for (int i = 0; i < rows.length; i++) {
                double residual = sigmoid(dot(rows[i], beta)) - y[i];
                for (int j = 0; j < beta.length; j++) {
                    g[j] += residual * rows[i][j];
                }
            }
            for (int j = 1; j < beta.length; j++) {
                g[j] += penalty * beta[j];
            }
            return g;
        }

        double[][] hessian(double[] beta) {
            int k = beta.length;
            double[][] h = new double[k][k];
            for (double[] row : rows) {
                double p = sigmoid(dot(row, beta));
                double w = p * (1 - p);
                for (int a = 0; a < k; a++) {
                    for (int b = a; b < k; b++) {
                        h[a][b] += w * row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < a; b++) {
                    h[a][b] = h[b][a];
                }
                if (a > 0) {
                    h[a][a] += penalty;
                }
            }
            return h;
        }
    }
}
