package dev.cdyn.scoring;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

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

    /** Every component is a figure of the snapshot. */
    private static final int FIGURES = CustomerFeatures.class.getRecordComponents().length;

    /**
     * The snapshot written with every score, by stable names, in a fixed order. NaN figures are left
     * out. Read-only, and made of two arrays rather than a hash map of boxed numbers: one is made
     * for every emitted score, and read once, in order, when the score is written.
     */
    public Map<String, Double> snapshot() {
        Snapshot figures = new Snapshot(FIGURES);
        figures.add("tenure_days", tenureDays);
        figures.add("lifetime_orders", lifetimeOrders);
        figures.add("days_first_to_last_order", daysFirstToLastOrder);
        figures.add("days_since_first_order", daysSinceFirstOrder);
        figures.add("days_since_last_order", daysSinceLastOrder);
        figures.add("orders_30d", orders30);
        figures.add("orders_90d", orders90);
        figures.add("order_value_90d", orderValue90);
        figures.add("order_problems_90d", orderProblems90);
        figures.add("interactions_30d", interactions30);
        figures.add("interactions_baseline_per_30d", interactionsBaseline);
        figures.add("meetings_90d", meetings90);
        figures.add("sentiment_90d", sentiment90);
        figures.add("open_tickets", openTickets);
        figures.add("escalations_90d", escalations90);
        figures.add("reopenings_90d", reopenings90);
        figures.add("resolution_hours_90d", resolutionHours90);
        figures.add("csat_90d", csat90);
        figures.add("channels_90d", channels90);
        return figures;
    }

    /**
     * Names and figures added in order, a figure that is NaN left out; read-only as a map, and by
     * position for a writer that would rather not box every figure.
     */
    public static final class Snapshot extends AbstractMap<String, Double> {

        private final String[] names;
        private final double[] figures;
        private int size;

        Snapshot(int capacity) {
            this.names = new String[capacity];
            this.figures = new double[capacity];
        }

        void add(String name, double figure) {
            if (!Double.isNaN(figure)) {
                names[size] = name;
                figures[size++] = figure;
            }
        }

        @Override
        public int size() {
            return size;
        }

        /** The name of the figure at this position (0 to {@link #size()} − 1). */
        public String name(int position) {
            return names[Objects.checkIndex(position, size)];
        }

        /** The figure at this position (0 to {@link #size()} − 1). */
        public double figure(int position) {
            return figures[Objects.checkIndex(position, size)];
        }

        @Override
        public Double get(Object name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return figures[i];
                }
            }
            return null;
        }

        @Override
        public boolean containsKey(Object name) {
            return get(name) != null;
        }

        @Override
        public Set<Entry<String, Double>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, Double>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Double> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, Double> entry = new SimpleImmutableEntry<>(names[next], figures[next]);
                            next++;
                            return entry;
                        }
                    };
                }
            };
        }
    }
}
