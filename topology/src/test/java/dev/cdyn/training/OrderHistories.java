package dev.cdyn.training;

import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Order histories shaped like a retail panel, drawn from the BG/NBD story: first orders spread over
 * the first {@code firstOrderDays} of the history; after it each customer buys at a Poisson rate
 * λ ~ Gamma(r, α) per day and, after each repeat order, leaves with a probability p ~ Beta(a, b).
 * Orders only, each PLACED once with its own order and event id. The same seed gives the same orders.
 */
public final class OrderHistories {

    public static final long DAY = 86_400_000L;

    private OrderHistories() {
    }

    public static List<OrderEvent> orders(int customers, int days, int firstOrderDays, long end, double[] population,
                                          long seed) {
        RandomDataGenerator random = new RandomDataGenerator(seed);
        long start = end - days * DAY;
        List<OrderEvent> orders = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String customer = String.format(Locale.ROOT, "c-%05d", c);
            double rate = random.nextGamma(population[0], 1 / population[1]);
            double leave = random.nextBeta(population[2], population[3]);
            double t = random.nextUniform(0, firstOrderDays);
            int n = 0;
            while (t < days) {
                orders.add(order(customer, n++, start + (long) (t * DAY)));
                if (n > 1 && random.nextUniform(0, 1) < leave) {
                    break;
                }
                t += random.nextExponential(1 / rate);
            }
        }
        return orders;
    }

    public static OrderEvent order(String customer, int n, long at) {
        String id = customer + "-o" + n;
        return OrderEvent.newBuilder().setEventId(id + "-placed").setCustomerId(customer)
                .setOccurredAt(Instant.ofEpochMilli(at)).setOrderId(id).setStatus(OrderStatus.PLACED)
                .setAmount(new BigDecimal("42.50")).setCurrency("EUR").setChannel(OrderChannel.WEB)
                .setDeliveryDelayHours(null).build();
    }

    public static History history(List<OrderEvent> orders) {
        History history = new History();
        long offset = 0;
        for (OrderEvent order : orders) {
            history.add(IngestCheck.envelope(Source.ORDERS, order.getCustomerId(), order.getEventId(),
                    order.getOccurredAt().toEpochMilli(), "orders", 0, offset++, order));
        }
        return history;
    }
}
