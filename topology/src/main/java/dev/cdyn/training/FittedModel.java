package dev.cdyn.training;

import dev.cdyn.fit.BgNbdFit;
import dev.cdyn.fit.Evaluation;
import dev.cdyn.scoring.ModelParameters;
import java.time.Instant;
import java.util.List;

/**
 * What {@code cdyn fit} learnt and how well it does on customers it did not learn from.
 *
 * @param parameters  the model to score with: the base settings with the fitted population and weights
 * @param population  the BG/NBD fit, with log-likelihood and standard errors
 * @param penalty     the L2 penalty the logistic weights were fitted with
 * @param history     the span of the history, the cut-off and the customers
 * @param fittedAt    when the fit was made
 * @param heldOut     metrics on the held-out customers: the fitted model first, then the baselines
 * @param calibration the fitted model's calibration by deciles on the held-out customers
 */
public record FittedModel(ModelParameters parameters, BgNbdFit.Result population, double penalty, Span history,
                          Instant fittedAt, List<Metrics> heldOut, List<Evaluation.CalibrationBin> calibration) {

    /**
     * @param start          the earliest interaction
     * @param cutoff         features are taken as of here; labels are read from the horizon after it
     * @param end            the latest interaction: the cut-off plus the horizon
     * @param customers      customers seen by the cut-off
     * @param buyers         of those, customers with at least one order by the cut-off
     * @param repeatBuyers   of those, customers with at least two
     * @param training       customers the weights were learnt from
     * @param heldOutCustomers customers kept out of the fit, for the metrics
     * @param quietShare     share of all customers with no order in the horizon
     */
    public record Span(Instant start, Instant cutoff, Instant end, int customers, int buyers, int repeatBuyers,
                       int training, int heldOutCustomers, double quietShare) {
    }

    /** How one model does on the held-out customers: ranking (ROC AUC) and the proper scores. */
    public record Metrics(String model, double auc, double logLoss, double brier) {
    }

    /** The metrics of the fitted model (the first row). */
    public Metrics fitted() {
        return heldOut.get(0);
    }
}
