package dev.cdyn.scoring;

/**
 * Every number the models use, with the defaults MODEL.md explains. Times are in days.
 *
 * @param horizonDays  the churn horizon: risk is the probability of no purchase within it
 * @param r            BG/NBD: shape of the population's purchase-rate distribution (Gamma)
 * @param alpha        BG/NBD: scale of that distribution, in days
 * @param a            BG/NBD: first shape of the drop-out probability distribution (Beta)
 * @param b            BG/NBD: second shape of that distribution
 * @param riskLines    lower bounds of MEDIUM, HIGH and CRITICAL churn risk
 * @param tierLines    lower bounds of SILVER, GOLD and PLATINUM loyalty
 * @param riskHysteresis   how far past a risk line a score must go before its band changes
 * @param loyaltyHysteresis how far past a tier line (in points) loyalty must go before its tier changes
 * @param monetaryScale order value over the horizon at which the monetary component reaches half
 * @param churnWeights the churn risk's log-odds weights
 */
public record ModelParameters(
        int horizonDays,
        double r,
        double alpha,
        double a,
        double b,
        double[] riskLines,
        double[] tierLines,
        double riskHysteresis,
        double loyaltyHysteresis,
        double monetaryScale,
        ChurnWeights churnWeights) {

    public static final String VERSION = "cdyn-1.0";

    /**
     * The default BG/NBD population: the maximum-likelihood estimates for the CDNOW panel in Fader,
     * Hardie and Lee (2005) — r = 0.243, α = 4.414 weeks, a = 0.793, b = 2.426 — with α in days. A
     * real retail population (most customers buy once, a few often), until {@code cdyn fit}
     * learns the application's own.
     */
    public static final double DEFAULT_R = 0.243;
    public static final double DEFAULT_ALPHA_DAYS = 4.414 * 7;
    public static final double DEFAULT_A = 0.793;
    public static final double DEFAULT_B = 2.426;

    public static ModelParameters defaults() {
        return new ModelParameters(90, DEFAULT_R, DEFAULT_ALPHA_DAYS, DEFAULT_A, DEFAULT_B,
                new double[] {0.25, 0.50, 0.75}, new double[] {40, 60, 80}, 0.03, 2.0, 1000.0);
    }

    /** With the default churn weights. */
    public ModelParameters(int horizonDays, double r, double alpha, double a, double b, double[] riskLines,
                           double[] tierLines, double riskHysteresis, double loyaltyHysteresis, double monetaryScale) {
        this(horizonDays, r, alpha, a, b, riskLines, tierLines, riskHysteresis, loyaltyHysteresis, monetaryScale,
                ChurnWeights.defaults());
    }

    /** These parameters with another BG/NBD population. */
    public ModelParameters withPopulation(double r, double alpha, double a, double b) {
        return new ModelParameters(horizonDays, r, alpha, a, b, riskLines, tierLines, riskHysteresis,
                loyaltyHysteresis, monetaryScale, churnWeights);
    }

    /** These parameters with other churn weights. */
    public ModelParameters withChurnWeights(ChurnWeights weights) {
        return new ModelParameters(horizonDays, r, alpha, a, b, riskLines, tierLines, riskHysteresis,
                loyaltyHysteresis, monetaryScale, weights);
    }

    /** These parameters with another horizon. */
    public ModelParameters withHorizonDays(int days) {
        return new ModelParameters(days, r, alpha, a, b, riskLines, tierLines, riskHysteresis, loyaltyHysteresis,
                monetaryScale, churnWeights);
    }

    public ModelParameters {
        if (horizonDays < 1) {
            throw new IllegalArgumentException("horizon must be at least one day");
        }
        if (r <= 0 || alpha <= 0 || a <= 0 || b <= 0) {
            throw new IllegalArgumentException("BG/NBD parameters r, alpha, a, b must be positive");
        }
        if (churnWeights == null) {
            throw new IllegalArgumentException("churn weights are needed");
        }
        if (riskLines.length != 3 || tierLines.length != 3) {
            throw new IllegalArgumentException("three risk lines and three tier lines are needed");
        }
        riskLines = riskLines.clone();
        tierLines = tierLines.clone();
    }

    @Override
    public double[] riskLines() {
        return riskLines.clone();
    }

    @Override
    public double[] tierLines() {
        return tierLines.clone();
    }
}
