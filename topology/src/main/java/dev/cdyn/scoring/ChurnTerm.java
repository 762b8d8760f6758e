package dev.cdyn.scoring;

/**
 * The terms of the churn risk's log-odds other than the intercept, in a fixed order: each is a
 * number computed from the features ({@link ChurnRiskModel#terms}) times its weight
 * ({@link ChurnWeights}), and each product is one reason. The order is the order of a fitted
 * model's weights and of the settings {@code scoring.weights.*}.
 */
public enum ChurnTerm {
    /** logit(P(no purchase within the horizon)) under BG/NBD, from the customer's own orders. */
    ORDER_RHYTHM("order_rhythm", "order-rhythm"),
    /** ln((1 + days since the last order) / (1 + horizon)); without an order, days since first seen. */
    RECENCY("recency", "recency"),
    /** −clamp(ln((interactions_30d + 1) / (baseline + 1)), −2, 2), only with a baseline; else 0. */
    ENGAGEMENT_TREND("engagement_trend", "engagement-trend"),
    /** −sentiment_90d; 0 without sentiment. */
    SENTIMENT("sentiment", "sentiment"),
    /** min(open tickets, 4). */
    OPEN_TICKETS("open_tickets", "open-tickets"),
    /** min(escalations_90d, 4). */
    ESCALATIONS("escalations", "escalations"),
    /** min(reopenings_90d, 4). */
    REOPENED_TICKETS("reopened_tickets", "reopened-tickets"),
    /** 3 − csat_90d; 0 without CSAT. */
    CSAT("csat", "csat"),
    /** problems / (orders + problems) over 90 days; 0 without problems. */
    ORDER_PROBLEMS("order_problems", "order-problems");

    public static final ChurnTerm[] ALL = values();

    private final String reasonCode;
    private final String settingName;

    ChurnTerm(String reasonCode, String settingName) {
        this.reasonCode = reasonCode;
        this.settingName = settingName;
    }

    /** The code of the reason this term gives. */
    public String reasonCode() {
        return reasonCode;
    }

    /**
     * Whether the term grows with silence alone (the order rhythm's P(no purchase) and recency):
     * its weight must not be negative, so that the risk never falls while a customer stays silent.
     * The reviews' forecast ({@code ScoreForecast}) relies on that to find the next review by bisection.
     */
    public boolean growsWithSilence() {
        return this == ORDER_RHYTHM || this == RECENCY;
    }

    /** The last part of its weight's setting, {@code scoring.weights.NAME}. */
    public String settingName() {
        return settingName;
    }
}
