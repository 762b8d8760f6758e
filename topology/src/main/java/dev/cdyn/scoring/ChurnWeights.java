package dev.cdyn.scoring;

import java.util.Arrays;

/**
 * The churn risk's log-odds weights: logit(risk) = intercept + Σ weight(term) · term. The defaults
 * are the judgement-set weights of {@code cdyn-1.0} (MODEL.md); {@code cdyn fit} learns them from
 * the history. With weight 1 on the order rhythm and intercept 0, the risk is BG/NBD's
 * P(no purchase) before the other channels speak.
 */
public record ChurnWeights(double intercept, double[] weights) {

    private static final double[] DEFAULTS = {1.0, 0.0, 0.6, 1.2, 0.25, 0.4, 0.3, 0.35, 1.5};

    public ChurnWeights {
        if (weights.length != ChurnTerm.ALL.length) {
            throw new IllegalArgumentException("expected " + ChurnTerm.ALL.length + " weights, got " + weights.length);
        }
        weights = weights.clone();
        if (!Double.isFinite(intercept) || Arrays.stream(weights).anyMatch(w -> !Double.isFinite(w))) {
            throw new IllegalArgumentException("weights must be finite numbers: " + intercept + ", "
                    + Arrays.toString(weights));
        }
        for (ChurnTerm term : ChurnTerm.ALL) {
            if (term.growsWithSilence() && weights[term.ordinal()] < 0) {
                throw new IllegalArgumentException("the weight of " + term.reasonCode()
                        + " cannot be negative (risk must not fall with silence): " + weights[term.ordinal()]);
            }
        }
    }

    public static ChurnWeights defaults() {
        return new ChurnWeights(0.0, DEFAULTS);
    }

    public double weight(ChurnTerm term) {
        return weights[term.ordinal()];
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChurnWeights other && Double.compare(intercept, other.intercept) == 0
                && Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(intercept) * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "ChurnWeights[intercept=" + intercept + ", weights=" + Arrays.toString(weights) + "]";
    }
}
