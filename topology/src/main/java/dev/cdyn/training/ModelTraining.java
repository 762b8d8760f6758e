package dev.cdyn.training;

import dev.cdyn.activity.CustomerActivity;
import dev.cdyn.fit.BgNbdFit;
import dev.cdyn.fit.Evaluation;
import dev.cdyn.fit.LogisticFit;
import dev.cdyn.fit.PurchaseHistory;
import dev.cdyn.scoring.ChurnRiskModel;
import dev.cdyn.scoring.ChurnTerm;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.scoring.ModelParameters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.utils.Utils;

/**
 * Learns the churn model from history with no labels given: the cut-off is the horizon before the
 * end of the history; every customer's features are taken as of it and its label ("no order in the
 * horizon after it") read from what followed ({@link SelfLabels}). Then:
 * <ol>
 *   <li>the BG/NBD population by maximum likelihood on every buyer's (x, t_x, T) as of the cut-off
 *       (no labels are used, so every customer may serve);</li>
 *   <li>the log-odds weights by L2-penalised logistic regression on 70% of the customers (a stable
 *       hash of the id), the BG/NBD term under the fitted population being one feature; the penalty
 *       is chosen among a few by log-loss on a quarter of those customers held out of the choice;</li>
 *   <li>metrics on the other 30%: the fitted model, recency alone, BG/NBD alone and the model as
 *       configured before the fit.</li>
 * </ol>
 * A history too short or too small for that is refused ({@link FitRefused}).
 */
public final class ModelTraining {

    /** Days of history needed before the cut-off: the longest feature window. */
    public static final int MIN_DAYS_BEFORE_CUTOFF = 90;
    /** Customers with an order by the cut-off needed to fit a population. */
    public static final int MIN_BUYERS = 200;
    /**
     * Largest standard error of a BG/NBD parameter, relative to its value (that is, of its log),
     * in a fit that is kept: 3 means the parameter is known only to within a factor e³ ≈ 20 either
     * way at one standard error, where it says nothing. Below that a parameter may be loosely
     * determined and still predict well: the drop-out shapes a and b often are, in short retail
     * histories where few customers are seen leaving.
     */
    public static final double MAX_RELATIVE_STANDARD_ERROR = 3.0;
    /**
     * Below this mean drop-out probability per purchase, a / (a + b), the fit is at the boundary
     * where nobody is seen leaving: BG/NBD becomes the NBD, b runs off towards infinity, and a, b
     * and every standard error are not identified (the information matrix is singular). Common in
     * short retail histories; the predictions are sound, so such a fit is kept and reported as such.
     */
    public static final double NO_DROP_OUT = 1e-3;
    /** Percent of customers (by a hash of the id) the weights are learnt from; the rest are held out. */
    static final int TRAINING_PERCENT = 70;
    /** Percent of the training customers kept out of the fit while the penalty is chosen. */
    static final int VALIDATION_PERCENT = 25;
    /** Penalties compared (precision of a N(0, 1/λ) prior on each standardised weight). */
    static final double[] PENALTIES = {0.1, 1, 10, 100};

    private ModelTraining() {
    }

    /**
     * @param base        the model as configured: its lines and hysteresis are kept, its population
     *                    and weights replaced; the metrics compare against it
     * @param horizonDays the churn horizon to learn
     */
    public static FittedModel fit(History history, ModelParameters base, int horizonDays, Instant fittedAt) {
        if (history.isEmpty()) {
            throw new FitRefused("the history is empty: there is nothing to learn from");
        }
        long day = CustomerActivity.DAY_MS;
        long end = history.lastAt();
        long cutoff = end - horizonDays * day;
        double daysBefore = (cutoff - history.firstAt()) / (double) day;
        if (daysBefore < MIN_DAYS_BEFORE_CUTOFF) {
            throw new FitRefused(String.format(
                    "the history spans %.0f days (%s to %s); a horizon of %d days needs at least %d: %d days before"
                            + " the cut-off for the features' longest window, then the horizon to read the labels from",
                    (end - history.firstAt()) / (double) day, Instant.ofEpochMilli(history.firstAt()),
                    Instant.ofEpochMilli(end), horizonDays, horizonDays + MIN_DAYS_BEFORE_CUTOFF,
                    MIN_DAYS_BEFORE_CUTOFF));
        }
        ModelParameters asConfigured = base.withHorizonDays(horizonDays);
        List<SelfLabels.Sample> samples = SelfLabels.asOf(history, cutoff, horizonDays);

        List<PurchaseHistory> purchases = new ArrayList<>();
        for (SelfLabels.Sample s : samples) {
            CustomerFeatures f = s.features();
            if (f.lifetimeOrders() > 0) {
                purchases.add(new PurchaseHistory(f.lifetimeOrders() - 1, f.daysFirstToLastOrder(),
                        f.daysSinceFirstOrder()));
            }
        }
        int repeatBuyers = (int) purchases.stream().filter(p -> p.repeatPurchases() > 0).count();
        if (purchases.size() < MIN_BUYERS) {
            throw new FitRefused(String.format("only %d customers had ordered by the cut-off %s; at least %d are needed",
                    purchases.size(), Instant.ofEpochMilli(cutoff), MIN_BUYERS));
        }
        if (repeatBuyers == 0) {
            throw new FitRefused("no customer had ordered twice by the cut-off " + Instant.ofEpochMilli(cutoff)
                    + ": the purchase rate cannot be fitted");
        }
        List<SelfLabels.Sample> training = new ArrayList<>();
        List<SelfLabels.Sample> heldOut = new ArrayList<>();
        for (SelfLabels.Sample s : samples) {
            (percentile(s.customerId(), "") < TRAINING_PERCENT ? training : heldOut).add(s);
        }
        requireBothOutcomes(training, "training");
        requireBothOutcomes(heldOut, "held-out");

        BgNbdFit.Result population = population(purchases);
        ModelParameters populated = population.applyTo(asConfigured);
        ChurnRiskModel terms = new ChurnRiskModel(populated);

        double penalty = choosePenalty(training, terms);
        LogisticFit.Result weights = fitWeights(features(training, terms::terms), outcomes(training), penalty);
        ModelParameters fitted = populated.withChurnWeights(new ChurnWeights(weights.intercept(), weights.weights()));

        boolean[] quiet = outcomes(heldOut);
        ChurnRiskModel fittedModel = new ChurnRiskModel(fitted);
        double[] fittedRisk = column(heldOut, f -> fittedModel.score(f).risk());
        List<FittedModel.Metrics> metrics = new ArrayList<>();
        metrics.add(metrics("fitted model", fittedRisk, fittedRisk, quiet));
        metrics.add(recencyAlone(training, heldOut, daysBefore));
        double[] bgnbd = column(heldOut, terms::purchaseComponent);
        metrics.add(metrics("BG/NBD alone (fitted population)", bgnbd, bgnbd, quiet));
        ChurnRiskModel configured = new ChurnRiskModel(asConfigured);
        double[] before = column(heldOut, f -> configured.score(f).risk());
        metrics.add(metrics("model as configured (before the fit)", before, before, quiet));

        long quietCount = samples.stream().filter(SelfLabels.Sample::quiet).count();
        FittedModel.Span span = new FittedModel.Span(Instant.ofEpochMilli(history.firstAt()),
                Instant.ofEpochMilli(cutoff), Instant.ofEpochMilli(end), samples.size(), purchases.size(), repeatBuyers,
                training.size(), heldOut.size(), quietCount / (double) samples.size());
        return new FittedModel(fitted, population, penalty, span, fittedAt, List.copyOf(metrics),
                Evaluation.deciles(fittedRisk, quiet));
    }

    /**
     * The BG/NBD fit, refused when the likelihood has no proper maximum, or when a standard error is
     * not a finite number or exceeds {@link #MAX_RELATIVE_STANDARD_ERROR} times its estimate, unless
     * the fit is at the no-drop-out boundary ({@link #NO_DROP_OUT}).
     */
    static BgNbdFit.Result population(List<PurchaseHistory> purchases) {
        BgNbdFit.Result result;
        try {
            result = BgNbdFit.fit(purchases);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new FitRefused("the BG/NBD population cannot be fitted: " + e.getMessage());
        }
        if (noDropOut(result)) {
            return result;
        }
        String[] names = {"r", "alpha", "a", "b"};
        BgNbdFit.Estimate[] estimates = {result.r(), result.alpha(), result.a(), result.b()};
        for (int i = 0; i < names.length; i++) {
            double relative = estimates[i].standardError() / estimates[i].value();
            if (!(relative <= MAX_RELATIVE_STANDARD_ERROR)) {
                throw new FitRefused(String.format("the history does not pin the BG/NBD population down: %s = %.4g"
                                + " with standard error %.4g (more than %.0f times the value; a longer or larger history"
                                + " is needed)", names[i], estimates[i].value(), estimates[i].standardError(),
                        MAX_RELATIVE_STANDARD_ERROR));
            }
        }
        return result;
    }

    /**
     * The logistic weights with those of the terms that grow with silence held at 0 or above
     * ({@link ChurnTerm#growsWithSilence()}): a term whose weight comes out negative (the order
     * rhythm and recency say much the same, and one can take the other's place with the opposite
     * sign) is left out, its column made constant so that its weight is exactly 0, and the rest
     * refitted.
     */
    static LogisticFit.Result fitWeights(double[][] terms, boolean[] quiet, double penalty) {
        boolean[] dropped = new boolean[ChurnTerm.ALL.length];
        while (true) {
            double[][] rows = new double[terms.length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = terms[i].clone();
                for (int j = 0; j < dropped.length; j++) {
                    rows[i][j] = dropped[j] ? 0 : rows[i][j];
                }
            }
            LogisticFit.Result fit = LogisticFit.fit(rows, quiet, penalty);
            boolean again = false;
            for (ChurnTerm term : ChurnTerm.ALL) {
                if (term.growsWithSilence() && fit.weights()[term.ordinal()] < 0 && !dropped[term.ordinal()]) {
                    dropped[term.ordinal()] = true;
                    again = true;
                }
            }
            if (!again) {
                return fit;
            }
        }
    }

    /** Whether the fit is at the no-drop-out boundary ({@link #NO_DROP_OUT}). */
    public static boolean noDropOut(BgNbdFit.Result population) {
        return population.a().value() / (population.a().value() + population.b().value()) < NO_DROP_OUT;
    }

    /** The penalty with the least log-loss on a quarter of the training customers, fitted on the rest. */
    static double choosePenalty(List<SelfLabels.Sample> training, ChurnRiskModel terms) {
        List<SelfLabels.Sample> fitOn = new ArrayList<>();
        List<SelfLabels.Sample> validation = new ArrayList<>();
        for (SelfLabels.Sample s : training) {
            (percentile(s.customerId(), "#validation") < VALIDATION_PERCENT ? validation : fitOn).add(s);
        }
        boolean[] fitOutcomes = outcomes(fitOn);
        if (validation.isEmpty() || !bothOutcomes(fitOutcomes)) {
            return 1.0;
        }
        double[][] fitFeatures = features(fitOn, terms::terms);
        double[][] validationFeatures = features(validation, terms::terms);
        boolean[] validationOutcomes = outcomes(validation);
        double best = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double penalty : PENALTIES) {
            LogisticFit.Result fit = fitWeights(fitFeatures, fitOutcomes, penalty);
            double[] p = new double[validationFeatures.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = fit.probability(validationFeatures[i]);
            }
            double loss = Evaluation.logLoss(p, validationOutcomes);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = penalty;
            }
        }
        return best;
    }

    /**
     * Recency alone: customers ranked by days since their last order, those without an order as
     * most at risk (as if silent since before the history began). Its probabilities for log-loss
     * and Brier come from a one-feature logistic fit of ln(1 + days) on the training customers.
     */
    private static FittedModel.Metrics recencyAlone(List<SelfLabels.Sample> training, List<SelfLabels.Sample> heldOut,
                                                    double daysBeforeCutoff) {
        ToDoubleFunction<CustomerFeatures> days = f -> f.lifetimeOrders() > 0 ? f.daysSinceLastOrder()
                : daysBeforeCutoff + 1;
        double[][] trainingFeature = features(training, f -> new double[] {Math.log1p(days.applyAsDouble(f))});
        LogisticFit.Result calibration = LogisticFit.fit(trainingFeature, outcomes(training), 1.0);
        double[] ranking = column(heldOut, days);
        double[] p = column(heldOut, f -> calibration.probability(new double[] {Math.log1p(days.applyAsDouble(f))}));
        return metrics("recency alone (days since last order)", ranking, p, outcomes(heldOut));
    }

    private static FittedModel.Metrics metrics(String name, double[] ranking, double[] probabilities, boolean[] quiet) {
        return new FittedModel.Metrics(name, Evaluation.rocAuc(ranking, quiet), Evaluation.logLoss(probabilities, quiet),
                Evaluation.brierScore(probabilities, quiet));
    }

    /** 0–99 from a stable hash of the customer id (Kafka's murmur2, the default partitioner's). */
    static int percentile(String customerId, String salt) {
        return Utils.toPositive(Utils.murmur2((customerId + salt).getBytes(StandardCharsets.UTF_8))) % 100;
    }

    private static void requireBothOutcomes(List<SelfLabels.Sample> samples, String which) {
        if (!bothOutcomes(outcomes(samples))) {
            throw new FitRefused(String.format("the %s customers (%d) all %s in the horizon after the cut-off: there is"
                            + " nothing to tell apart", which, samples.size(),
                    samples.isEmpty() || samples.get(0).quiet() ? "stayed quiet" : "ordered"));
        }
    }

    private static boolean bothOutcomes(boolean[] outcomes) {
        boolean any = false;
        boolean all = true;
        for (boolean o : outcomes) {
            any |= o;
            all &= o;
        }
        return any && !all;
    }

    private static double[][] features(List<SelfLabels.Sample> samples,
                                       java.util.function.Function<CustomerFeatures, double[]> terms) {
        double[][] rows = new double[samples.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = terms.apply(samples.get(i).features());
        }
        return rows;
    }

    private static double[] column(List<SelfLabels.Sample> samples, ToDoubleFunction<CustomerFeatures> value) {
        return samples.stream().mapToDouble(s -> value.applyAsDouble(s.features())).toArray();
    }

    private static boolean[] outcomes(List<SelfLabels.Sample> samples) {
        boolean[] quiet = new boolean[samples.size()];
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = samples.get(i).quiet();
        }
        return quiet;
    }
}
