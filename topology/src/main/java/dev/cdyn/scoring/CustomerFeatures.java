package dev.cdyn.scoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is known of one customer as of a moment, in the models' terms. Counts over the last 30
 * and 90 days; "baseline" is the customer's own monthly rate over days 31 to 90. A figure the
 * customer gives no evidence for is NaN (no sentiment, no CSAT), and the models treat it as neutral.
 *
 * @param tenureDays          days since the account was created (or the customer was first seen)
 * @param lifetimeOrders      orders ever, each counted once (cancelled and failed ones taken back)
 * @param daysFirstToLastOrder days between the first and the last order (t_x in BG/NBD)
 * @param daysSinceFirstOrder days from the first order to now (T in BG/NBD)
 * @param daysSinceLastOrder  days since the last order, NaN without orders
 * @param orders30            orders in the last 30 days, each counted once
 * @param orders90            orders in the last 90 days, each counted once
 * @param orderValue90        value of those orders
 * @param orderProblems90     cancelled, returned or failed orders and late deliveries in 90 days
 * @param interactions30      calls, e-mails, meetings and ticket events in the last 30 days
 * @param interactionsBaseline the customer's monthly rate of those over days 31 to 90
 * @param meetings90          meetings in the last 90 days
 * @param sentiment90         mean sentiment in 90 days, NaN without any
 * @param openTickets         tickets opened or reopened and not resolved
 * @param escalations90       escalations in 90 days
 * @param reopenings90        reopenings in 90 days
 * @param resolutionHours90   mean hours from opening to resolution of tickets resolved in 90 days, NaN without
 * @param csat90              mean CSAT (1 to 5) in 90 days, NaN without
 * @param channels90          distinct channels used in 90 days (calls, e-mails, meetings, orders, tickets)
 */
public record CustomerFeatures(
        double tenureDays,
        int lifetimeOrders,
        double daysFirstToLastOrder,
        double daysSinceFirstOrder,
        double daysSinceLastOrder,
        int orders30,
        int orders90,
        double orderValue90,
        int orderProblems90,
        int interactions30,
        double interactionsBaseline,
        int meetings90,
        double sentiment90,
        int openTickets,
        int escalations90,
        int reopenings90,
        double resolutionHours90,
        double csat90,
        int channels90) {

    /** The snapshot written with every score, by stable names. NaN figures are left out. */
    public Map<String, Double> snapshot() {
        Map<String, Double> figures = new LinkedHashMap<>(32); // 19 figures at most, without growing
        put(figures, "tenure_days", tenureDays);
        put(figures, "lifetime_orders", lifetimeOrders);
        put(figures, "days_first_to_last_order", daysFirstToLastOrder);
        put(figures, "days_since_first_order", daysSinceFirstOrder);
        put(figures, "days_since_last_order", daysSinceLastOrder);
        put(figures, "orders_30d", orders30);
        put(figures, "orders_90d", orders90);
        put(figures, "order_value_90d", orderValue90);
        put(figures, "order_problems_90d", orderProblems90);
        put(figures, "interactions_30d", interactions30);
        put(figures, "interactions_baseline_per_30d", interactionsBaseline);
        put(figures, "meetings_90d", meetings90);
        put(figures, "sentiment_90d", sentiment90);
        put(figures, "open_tickets", openTickets);
        put(figures, "escalations_90d", escalations90);
        put(figures, "reopenings_90d", reopenings90);
        put(figures, "resolution_hours_90d", resolutionHours90);
        put(figures, "csat_90d", csat90);
        put(figures, "channels_90d", channels90);
        return figures;
    }

    private static void put(Map<String, Double> figures, String name, double value) {
        if (!Double.isNaN(value)) {
            figures.put(name, value);
        }
    }
}
