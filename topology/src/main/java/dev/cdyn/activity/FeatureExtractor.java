package dev.cdyn.activity;

import dev.cdyn.scoring.CustomerFeatures;

/**
 * Reads a customer's activity as of a moment into the models' features: windows of 30 and 90
 * days ending on the as-of day are sums over day buckets, so a silent customer's figures fade as
 * the moment moves on.
 */
public final class FeatureExtractor {

    /** Days of history needed before a monthly baseline is trusted for the engagement trend. */
    static final int MIN_BASELINE_DAYS = 15;

    private FeatureExtractor() {
    }

    public static CustomerFeatures features(CustomerActivity a, long asOf) {
        int today = CustomerActivity.dayOf(asOf);
        int from30 = today - 29;
        int from90 = today - 89;
        long start = a.accountCreatedAt() >= 0 ? Math.min(a.accountCreatedAt(), a.firstSeenAt()) : a.firstSeenAt();
        double tenureDays = days(asOf - start);

        int orders90 = (int) a.sum(Figure.ORDERS_PLACED, from90, today);
        int problems90 = (int) (a.sum(Figure.ORDERS_CANCELLED, from90, today) + a.sum(Figure.ORDERS_RETURNED, from90, today)
                + a.sum(Figure.ORDERS_FAILED, from90, today) + a.sum(Figure.LATE_DELIVERIES, from90, today));

        int interactions30 = (int) interactions(a, from30, today);
        int firstBaselineDay = Math.max(from90, CustomerActivity.dayOf(a.firstSeenAt()));
        int baselineDays = from30 - firstBaselineDay;
        double baseline = baselineDays >= MIN_BASELINE_DAYS
                ? interactions(a, firstBaselineDay, from30 - 1) * 30.0 / baselineDays : 0;

        long sentimentCount = a.sum(Figure.SENTIMENT_COUNT, from90, today);
        long resolved = a.sum(Figure.TICKETS_RESOLVED, from90, today);
        long csatCount = a.sum(Figure.CSAT_COUNT, from90, today);

        int channels = 0;
        channels += a.sum(Figure.CALLS_INBOUND, from90, today) + a.sum(Figure.CALLS_OUTBOUND, from90, today) > 0 ? 1 : 0;
        channels += a.sum(Figure.EMAILS_INBOUND, from90, today) + a.sum(Figure.EMAILS_OUTBOUND, from90, today) > 0 ? 1 : 0;
        channels += a.sum(Figure.MEETINGS, from90, today) > 0 ? 1 : 0;
        channels += orders90 + problems90 > 0 ? 1 : 0;
        channels += a.sum(Figure.TICKETS_OPENED, from90, today) + a.sum(Figure.ESCALATIONS, from90, today)
                + a.sum(Figure.REOPENINGS, from90, today) + resolved > 0 || a.openTicketCount() > 0 ? 1 : 0;

        boolean ordered = a.lifetimeOrders() > 0;
        return new CustomerFeatures(
                tenureDays,
                a.lifetimeOrders(),
                ordered ? days(a.lastOrderAt() - a.firstOrderAt()) : 0,
                ordered ? days(asOf - a.firstOrderAt()) : 0,
                ordered ? days(asOf - a.lastOrderAt()) : Double.NaN,
                (int) a.sum(Figure.ORDERS_PLACED, from30, today),
                orders90,
                a.sum(Figure.ORDER_VALUE_CENTS, from90, today) / 100.0,
                problems90,
                interactions30,
                baseline,
                (int) a.sum(Figure.MEETINGS, from90, today),
                sentimentCount == 0 ? Double.NaN : a.sum(Figure.SENTIMENT_MILLIS, from90, today) / 1000.0 / sentimentCount,
                a.openTicketCount(),
                (int) a.sum(Figure.ESCALATIONS, from90, today),
                (int) a.sum(Figure.REOPENINGS, from90, today),
                resolved == 0 ? Double.NaN : a.sum(Figure.RESOLUTION_HOURS, from90, today) / (double) resolved,
                csatCount == 0 ? Double.NaN : a.sum(Figure.CSAT_SUM, from90, today) / (double) csatCount,
                channels);
    }

    /** Calls, e-mails and meetings: the conversations the customer takes part in. */
    private static long interactions(CustomerActivity a, int fromDay, int toDay) {
        return a.sum(Figure.CALLS_INBOUND, fromDay, toDay) + a.sum(Figure.CALLS_OUTBOUND, fromDay, toDay)
                + a.sum(Figure.EMAILS_INBOUND, fromDay, toDay) + a.sum(Figure.EMAILS_OUTBOUND, fromDay, toDay)
                + a.sum(Figure.MEETINGS, fromDay, toDay);
    }

    private static double days(long ms) {
        return Math.max(0, ms) / (double) CustomerActivity.DAY_MS;
    }
}
