package dev.cdyn.activity;

import dev.cdyn.scoring.CustomerFeatures;
import java.util.Iterator;
import java.util.Map;

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
        return windows(a, CustomerActivity.dayOf(asOf)).features(asOf);
    }

    /** The 30- and 90-day windows ending on a day. */
    static Windows windows(CustomerActivity a, int today) {
        Windows windows = new Windows(a);
        windows.advanceTo(today);
        return windows;
    }

    /**
     * A customer's 30- and 90-day window sums as of a day, for an activity that does not change
     * meanwhile. The features at any moment whose windows hold the same buckets (a review forecast's
     * segment) are these sums with that moment's elapsed times. Moving the windows on adds the
     * buckets that enter and takes out those that leave, so a forecast that moves them across its
     * segments reads each bucket at most three times in all.
     */
    static final class Windows {

        private final CustomerActivity a;
        private final long[] last30 = new long[Figure.ALL.length];
        private final long[] last90 = new long[Figure.ALL.length];
        private final Cursor entering;
        private final Cursor leaving90;
        private final Cursor leaving30;
        private int today = Integer.MIN_VALUE;

        private Windows(CustomerActivity a) {
            this.a = a;
            entering = new Cursor(a);
            leaving90 = new Cursor(a);
            leaving30 = new Cursor(a);
        }

        /** Moves the windows on to end on a later day (the same day leaves them as they are). */
        void advanceTo(int day) {
            if (day < today) {
                throw new IllegalArgumentException("windows move on only: day " + day + " is before " + today);
            }
            for (; entering.day() <= day; entering.next()) {
                add(last90, entering.figures(), 1);
                add(last30, entering.figures(), 1);
            }
            // A bucket leaves only after it entered: its day is before the new end.
            for (; leaving90.day() < day - 89; leaving90.next()) {
                add(last90, leaving90.figures(), -1);
            }
            for (; leaving30.day() < day - 29; leaving30.next()) {
                add(last30, leaving30.figures(), -1);
            }
            today = day;
        }

        private static void add(long[] sums, long[] figures, int sign) {
            for (int i = 0; i < figures.length; i++) {
                sums[i] += sign * figures[i];
            }
        }

        /** The features at a moment on or after the windows' day, before the next bucket would leave them. */
        CustomerFeatures features(long asOf) {
            int today = CustomerActivity.dayOf(asOf);
            if (today < this.today) {
                throw new IllegalArgumentException("features as of day " + today + " from windows of day " + this.today);
            }
            int from30 = today - 29;
            int from90 = today - 89;
            long start = a.accountCreatedAt() >= 0 ? Math.min(a.accountCreatedAt(), a.firstSeenAt()) : a.firstSeenAt();
            double tenureDays = days(asOf - start);
            long[] w90 = last90;
            long[] w30 = last30;

            int orders90 = (int) get(w90, Figure.ORDERS_PLACED);
            int problems90 = (int) (get(w90, Figure.ORDERS_CANCELLED) + get(w90, Figure.ORDERS_RETURNED)
                    + get(w90, Figure.ORDERS_FAILED) + get(w90, Figure.LATE_DELIVERIES));

            int interactions30 = (int) interactions(w30);
            int firstBaselineDay = Math.max(from90, CustomerActivity.dayOf(a.firstSeenAt()));
            int baselineDays = from30 - firstBaselineDay;
            // The baseline's days are the 90-day window without the last 30: no bucket is older than
            // the customer's first event, so its sum is the difference of the two windows.
            double baseline = baselineDays >= MIN_BASELINE_DAYS
                    ? (interactions(w90) - interactions30) * 30.0 / baselineDays : 0;

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
    }

    /** Whether any of the customer's days holds a conversation (call, e-mail or meeting). */
    static boolean hasConversations(CustomerActivity a) {
        for (long[] figures : a.days.values()) {
            if (interactions(figures) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Walks a customer's day buckets in day order; past the last, its day is {@link Integer#MAX_VALUE}. */
    private static final class Cursor {

        private final Iterator<Map.Entry<Integer, long[]>> buckets;
        private Map.Entry<Integer, long[]> current;

        Cursor(CustomerActivity a) {
            buckets = a.days.entrySet().iterator();
            next();
        }

        int day() {
            return current == null ? Integer.MAX_VALUE : current.getKey();
        }

        long[] figures() {
            return current.getValue();
        }

        void next() {
            current = buckets.hasNext() ? buckets.next() : null;
        }
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
