package dev.cdyn.fit;

import dev.cdyn.scoring.ModelParameters;
import java.util.Arrays;
import java.util.Collection;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Maximum-likelihood BG/NBD population parameters (r, α, a, b) from purchase histories taken at a
 * calibration cut-off, with standard errors from the observed information.
 *
 * <p>The optimiser is Hipparchus (the maintained fork of Apache Commons Math, whose 3.x line has
 * had no release since 2016): its special functions give ln Γ, ln B and digamma, its linear
 * algebra inverts the information matrix, and its BOBYQA (Powell's trust-region method on a
 * quadratic model, made for a few smooth parameters) climbs the likelihood. On 10,000 simulated
 * customers it took 110–200 evaluations and stopped where the gradient is below 10⁻²; the
 * conjugate gradient, even given the exact gradient, took 165–220 and stopped with gradients up to
 * 0.5, and Nelder–Mead took 160–210. The exact gradient still serves, for the information matrix.
 */
public final class BgNbdFit {

    private static final int MAX_EVALUATIONS = 20_000;
    /** 2n + 1 points for n = 4 parameters, Powell's recommendation. */
    private static final int INTERPOLATION_POINTS = 9;
    /** First trust region in θ = ln(parameter): a factor e^0.5 ≈ 1.6 either way. */
    private static final double INITIAL_RADIUS = 0.5;
    /** Last trust region: θ known to 10⁻⁸, far inside any standard error. */
    private static final double STOPPING_RADIUS = 1e-8;
    /** Step in θ = ln(parameter) for the numerical Hessian: a relative step of 10⁻⁵. */
    private static final double HESSIAN_STEP = 1e-5;

    private BgNbdFit() {
    }

    /** Fits the population to the customers' histories; at least one customer must have bought again. */
    public static Result fit(Collection<PurchaseHistory> histories) {
        BgNbdLikelihood likelihood = new BgNbdLikelihood(histories);
        double rate = likelihood.repeatRatePerDay();
        if (!(rate > 0)) {
            throw new IllegalArgumentException("no customer bought twice: the purchase rate cannot be fitted");
        }
        // Start from r = 1 with α matching the observed repeat rate r/α, and a mean drop-out of 1/4.
        double[] start = {0, Math.log(1 / rate), 0, Math.log(3)};

        BOBYQAOptimizer optimizer = new BOBYQAOptimizer(INTERPOLATION_POINTS, INITIAL_RADIUS, STOPPING_RADIUS);
        PointValuePair best = optimizer.optimize(
                new ObjectiveFunction(likelihood::value),
                GoalType.MAXIMIZE,
                new InitialGuess(start),
                SimpleBounds.unbounded(4),
                new MaxEval(MAX_EVALUATIONS));

        double[] theta = best.getPoint();
        double[] population = Arrays.stream(theta).map(Math::exp).toArray();
        boolean proper = Arrays.stream(population).allMatch(p -> p > 0 && Double.isFinite(p));
        if (!proper || !Double.isFinite(best.getValue())) {
            throw new IllegalStateException("the likelihood has no proper maximum: ln L = " + best.getValue()
                    + " at (r, α, a, b) = " + Arrays.toString(population));
        }
        double[] standardErrors = standardErrors(likelihood, theta);
        return new Result(
                estimate(theta, standardErrors, 0), estimate(theta, standardErrors, 1),
                estimate(theta, standardErrors, 2), estimate(theta, standardErrors, 3),
                best.getValue(), likelihood.customers(), optimizer.getEvaluations());
    }

    /**
     * Standard errors of ln r, ln α, ln a, ln b: the square roots of the diagonal of the inverse
     * observed information (the Hessian of −ln L, by central differences of the exact gradient).
     * NaN when the information is not positive definite, that is when the optimum is not a proper
     * maximum (a parameter running off to 0 or infinity).
     */
    private static double[] standardErrors(BgNbdLikelihood likelihood, double[] theta) {
        double[][] information = new double[4][4];
        for (int j = 0; j < 4; j++) {
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[j] += HESSIAN_STEP;
            down[j] -= HESSIAN_STEP;
            double[] gUp = likelihood.gradient(up);
            double[] gDown = likelihood.gradient(down);
            for (int i = 0; i < 4; i++) {
                information[i][j] = -(gUp[i] - gDown[i]) / (2 * HESSIAN_STEP);
            }
        }
        RealMatrix symmetric = MatrixUtils.createRealMatrix(information);
        symmetric = symmetric.add(symmetric.transpose()).scalarMultiply(0.5);
        double[] errors = new double[4];
        try {
            RealMatrix covariance = new CholeskyDecomposition(symmetric).getSolver().getInverse();
            for (int i = 0; i < 4; i++) {
                errors[i] = Math.sqrt(covariance.getEntry(i, i));
            }
        } catch (MathIllegalArgumentException notPositiveDefinite) {
            Arrays.fill(errors, Double.NaN);
        }
        return errors;
    }

    /** Back from logs; the delta method gives SE(p) = p · SE(ln p), as d p / d ln p = p. */
    private static Estimate estimate(double[] theta, double[] logStandardErrors, int i) {
        double value = Math.exp(theta[i]);
        return new Estimate(value, value * logStandardErrors[i]);
    }

    /**
     * A fitted parameter and its asymptotic standard error. An error that is NaN, or not well below
     * the value, says the histories do not pin the parameter down: typically a and b growing together
     * when the data show almost no drop-out.
     */
    public record Estimate(double value, double standardError) {
    }

    /**
     * The fitted population.
     *
     * @param r             shape of the purchase-rate distribution (Gamma)
     * @param alpha         its scale, in days
     * @param a             first shape of the drop-out probability distribution (Beta)
     * @param b             its second shape
     * @param logLikelihood ln L at the optimum, summed over customers
     * @param customers     how many histories were fitted
     * @param evaluations   likelihood evaluations the optimiser used
     */
    public record Result(Estimate r, Estimate alpha, Estimate a, Estimate b, double logLikelihood, int customers,
            int evaluations) {

        /** {@code base} with its BG/NBD parameters replaced by the fitted ones. */
        public ModelParameters applyTo(ModelParameters base) {
            return base.withPopulation(r.value(), alpha.value(), a.value(), b.value());
        }
    }
}
