package dev.cdyn.training;

import static dev.cdyn.training.OrderHistories.DAY;
import static dev.cdyn.training.OrderHistories.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.Source;
import dev.cdyn.scoring.CustomerFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SelfLabelsTest {

    static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final long CUTOFF = T0 + 200 * DAY;

    @Test
    void featuresAreTakenAsOfTheCutoffAndTheLabelFromTheHorizonAfterIt() {
        List<OrderEvent> orders = new ArrayList<>();
        // A regular who comes back after the cut-off: 3 orders before it, one 30 days after.
        orders.add(order("regular", 0, T0 + 20 * DAY));
        orders.add(order("regular", 1, T0 + 100 * DAY));
        orders.add(order("regular", 2, T0 + 180 * DAY));
        orders.add(order("regular", 3, CUTOFF + 30 * DAY));
        // A one-time buyer who stays quiet; then buys again, but after the horizon.
        orders.add(order("once", 0, T0 + 50 * DAY));
        orders.add(order("once", 1, CUTOFF + 91 * DAY));
        // Only seen after the cut-off: not a customer yet.
        orders.add(order("newcomer", 0, CUTOFF + 10 * DAY));
        // An order exactly at the cut-off counts before it.
        orders.add(order("atCutoff", 0, CUTOFF));

        Map<String, SelfLabels.Sample> samples = byId(SelfLabels.asOf(OrderHistories.history(orders), CUTOFF, 90));

        assertEquals(List.of("atCutoff", "once", "regular"), samples.keySet().stream().sorted().toList());
        CustomerFeatures regular = samples.get("regular").features();
        assertEquals(3, regular.lifetimeOrders());
        assertEquals(160, regular.daysFirstToLastOrder(), 1e-9);
        assertEquals(180, regular.daysSinceFirstOrder(), 1e-9);
        assertEquals(20, regular.daysSinceLastOrder(), 1e-9);
        assertEquals(1, regular.orders30());
        assertFalse(samples.get("regular").quiet(), "ordered 30 days after the cut-off");

        CustomerFeatures once = samples.get("once").features();
        assertEquals(1, once.lifetimeOrders());
        assertEquals(150, once.daysSinceLastOrder(), 1e-9);
        assertTrue(samples.get("once").quiet(), "its next order is after the horizon");

        assertEquals(0, samples.get("atCutoff").features().daysSinceLastOrder(), 1e-9);
        assertTrue(samples.get("atCutoff").quiet());
    }

    @Test
    void aRepeatedEventCountsOnceOnEitherSideOfTheCutoff() {
        OrderEvent first = order("twice-sent", 0, T0 + 10 * DAY);
        OrderEvent afterCutoff = order("twice-sent", 1, CUTOFF + 5 * DAY);
        History history = OrderHistories.history(List.of(first, first, afterCutoff));
        // The same event again, as a retry after the cut-off would bring it: still the one order before it.
        history.add(IngestCheck.envelope(Source.ORDERS, "twice-sent", first.getEventId(), CUTOFF + 5 * DAY, "orders",
                0, 9, first));

        SelfLabels.Sample sample = SelfLabels.asOf(history, CUTOFF, 90).get(0);

        assertEquals(1, sample.features().lifetimeOrders());
        assertFalse(sample.quiet(), "the second order after the cut-off is a new one");
    }

    @Test
    void anOrderCancelledInTheHorizonIsNoOrderAndAnEarlierOneCancelledThereHidesNoNewOne() {
        OrderEvent cancelledLater = OrderHistories.order("comes-back", 0, T0 + 150 * DAY);
        List<OrderEvent> orders = List.of(
                OrderHistories.order("changes-its-mind", 0, T0 + 100 * DAY),
                OrderHistories.order("changes-its-mind", 1, CUTOFF + 10 * DAY),
                withStatus(OrderHistories.order("changes-its-mind", 1, CUTOFF + 11 * DAY), OrderStatus.CANCELLED),
                cancelledLater,
                OrderHistories.order("comes-back", 1, CUTOFF + 20 * DAY),
                withStatus(OrderHistories.order("comes-back", 0, CUTOFF + 30 * DAY), OrderStatus.CANCELLED));

        Map<String, SelfLabels.Sample> samples = byId(SelfLabels.asOf(OrderHistories.history(orders), CUTOFF, 90));

        assertTrue(samples.get("changes-its-mind").quiet(), "its only order in the horizon was cancelled");
        assertFalse(samples.get("comes-back").quiet(), "it ordered in the horizon, whatever became of its old order");
        assertEquals(1, samples.get("comes-back").features().lifetimeOrders(), "as of the cut-off");
    }

    /** Another status of the same order, with its own event id. */
    private static OrderEvent withStatus(OrderEvent order, OrderStatus status) {
        return OrderEvent.newBuilder(order).setStatus(status)
                .setEventId(order.getOrderId() + "-" + status.name().toLowerCase(java.util.Locale.ROOT)).build();
    }

    @Test
    void aCustomerWhoAskedToBeForgottenIsLeftOut() {
        History history = OrderHistories.history(List.of(order("kept", 0, T0), order("forgotten", 0, T0)));
        history.add(IngestCheck.envelope(Source.ACCOUNTS, "forgotten", "erasure:accounts:0:1", T0 + DAY, "accounts", 0,
                1, null));
        history.add(IngestCheck.envelope(Source.ORDERS, "forgotten", "after", T0 + 2 * DAY, "orders", 0, 2,
                order("forgotten", 1, T0 + 2 * DAY)));

        assertEquals(List.of("kept"), SelfLabels.asOf(history, CUTOFF, 90).stream().map(SelfLabels.Sample::customerId)
                .toList());
    }

    private static Map<String, SelfLabels.Sample> byId(List<SelfLabels.Sample> samples) {
        return samples.stream().collect(Collectors.toMap(SelfLabels.Sample::customerId, Function.identity()));
    }
}
