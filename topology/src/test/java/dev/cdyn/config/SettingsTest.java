package dev.cdyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.serde.SerdeConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static void assertNamesKey(String key, Map<String, Object> config) {
        ConfigException e = assertThrows(ConfigException.class, () -> new Settings(config));
        assertTrue(e.getMessage().contains(key), () -> "expected '" + key + "' in: " + e.getMessage());
    }

    @Test
    void defaultsAreExactlyOnceClassicProtocolAndExplicitNaming() {
        Properties streams = new Settings(Map.of()).streamsProperties();
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("classic", streams.get(StreamsConfig.GROUP_PROTOCOL_CONFIG));
        assertEquals(true, streams.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG));
        assertEquals("cdyn.dead-letters", streams.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals("lz4", streams.get("producer.compression.type"));
        assertEquals(Settings.PRODUCER_BATCH_BYTES, streams.get("producer.batch.size"));
    }

    @Test
    void aBatchSizeTheUserSetIsKept() {
        assertEquals(null, new Settings(Map.of("batch.size", "32768")).streamsProperties().get("producer.batch.size"));
        assertEquals("131072", new Settings(Map.of("producer.batch.size", "131072")).streamsProperties()
                .get("producer.batch.size"));
    }

    @Test
    void aCompressionTheUserSetIsKept() {
        assertEquals(null, new Settings(Map.of("compression.type", "zstd")).streamsProperties()
                .get("producer.compression.type"));
        assertEquals("none", new Settings(Map.of("producer.compression.type", "none")).streamsProperties()
                .get("producer.compression.type"));
    }

    @Test
    void userSettingsPassThroughToKafka() {
        Properties streams = new Settings(Map.of("security.protocol", "SASL_SSL",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)).streamsProperties();
        assertEquals("SASL_SSL", streams.get("security.protocol"));
        assertEquals(StreamsConfig.AT_LEAST_ONCE, streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void applicationKeysStayOutOfKafkaStreamsSettings() {
        // Streams reads "topic.*" and similar prefixes as settings of its internal topics.
        Properties streams = new Settings(Map.of(Topics.SCORES.setting(), "crm.scores", Settings.GRACE_MS, 1_000L))
                .streamsProperties();
        assertTrue(streams.keySet().stream().noneMatch(key -> key.toString().startsWith("topics.")
                || key.toString().startsWith("events.") || key.toString().startsWith("scoring.")), streams.toString());
    }

    @Test
    void prefixedTopicsRenameEveryTopic() {
        Settings settings = new Settings(Topics.prefixed("copy"));
        assertEquals("copy.calls", settings.topic(Topics.CALLS));
        assertEquals("copy.support-tickets", settings.topic(Topics.SUPPORT_TICKETS));
        assertEquals(11, Topics.prefixed("copy").size());
        assertTrue(Topics.external().stream().allMatch(topic -> settings.topic(topic).startsWith("copy.")));
    }

    @Test
    void topicNamesAreOverridable() {
        Settings settings = new Settings(Map.of(Topics.CALLS.setting(), "crm.calls.v2"));
        assertEquals("crm.calls.v2", settings.topic(Topics.CALLS));
        assertEquals("cdyn.orders", settings.topic(Topics.ORDERS));
    }

    @Test
    void futureToleranceMustStayBelowTheBrokersLimit() {
        assertNamesKey(Settings.MAX_FUTURE_MS, Map.of(Settings.MAX_FUTURE_MS, 3_600_000L));
    }

    @Test
    void dedupRetentionMustCoverTheGrace() {
        assertNamesKey(Settings.DEDUP_RETENTION_MS, Map.of(Settings.DEDUP_RETENTION_MS, 1_000L, Settings.GRACE_MS, 5_000L));
    }

    @Test
    void otherGroupProtocolsAreRefused() {
        assertNamesKey(StreamsConfig.GROUP_PROTOCOL_CONFIG, Map.of(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams"));
    }

    @Test
    void malformedNumberNamesTheKey() {
        assertNamesKey(Settings.GRACE_MS, Map.of(Settings.GRACE_MS, "a day"));
    }

    @Test
    void invalidStreamsSettingNamesTheKey() {
        assertNamesKey(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "maybe_once"));
    }

    @Test
    void invalidSerdeSettingNamesTheKey() {
        assertNamesKey("value.subject.name.strategy", Map.of("value.subject.name.strategy", "Whatever"));
    }

    @Test
    void aWeightThatIsNotAFiniteNumberNamesItsKey() {
        String key = Settings.weightSetting(dev.cdyn.scoring.ChurnTerm.RECENCY);
        assertNamesKey(key, Map.of(key, "NaN"));
        assertNamesKey(Settings.WEIGHT_INTERCEPT, Map.of(Settings.WEIGHT_INTERCEPT, "Infinity"));
    }

    @Test
    void aNegativeWeightOnATermThatGrowsWithSilenceNamesItsKey() {
        String key = Settings.weightSetting(dev.cdyn.scoring.ChurnTerm.ORDER_RHYTHM);
        assertNamesKey(key, Map.of(key, "-0.5"));
    }

    @Test
    void weightSettingsReachTheModel() {
        String key = Settings.weightSetting(dev.cdyn.scoring.ChurnTerm.RECENCY);
        Settings settings = new Settings(Map.of(key, "0.75", Settings.WEIGHT_INTERCEPT, "-1.5"));
        assertEquals(0.75, settings.modelParameters().churnWeights().weight(dev.cdyn.scoring.ChurnTerm.RECENCY));
        assertEquals(-1.5, settings.modelParameters().churnWeights().intercept());
    }

    @Test
    void registryTimingsNotSetAreDerivedToFitHalfTheTransactionTimeout() {
        Settings settings = new Settings(Map.of());
        assertEquals(5_000, settings.registryRequestBudgetMs(), "half of Streams' 10 s under exactly-once");
        SerdeConfig serde = new SerdeConfig(settings.serdeConfig());
        assertTrue(serde.longestRequestMs() <= 5_000, serde.longestRequestMs() + " ms");
        assertTrue(serde.longestRequestMs() > 2_500, "the budget is used, not wasted: " + serde.longestRequestMs());
    }

    @Test
    void aLongerTransactionTimeoutAllowsLongerRegistryRequests() {
        Settings settings = new Settings(Map.of("producer.transaction.timeout.ms", "60000"));
        assertEquals(30_000, settings.registryRequestBudgetMs());
        assertEquals(30_000 / 5, new SerdeConfig(settings.serdeConfig()).connectTimeoutMs());
    }

    @Test
    void atLeastOnceBoundsRegistryRequestsByThePollInterval() {
        Settings settings = new Settings(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                "max.poll.interval.ms", "120000"));
        assertEquals(60_000, settings.registryRequestBudgetMs());
    }

    @Test
    void registryTimingsThatOutlastTheTransactionAreRefusedNamingTheSettings() {
        ConfigException e = assertThrows(ConfigException.class, () -> new Settings(Map.of(
                SerdeConfig.HTTP_READ_TIMEOUT_MS, "60000", SerdeConfig.MAX_RETRIES, "3")));
        for (String named : new String[] {SerdeConfig.HTTP_READ_TIMEOUT_MS, SerdeConfig.MAX_RETRIES,
                SerdeConfig.HTTP_CONNECT_TIMEOUT_MS, "transaction.timeout.ms", "5000 ms"}) {
            assertTrue(e.getMessage().contains(named), named + " in: " + e.getMessage());
        }
    }

    @Test
    void registryTimingsSetWithinTheBudgetAreKept() {
        Settings settings = new Settings(Map.of(SerdeConfig.MAX_RETRIES, "0", SerdeConfig.HTTP_READ_TIMEOUT_MS, "2000"));
        SerdeConfig serde = new SerdeConfig(settings.serdeConfig());
        assertEquals(0, serde.maxRetries());
        assertEquals(2_000, serde.readTimeoutMs());
        assertEquals(1_000, serde.connectTimeoutMs(), "the one not set is derived");
    }
}
