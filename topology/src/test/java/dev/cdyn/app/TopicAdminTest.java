package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** What a topic on the cluster must look like, against the registry's declarations. */
class TopicAdminTest {

    private static Config config(String... keyValues) {
        List<ConfigEntry> entries = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            entries.add(new ConfigEntry(keyValues[i], keyValues[i + 1]));
        }
        return new Config(entries);
    }

    @Test
    void anInputAsDeclaredHasNoDrift() {
        assertEquals(List.of(), TopicAdmin.configDrift("cdyn.orders", Topics.ORDERS,
                config("cleanup.policy", "delete", "retention.ms", "-1", "message.timestamp.type", "CreateTime")));
    }

    @Test
    void timeBasedRetentionOnAnInputWouldEatABackfill() {
        List<TopicAdmin.Drift> drift = TopicAdmin.configDrift("cdyn.orders", Topics.ORDERS,
                config("cleanup.policy", "delete", "retention.ms", "604800000"));
        assertEquals(1, drift.size(), drift.toString());
        assertTrue(drift.get(0).problem().contains("backfill"), drift.toString());
    }

    @Test
    void aScoresTopicThatIsNotCompactedDrifts() {
        List<TopicAdmin.Drift> drift = TopicAdmin.configDrift("cdyn.scores", Topics.SCORES,
                config("cleanup.policy", "delete", "retention.ms", "-1"));
        assertEquals("cdyn.scores: cleanup.policy=delete, declared compact", drift.get(0).toString());
    }

    @Test
    void compactingAnEventTopicDrifts() {
        List<TopicAdmin.Drift> drift = TopicAdmin.configDrift("cdyn.calls", Topics.CALLS,
                config("cleanup.policy", "compact", "retention.ms", "-1"));
        assertTrue(drift.get(0).problem().contains("would drop records that share a key"), drift.toString());
    }

    @Test
    void brokerTimestampsDrift() {
        List<TopicAdmin.Drift> drift = TopicAdmin.configDrift("cdyn.alerts", Topics.ALERTS,
                config("retention.ms", "-1", "message.timestamp.type", "LogAppendTime"));
        assertEquals("cdyn.alerts: message.timestamp.type=LogAppendTime, declared CreateTime", drift.get(0).toString());
    }

    @Test
    void requestsCarryTheDeclaredConfigsAndTheLayout() {
        List<NewTopic> requests = TopicAdmin.requests(new Settings(Map.of()), List.of(Topics.SCORES),
                new TopicAdmin.Layout(6, (short) 3, 2));
        NewTopic scores = requests.get(0);
        assertEquals("cdyn.scores", scores.name());
        assertEquals(6, scores.numPartitions());
        assertEquals(3, scores.replicationFactor());
        assertEquals(Map.of("cleanup.policy", "compact", "message.timestamp.type", "CreateTime",
                "min.insync.replicas", "2"), scores.configs());
    }

    @Test
    void aLayoutRefusesImpossibleNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new TopicAdmin.Layout(0, (short) -1, null));
        assertThrows(IllegalArgumentException.class, () -> new TopicAdmin.Layout(6, (short) 0, null));
        assertThrows(IllegalArgumentException.class, () -> new TopicAdmin.Layout(6, (short) 2, 3));
    }

    @Test
    void coPartitionedTopicsAreThoseKeyedByCustomerOnlyWhenInputsArePartitionedByCustomer() {
        assertEquals(List.of(), Topics.coPartitioned(new Settings(Map.of())));
        var topics = Topics.coPartitioned(new Settings(Map.of(Settings.INPUTS_PARTITIONED_BY_CUSTOMER, true)));
        assertTrue(topics.containsAll(Topics.INPUTS), topics.toString());
        assertTrue(topics.containsAll(List.of(Topics.INTERACTIONS, Topics.SCORES, Topics.ALERTS)), topics.toString());
        assertFalse(topics.contains(Topics.DEAD_LETTERS), "dead letters keep the rejected record's key");
    }
}
