package dev.cdyn.activity;

/** Activities of recognisable customers, built directly (no Kafka), for the state's own tests and measurements. */
public final class Customers {

    static final long DAY = CustomerActivity.DAY_MS;
    public static final long NOW = 1_772_442_000_000L; // 2026-03-02T09:00:00Z

    private Customers() {
    }

    /** 90 days with an order every two weeks, a call a week, an e-mail every few days, a ticket. */
    public static CustomerActivity typical() {
        CustomerActivity a = new CustomerActivity();
        a.accountCreated(NOW - 700 * DAY);
        for (int day = 89; day >= 0; day--) {
            long at = NOW - day * DAY;
            if (day % 14 == 0) {
                a.seen(at);
                a.orderCounted(CustomerActivity.orderKey("ORDER-2026-" + (10_000 + day)), at, 12_000,
                        ActivityRecorder.PLACED | ActivityRecorder.FULFILLED | ActivityRecorder.DELIVERED);
            }
            if (day % 7 == 3) {
                a.seen(at);
                a.add(at, Figure.CALLS_INBOUND, 1);
                a.add(at, Figure.SENTIMENT_COUNT, 1);
                a.add(at, Figure.SENTIMENT_MILLIS, 300);
            }
            if (day % 4 == 1) {
                a.seen(at);
                a.add(at, Figure.EMAILS_INBOUND, 1);
            }
        }
        a.ticketOpened("T-1", NOW - 3 * DAY);
        return a;
    }

    /**
     * Every day of 92 busy: several calls, e-mails, orders (3 to 7 a day, so the newest
     * {@value CustomerActivity#MAX_REMEMBERED_ORDERS} are remembered), problems, tickets, sentiment, CSAT; many open tickets.
     */
    public static CustomerActivity busy() {
        CustomerActivity a = new CustomerActivity();
        a.accountCreated(NOW - 2_000 * DAY);
        for (int day = 91; day >= 0; day--) {
            long at = NOW - day * DAY;
            a.seen(at);
            for (Figure figure : Figure.values()) {
                if (figure != Figure.ORDERS_PLACED && figure != Figure.ORDER_VALUE_CENTS) {
                    a.add(at, figure, 3 + day % 5);
                }
            }
            a.add(at, Figure.SENTIMENT_MILLIS, -2_500);
            for (int o = 0; o < 3 + day % 5; o++) {
                a.seen(at + o * 60_000L);
                a.orderCounted(CustomerActivity.orderKey("ORDER-2026-" + (100_000 + day * 10 + o)), at + o * 60_000L,
                        987_654, ActivityRecorder.PLACED | ActivityRecorder.DELIVERED);
            }
        }
        for (int t = 0; t < CustomerActivity.MAX_OPEN_TICKETS; t++) {
            a.ticketOpened("TICKET-2026-" + (100_000 + t), NOW - t * 3_600_000L);
        }
        return a;
    }

    /** Sum of a figure over the days in [fromDay, toDay], day by day: what the features' windows are checked against. */
    public static long sum(CustomerActivity a, Figure figure, int fromDay, int toDay) {
        long total = 0;
        if (fromDay <= toDay) {
            for (long[] figures : a.days.subMap(fromDay, true, toDay, true).values()) {
                total += figures[figure.ordinal()];
            }
        }
        return total;
    }
}
