package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.Channel;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.topology.Events;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each order counts once, by order id, whatever statuses of it a feed carries and in whatever order. */
class ActivityRecorderTest {

    private static final long DAY = CustomerActivity.DAY_MS;
    private static final long T0 = Customers.NOW;
    private static final double[] ORDER_DAYS = {0, 20, 40, 60};

    private int sequence;

    private void order(CustomerActivity a, String orderId, OrderStatus status, double day) {
        order(a, Events.order(orderId, "c1", at(day)).setStatus(status), day);
    }

    private void order(CustomerActivity a, OrderEvent.Builder event, double day) {
        OrderEvent built = event.setEventId(event.getOrderId() + "-" + event.getStatus() + "-" + (++sequence)).build();
        ActivityRecorder.record(a, Interaction.newBuilder().setCustomerId("c1").setChannel(Channel.ORDER)
                .setEventId(built.getEventId()).setOccurredAt(at(day)).setSourceTopic("cdyn.orders")
                .setSourcePartition(0).setSourceOffset(sequence).setPayload(built).build());
    }

    private static Instant at(double day) {
        return Instant.ofEpochMilli(T0 + Math.round(day * DAY));
    }

    private static CustomerFeatures features(CustomerActivity a, double day) {
        return FeatureExtractor.features(a, at(day).toEpochMilli());
    }

    /** Every order of ORDER_DAYS, each with the given statuses a day apart, the first on the order's day. */
    private CustomerActivity feed(OrderStatus... statuses) {
        CustomerActivity a = new CustomerActivity();
        for (double day : ORDER_DAYS) {
            for (int s = 0; s < statuses.length; s++) {
                order(a, "O-" + (int) day, statuses[s], day + s);
            }
        }
        return a;
    }

    @Test
    void fullLifecycleCountsEachOrderOnceAtItsPlacing() {
        CustomerFeatures f = features(feed(OrderStatus.PLACED, OrderStatus.FULFILLED, OrderStatus.DELIVERED), 70);
        assertEquals(4, f.lifetimeOrders());
        assertEquals(1, f.orders30());
        assertEquals(4, f.orders90());
        assertEquals(480.0, f.orderValue90(), 1e-9);
        assertEquals(60.0, f.daysFirstToLastOrder(), 1e-9, "t_x runs between the placings");
        assertEquals(10.0, f.daysSinceLastOrder(), 1e-9);
        assertEquals(0, f.orderProblems90());
    }

    @Test
    void deliveredOnlyAndPlacedOnlyFeedsCountTheSameOrdersAsTheFullLifecycle() {
        CustomerFeatures full = features(feed(OrderStatus.PLACED, OrderStatus.FULFILLED, OrderStatus.DELIVERED), 70);
        for (OrderStatus only : new OrderStatus[] {OrderStatus.DELIVERED, OrderStatus.PLACED}) {
            CustomerFeatures f = features(feed(only), 70);
            assertEquals(full.lifetimeOrders(), f.lifetimeOrders(), only + " only");
            assertEquals(full.orders30(), f.orders30(), only + " only");
            assertEquals(full.orders90(), f.orders90(), only + " only");
            assertEquals(full.orderValue90(), f.orderValue90(), 1e-9, only + " only");
            assertEquals(full.daysFirstToLastOrder(), f.daysFirstToLastOrder(), 1e-9, only + " only");
        }
    }

    @Test
    void placedRetriedUnderANewEventIdCountsOnce() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-1", OrderStatus.PLACED, 0.01);
        order(a, "O-1", OrderStatus.DELIVERED, 2);
        order(a, "O-1", OrderStatus.DELIVERED, 2.01);
        CustomerFeatures f = features(a, 3);
        assertEquals(1, f.lifetimeOrders());
        assertEquals(1, f.orders90());
        assertEquals(120.0, f.orderValue90(), 1e-9);
    }

    @Test
    void statusesOutOfOrderCountTheOrderAtTheFirstToArrive() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.DELIVERED, 5);
        order(a, "O-1", OrderStatus.PLACED, 2);
        order(a, "O-1", OrderStatus.FULFILLED, 3);
        assertEquals(1, a.lifetimeOrders());
        assertEquals(at(5).toEpochMilli(), a.lastOrderAt());
        int delivered = CustomerActivity.dayOf(at(5).toEpochMilli());
        assertEquals(1, Customers.sum(a, Figure.ORDERS_PLACED, delivered, delivered), "counted in the day of its first event");
        assertEquals(1, Customers.sum(a, Figure.ORDERS_PLACED, 0, Integer.MAX_VALUE));
    }

    @Test
    void cancelledOrderIsNoPurchaseAndCountsAProblem() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-2", OrderStatus.PLACED, 10);
        order(a, "O-2", OrderStatus.CANCELLED, 11);
        order(a, "O-2", OrderStatus.CANCELLED, 11.5); // retried
        CustomerFeatures f = features(a, 12);
        assertEquals(1, f.lifetimeOrders(), "a cancelled order is no purchase for BG/NBD");
        assertEquals(12.0, f.daysSinceLastOrder(), 1e-9, "the last order falls back to the one still standing");
        assertEquals(0.0, f.daysFirstToLastOrder(), 1e-9);
        assertEquals(1, f.orders90());
        assertEquals(120.0, f.orderValue90(), 1e-9);
        assertEquals(1, f.orderProblems90());
    }

    @Test
    void failedOnlyOrderLeavesTheCustomerWithoutOrders() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-1", OrderStatus.FAILED, 1);
        CustomerFeatures f = features(a, 2);
        assertEquals(0, f.lifetimeOrders());
        assertTrue(Double.isNaN(f.daysSinceLastOrder()), "no order yet");
        assertEquals(0, f.orders90());
        assertEquals(0.0, f.orderValue90(), 1e-9);
        assertEquals(1, f.orderProblems90());
    }

    @Test
    void returnedOrderStaysAPurchaseWithoutItsValue() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-2", OrderStatus.PLACED, 1);
        order(a, "O-1", OrderStatus.DELIVERED, 2);
        order(a, "O-1", OrderStatus.RETURNED, 6);
        order(a, "O-1", OrderStatus.RETURNED, 6.5); // retried
        CustomerFeatures f = features(a, 7);
        assertEquals(2, f.lifetimeOrders());
        assertEquals(2, f.orders90());
        assertEquals(120.0, f.orderValue90(), 1e-9, "only O-2's value is left");
        assertEquals(1, f.orderProblems90());
        int placedDay = CustomerActivity.dayOf(at(0).toEpochMilli());
        assertEquals(0, Customers.sum(a, Figure.ORDER_VALUE_CENTS, placedDay, placedDay), "taken from the day it was counted in");
    }

    @Test
    void cancelOfAnOrderNeverSeenCountsTheProblemOnly() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-OLD", OrderStatus.CANCELLED, 1);
        order(a, "O-OLD", OrderStatus.PLACED, 0.5); // its placing arrives later still: the order is already cancelled
        CustomerFeatures f = features(a, 2);
        assertEquals(1, f.lifetimeOrders());
        assertEquals(1, f.orders90());
        assertEquals(120.0, f.orderValue90(), 1e-9);
        assertEquals(1, f.orderProblems90());
    }

    @Test
    void lateDeliveryRetriedIsOneProblem() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, Events.order("O-1", "c1", at(3)).setStatus(OrderStatus.DELIVERED).setDeliveryDelayHours(20), 3);
        order(a, Events.order("O-1", "c1", at(3)).setStatus(OrderStatus.DELIVERED).setDeliveryDelayHours(20), 3);
        assertEquals(1, features(a, 4).orderProblems90());
    }

    @Test
    void pastTheCapTheOldestOrderIsForgotten() {
        CustomerActivity a = new CustomerActivity();
        int orders = CustomerActivity.MAX_REMEMBERED_ORDERS + 1;
        for (int o = 0; o < orders; o++) {
            order(a, "O-" + o, OrderStatus.PLACED, o * 0.01);
        }
        assertEquals(CustomerActivity.MAX_REMEMBERED_ORDERS, a.rememberedOrderCount());
        assertEquals(orders, a.lifetimeOrders());

        order(a, "O-1", OrderStatus.DELIVERED, 3);
        assertEquals(orders, a.lifetimeOrders(), "the second oldest is still remembered");
        order(a, "O-0", OrderStatus.DELIVERED, 3);
        assertEquals(orders + 1, a.lifetimeOrders(), "the oldest was forgotten: its delivery counts it again");
    }

    @Test
    void ordersOfForgottenDaysAreForgottenAndStillBackTheLastOrderTime() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-2", OrderStatus.PLACED, 100);
        a.forgetDaysBefore(CustomerActivity.dayOf(at(100).toEpochMilli()) - 98);
        assertEquals(1, a.rememberedOrderCount());

        order(a, "O-2", OrderStatus.CANCELLED, 101);
        assertEquals(1, a.lifetimeOrders());
        assertEquals(at(0).toEpochMilli(), a.lastOrderAt(), "back to the forgotten order");
        assertEquals(at(0).toEpochMilli(), a.firstOrderAt());

        order(a, "O-1", OrderStatus.RETURNED, 102);
        assertEquals(1, a.lifetimeOrders(), "a status of a forgotten order changes no order figure");
        assertEquals(1, Customers.sum(a, Figure.ORDERS_RETURNED, 0, Integer.MAX_VALUE));
    }

    @Test
    void cancellingTheFirstOrderMovesTheFirstOrderTime() {
        CustomerActivity a = new CustomerActivity();
        order(a, "O-1", OrderStatus.PLACED, 0);
        order(a, "O-2", OrderStatus.PLACED, 5);
        order(a, "O-3", OrderStatus.PLACED, 9);
        order(a, "O-1", OrderStatus.CANCELLED, 9.5);
        assertEquals(at(5).toEpochMilli(), a.firstOrderAt());
        assertEquals(at(9).toEpochMilli(), a.lastOrderAt());
        assertEquals(24_000, Customers.sum(a, Figure.ORDER_VALUE_CENTS, 0, Integer.MAX_VALUE));
    }
}
