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

        // One pass per window over the day buckets: this runs on every interaction.
        long[] w90 = a.sums(from90, today);
        long[] w30 = a.sums(from30, today);

        int orders90 = (int) get(w90, Figure.ORDERS_PLACED);
        int problems90 = (int) (get(w90, Figure.ORDERS_CANCELLED) + get(w90, Figure.ORDERS_RETURNED)
                + get(w90, Figure.ORDERS_FAILED) + get(w90, Figure.LATE_DELIVERIES));

        int interactions30 = (int) interactions(w30);
        int firstBaselineDay = Math.max(from90, CustomerActivity.dayOf(a.firstSeenAt()));
        int baselineDays = from30 - firstBaselineDay;
        double baseline = baselineDays >= MIN_BASELINE_DAYS
                ? interactions(a.sums(firstBaselineDay, from30 - 1)) * 30.0 / baselineDays : 0;

        long sentimentCount = get(w90, Figure.SENTIMENT_COUNT);
        long resolved = get(w90, Figure.TICKETS_RESOLVED);
        long csatCount = get(w90, Figure.CSAT_COUNT);

        int channels = 0;
        channels += get(w90, Figure.CALLS_INBOUND) + get(w90, Figure.CALLS_OUTBOUND) > 0 ? 1 : 0;
        channels += get(w90, Figure.EMAILS_INBOUND) + get(w90, Figure.EMAILS_OUTBOUND) > 0 ? 1 : 0;
        channels += get(w90, Figure.MEETINGS) > 0 ? 1 : 0;
        channels += orders90 + problems90 > 0 ? 1 : 0;
        channels += get(w90, Figure.TICKETS_OPENED) + get(w90, Figure.ESCALATIONS) + get(w90, Figure.REOPENINGS)
                + resolved > 0 || a.openTicketCount() > 0 ? 1 : 0;

        boolean ordered = a.lifetimeOrders() > 0;
        return new CustomerFeatures(
                tenureDays,
                a.lifetimeOrders(),
                ordered ? days(a.lastOrderAt() - a.firstOrderAt()) : 0,
                ordered ? days(asOf - a.firstOrderAt()) : 0,
                ordered ? days(asOf - a.lastOrderAt()) : Double.NaN,
                (int) get(w30, Figure.ORDERS_PLACED),
                orders90,
                get(w90, Figure.ORDER_VALUE_CENTS) / 100.0,
                problems90,
                interactions30,
                baseline,
                (int) get(w90, Figure.MEETINGS),
                sentimentCount == 0 ? Double.NaN : get(w90, Figure.SENTIMENT_MILLIS) / 1000.0 / sentimentCount,
                a.openTicketCount(),
                (int) get(w90, Figure.ESCALATIONS),
                (int) get(w90, Figure.REOPENINGS),
                resolved == 0 ? Double.NaN : get(w90, Figure.RESOLUTION_HOURS) / (double) resolved,
                csatCount == 0 ? Double.NaN : get(w90, Figure.CSAT_SUM) / (double) csatCount,
                channels);
    }

    private static long get(long[] sums, Figure figure) {
        return sums[figure.ordinal()];
    }

    /** Calls, e-mails and meetings: the conversations the customer takes part in. */
    private static long interactions(long[] sums) {
        return get(sums, Figure.CALLS_INBOUND) + get(sums, Figure.CALLS_OUTBOUND) + get(sums, Figure.EMAILS_INBOUND)
                + get(sums, Figure.EMAILS_OUTBOUND) + get(sums, Figure.MEETINGS);
    }

    private static double days(long ms) {
        return Math.max(0, ms) / (double) CustomerActivity.DAY_MS;
    }
}
