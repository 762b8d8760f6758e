package dev.cdyn.topology;

import static dev.cdyn.topology.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.scores.CustomerScore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same orders, published as their whole lifecycle, as DELIVERED events only or as PLACED events
 * only (with retries), score the same through the whole topology: each order counts once, by order id.
 */
class OrderFeedTopologyTest {

    private static final int[] ORDER_DAYS = {0, 15, 30, 45, 60};

    private TopologyFixture app;
    private TestInputTopic<byte[], OrderEvent> orders;
    private TestInputTopic<byte[], CallEvent> calls;
    private int sequence;

    @BeforeEach
    void start() {
        // Every score is emitted, so that each customer's score as of the same moment can be compared.
        app = new TopologyFixture(Map.of(Settings.EMIT_MIN_RISK_CHANGE, 0.0, Settings.EMIT_MIN_LOYALTY_CHANGE, 0.0));
        orders = app.input(Topics.ORDERS);
        calls = app.input(Topics.CALLS);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static Instant day(double n) {
        return T0.plus(Duration.ofMinutes(Math.round(n * 24 * 60)));
    }

    private void order(String customer, String orderId, OrderStatus status, double day) {
        orders.pipeInput("any".getBytes(StandardCharsets.UTF_8), Events.order(orderId, customer, day(day))
                .setStatus(status).setEventId(orderId + "-" + status + "-" + (++sequence)).build(), day(day));
    }

    /** One call as of the same moment for every customer: each is scored as of that moment. */
    private Map<String, CustomerScore> scoredAtDay(double day, String... customers) {
        for (String customer : customers) {
            calls.pipeInput("any".getBytes(StandardCharsets.UTF_8), Events.call("call-" + customer, customer, day(day))
                    .build(), day(day));
        }
        List<TestRecord<String, CustomerScore>> scores = app.scores().readRecordsToList();
        Map<String, CustomerScore> last = new HashMap<>();
        for (TestRecord<String, CustomerScore> score : scores) {
            if (score.value() != null && score.value().getAsOf().equals(day(day))) {
                last.put(score.key(), score.value());
            }
        }
        return last;
    }

    @Test
    void deliveredOnlyAndPlacedOnlyFeedsScoreLikeTheFullLifecycle() {
        for (int d : ORDER_DAYS) {
            order("full", "full-" + d, OrderStatus.PLACED, d);
            order("full", "full-" + d, OrderStatus.FULFILLED, d + 1);
            order("full", "full-" + d, OrderStatus.DELIVERED, d + 2.5);
            order("delivered", "delivered-" + d, OrderStatus.DELIVERED, d);
            order("placed", "placed-" + d, OrderStatus.PLACED, d);
            order("placed", "placed-" + d, OrderStatus.PLACED, d + 0.01); // the producer retried under a new event id
        }
        Map<String, CustomerScore> scores = scoredAtDay(70, "full", "delivered", "placed");

        CustomerScore full = scores.get("full");
        assertEquals(5.0, full.getFeatures().get("lifetime_orders"));
        assertEquals(600.0, full.getFeatures().get("order_value_90d"), 1e-9);
        for (String feed : List.of("delivered", "placed")) {
            CustomerScore other = scores.get(feed);
            assertEquals(full.getFeatures(), other.getFeatures(), feed);
            assertEquals(full.getChurnRisk(), other.getChurnRisk(), 1e-12, feed);
            assertEquals(full.getLoyalty(), other.getLoyalty(), 1e-12, feed);
            assertEquals(full.getReasons(), other.getReasons(), feed);
        }
    }

    @Test
    void cancelledOrderLeavesTheScoreWithItsProblemOnly() {
        for (int d : ORDER_DAYS) {
            order("kept", "kept-" + d, OrderStatus.PLACED, d);
            order("cancelling", "cancelling-" + d, OrderStatus.PLACED, d);
        }
        order("cancelling", "cancelling-extra", OrderStatus.PLACED, 62);
        order("cancelling", "cancelling-extra", OrderStatus.CANCELLED, 63);
        order("kept", "kept-other", OrderStatus.CANCELLED, 63); // an order never seen: a problem, nothing else
        Map<String, CustomerScore> scores = scoredAtDay(70, "kept", "cancelling");

        assertEquals(scores.get("kept").getFeatures(), scores.get("cancelling").getFeatures());
        assertEquals(5.0, scores.get("kept").getFeatures().get("lifetime_orders"));
        assertEquals(1.0, scores.get("kept").getFeatures().get("order_problems_90d"));
        assertEquals(scores.get("kept").getChurnRisk(), scores.get("cancelling").getChurnRisk(), 1e-12);
    }
}
