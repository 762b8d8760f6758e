package dev.cdyn.topology;

import dev.cdyn.activity.AtRiskIndex;
import dev.cdyn.activity.ScoringMetrics;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scoring.Band;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static dev.cdyn.topology.Events.day;
import static dev.cdyn.topology.Events.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operations read from the topology: the at-risk index beside the scores, and the counters. */
class OperationsTopologyTest {

    private final List<Long> latencies = new ArrayList<>();
    private TopologyFixture app;
    private TestInputTopic<byte[], OrderEvent> orders;
    private TestInputTopic<byte[], CallEvent> calls;
    private TestInputTopic<byte[], CustomerAccount> accounts;
    private int sequence;

    @BeforeEach
    void start() {
        app = new TopologyFixture(Map.of(ScoringMetrics.LATENCY_OBSERVER, (LongConsumer) latencies::add));
        orders = app.input(Topics.ORDERS);
        calls = app.input(Topics.CALLS);
        accounts = app.input(Topics.ACCOUNTS);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private void order(String customer, double day) {
        orders.pipeInput(key("any"), Events.order("o-" + (++sequence), customer, day(day)).build(), day(day));
    }

    private Map<String, CustomerScore> lastScores() {
        Map<String, CustomerScore> last = new HashMap<>();
        app.scores().readRecordsToList().forEach(r -> last.put(r.key(), r.value()));
        return last;
    }

    private List<KeyValue<Bytes, byte[]>> index() {
        KeyValueStore<Bytes, byte[]> store = app.driver.getKeyValueStore(Names.AT_RISK_INDEX_STORE);
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            all.forEachRemaining(entries::add);
        }
        return entries;
    }

    private double metricTotal(String name, Map<String, String> tags) {
        return app.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && hasTags(e.getKey(), tags))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static boolean hasTags(MetricName name, Map<String, String> tags) {
        return tags.entrySet().stream().allMatch(t -> t.getValue().equals(name.tags().get(t.getKey())));
    }

    @Test
    void theAtRiskIndexHoldsOneEntryPerCustomerAtItsLastScoreRiskiestFirstWithinABand() {
        for (int i = 0; i < 6; i++) {
            order("steady", i * 7);
        }
        order("once", 0);
        order("once", 40); // stream time moves on: the one-order customers drift
        order("twice", 1);
        order("twice", 3);
        calls.pipeInput(key("any"), Events.call("c-1", "steady", day(41)).build(), day(41));

        Map<String, CustomerScore> last = lastScores();
        List<KeyValue<Bytes, byte[]>> entries = index();
        assertEquals(last.size(), entries.size(), "one entry per scored customer");
        for (KeyValue<Bytes, byte[]> entry : entries) {
            CustomerScore score = last.get(AtRiskIndex.customerId(entry.key));
            assertEquals(AtRiskIndex.key(Band.valueOf(score.getRiskBand().name()).ordinal(), score.getChurnRisk(),
                    score.getCustomerId()), entry.key, "the entry of the last emitted score");
            assertEquals(score.getChurnRisk(), AtRiskIndex.churnRisk(entry.key));
        }
        for (int i = 1; i < entries.size(); i++) {
            Bytes before = entries.get(i - 1).key;
            Bytes after = entries.get(i).key;
            if (before.get()[0] == after.get()[0]) {
                assertTrue(AtRiskIndex.churnRisk(before) >= AtRiskIndex.churnRisk(after), "riskiest first in a band");
            }
        }
        for (CustomerScore score : last.values()) {
            Band band = Band.valueOf(score.getRiskBand().name());
            KeyValueStore<Bytes, byte[]> store = app.driver.getKeyValueStore(Names.AT_RISK_INDEX_STORE);
            try (KeyValueIterator<Bytes, byte[]> inBand = store.range(AtRiskIndex.bandStart(band),
                    AtRiskIndex.bandEnd(band))) {
                boolean found = false;
                while (inBand.hasNext()) {
                    found |= AtRiskIndex.customerId(inBand.next().key).equals(score.getCustomerId());
                }
                assertTrue(found, score.getCustomerId() + " in its band's range");
            }
        }
    }

    @Test
    void aForgottenCustomerLeavesTheIndex() {
        order("gone", 0);
        assertEquals(1, index().size());
        accounts.pipeInput(key("gone"), null, day(1));
        assertTrue(index().isEmpty());
    }

    @Test
    void recordsInDeadLettersScoresAndLatencyAreCounted() {
        order("c1", 0);
        order("c1", 2);
        calls.pipeInput(key("any"), Events.call("c-1", "", day(2)).build(), day(2)); // no customer id
        calls.pipeInput(key("any"), Events.call("c-2", "c1", day(3)).build(), day(3));
        order("c1", 30);
        orders.pipeInput(key("any"), Events.order("late", "c1", day(1)).build(), day(1)); // beyond the 7-day grace

        assertEquals(4, metricTotal(IngestCheck.RECORDS_IN + "-total", Map.of(IngestCheck.CHANNEL_TAG, "ORDER")));
        assertEquals(2, metricTotal(IngestCheck.RECORDS_IN + "-total", Map.of(IngestCheck.CHANNEL_TAG, "CALL")));
        assertEquals(1, metricTotal(IngestCheck.DEAD_LETTERED + "-total", Map.of(IngestCheck.CHANNEL_TAG, "CALL",
                IngestCheck.REASON_TAG, "missing-customer-id")));
        assertEquals(1, metricTotal(IngestCheck.DEAD_LETTERED + "-total", Map.of(IngestCheck.CHANNEL_TAG, "ORDER",
                IngestCheck.REASON_TAG, "late")));
        double emitted = app.scores().readRecordsToList().size();
        assertTrue(emitted > 0);
        assertEquals(emitted, metricTotal(ScoringMetrics.SCORES_EMITTED + "-total", Map.of()));
        assertEquals(4, latencies.size(), "every scored interaction, the late one not");
        assertFalse(latencies.stream().anyMatch(ms -> ms < 0));
    }
}
