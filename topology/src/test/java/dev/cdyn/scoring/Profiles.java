package dev.cdyn.scoring;

/** Features of recognisable customers, for the models' tests. Every field is spelled out once here. */
final class Profiles {

    private Profiles() {
    }

    /** Two years a customer, an order every ~15 days up to 10 days ago, warm and untroubled. */
    static CustomerFeatures steady() {
        return new CustomerFeatures(730, 48, 705, 715, 10, 2, 6, 1800, 0, 6, 6, 1, 0.4, 0, 0, 0, 4, 4.6, 5);
    }

    /** The same start, but slowing: last order 70 days ago, fewer conversations, sour, escalated. */
    static CustomerFeatures driftingAway() {
        return new CustomerFeatures(730, 40, 660, 730, 70, 0, 1, 150, 3, 1, 6, 0, -0.5, 2, 2, 1, 60, 2.0, 4);
    }

    /** Only orders, nothing else: no calls, e-mails, meetings, tickets or sentiment. */
    static CustomerFeatures ordersOnly(int orders90, double daysSinceLastOrder) {
        return new CustomerFeatures(400, 20, 380, 400 - 20 + daysSinceLastOrder, daysSinceLastOrder, orders90 / 3,
                orders90, orders90 * 100.0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, Double.NaN, Double.NaN, 1);
    }

    /** One order, {@code daysAgo} days ago, and nothing since. */
    static CustomerFeatures oneTimeBuyer(double daysAgo) {
        return new CustomerFeatures(daysAgo, 1, 0, daysAgo, daysAgo, daysAgo <= 30 ? 1 : 0, daysAgo <= 90 ? 1 : 0,
                daysAgo <= 90 ? 100 : 0, 0, 0, 0, 0, Double.NaN, 0, 0, 0, Double.NaN, Double.NaN, daysAgo <= 90 ? 1 : 0);
    }
}
