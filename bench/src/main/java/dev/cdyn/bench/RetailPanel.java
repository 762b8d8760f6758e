package dev.cdyn.bench;

import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.ingest.Source;
import dev.cdyn.simulate.SimulatedEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The order history of a retail panel, shaped like the purchase logs that customer-base models are
 * fitted on: first purchases spread evenly over nine months; after it, each customer buys again as
 * a Poisson process at a rate of its own drawn from a gamma distribution (the NBD), so that about
 * two customers in three buy once, the rest come back after gaps of months, and a few buy dozens of
 * times; amounts are log-normal around a level of the customer's own. Orders only, each PLACED once
 * with its own order id and event id, in time order as a backfill publishes them. The same seed
 * gives the same history. Arguments of {@link #main}: customers (default 25,000).
 */
public final class RetailPanel {

    static final long DAY = 86_400_000L;
    /** Nine months. */
    static final int DAYS = 273;
    private static final double MONTH = 365.25 / 12 * DAY;
    // Gamma shape and mean of the repeat-purchase rate: with first purchases uniform over the nine
    // months these give 60–70% one-time buyers, ~2 orders per customer, and a longest history of
    // some 30–50 orders among 25,000 customers (a smaller shape makes the tail heavier).
    private static final double RATE_SHAPE = 0.35;
    private static final double RATE_MEAN_PER_MONTH = 0.222;
    private static final double AMOUNT_MEDIAN = 45.0;
    private static final double CUSTOMER_AMOUNT_SIGMA = 0.6;
    private static final double ORDER_AMOUNT_SIGMA = 0.5;
    private static final OrderChannel[] CHANNELS = {OrderChannel.WEB, OrderChannel.WEB, OrderChannel.WEB,
            OrderChannel.MOBILE_APP, OrderChannel.MOBILE_APP, OrderChannel.MARKETPLACE};

    private final int customers;
    private final long start;
    private final long end;
    private final long seed;

    /** {@code customers} customers, nine months of orders ending at {@code end}. */
    public RetailPanel(int customers, long end, long seed) {
        this.customers = customers;
        this.start = end - DAYS * DAY;
        this.end = end;
        this.seed = seed;
    }

    /** What a history looks like, in one line. */
    public record Shape(int customers, int orders, double oneTimeShare, int maxOrders) {

        public String summary() {
            return String.format(Locale.ROOT, "retail panel: %,d customers, %,d orders (%.2f per customer) over %d days,"
                            + " %.1f%% one-time buyers, at most %d orders for one customer", customers, orders,
                    orders / (double) customers, DAYS, 100 * oneTimeShare, maxOrders);
        }
    }

    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        System.out.println(shape(new RetailPanel(customers, System.currentTimeMillis(), 42).orders()).summary());
    }

    /** Every order, oldest first. */
    public List<SimulatedEvent> orders() {
        List<SimulatedEvent> orders = new ArrayList<>(2 * customers);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i <= customers; i++) {
            customer(String.format(Locale.ROOT, "panel-%06d", i), random.split(), orders);
        }
        orders.sort(Comparator.comparingLong(SimulatedEvent::occurredAt)); // stable: ties keep their order
        return orders;
    }

    private void customer(String customerId, SplittableRandom r, List<SimulatedEvent> orders) {
        double rate = gamma(r, RATE_SHAPE) * RATE_MEAN_PER_MONTH / RATE_SHAPE / MONTH; // repeat orders per ms
        double level = Math.log(AMOUNT_MEDIAN) + CUSTOMER_AMOUNT_SIGMA * r.nextGaussian();
        OrderChannel channel = CHANNELS[r.nextInt(CHANNELS.length)];
        long at = start + r.nextLong(end - start);
        int number = 0;
        while (true) {
            number++;
            String orderId = String.format(Locale.ROOT, "%s-o%03d", customerId, number);
            BigDecimal amount = BigDecimal.valueOf(Math.max(1.0, Math.exp(level + ORDER_AMOUNT_SIGMA * r.nextGaussian())))
                    .setScale(2, RoundingMode.HALF_UP);
            OrderEvent order = OrderEvent.newBuilder().setEventId(orderId + "-placed").setCustomerId(customerId)
                    .setOccurredAt(Instant.ofEpochMilli(at)).setOrderId(orderId).setStatus(OrderStatus.PLACED)
                    .setAmount(amount).setCurrency("EUR").setChannel(r.nextDouble() < 0.8 ? channel
                            : CHANNELS[r.nextInt(CHANNELS.length)]).build();
            // Keyed by customer id, as `cdyn produce` keys every record it publishes.
            orders.add(new SimulatedEvent(Source.ORDERS, customerId, order, at));
            double gap = Math.ceil(-Math.log(1 - r.nextDouble()) / rate); // to the next purchase, if before the end
            if (gap > end - at) {
                return;
            }
            at += (long) gap;
        }
    }

    /** The shape of a history of orders: customers, orders, one-time buyers, the most orders of one customer. */
    public static Shape shape(List<SimulatedEvent> orders) {
        Map<String, Integer> perCustomer = new HashMap<>();
        for (SimulatedEvent event : orders) {
            perCustomer.merge(((OrderEvent) event.value()).getCustomerId(), 1, Integer::sum);
        }
        long oneTime = perCustomer.values().stream().filter(n -> n == 1).count();
        int most = perCustomer.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Shape(perCustomer.size(), orders.size(),
                perCustomer.isEmpty() ? 0 : oneTime / (double) perCustomer.size(), most);
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang; below shape 1 through Gamma(shape + 1). */
    private static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian();
            double v = 1 + c * x;
            if (v > 0) {
                v = v * v * v;
                if (Math.log(r.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                    return d * v;
                }
            }
        }
    }
}
