package dev.cdyn.it;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.Source;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.topology.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;

/** What the topology computes for a list of events in the test driver: the reference for the real runs. */
final class Replays {

    /**
     * Settings under which the final scores do not depend on processing order or stream time: a real
     * cluster reads a customer's events from several partitions and tasks, so they meet in another
     * order than in the driver's single partition. A grace longer than the simulated history means
     * nothing is late; reviews are off (they follow stream time, which differs per task); every
     * change is emitted, so the last score is the score of all the customer's events; and no
     * hysteresis, since a level reached with hysteresis depends on the path that led to it.
     */
    static final Map<String, Object> ORDER_INDEPENDENT = Map.of(
            Settings.RISK_HYSTERESIS, 0.0,
            Settings.LOYALTY_HYSTERESIS, 0.0,
            Settings.GRACE_MS, 100L * 86_400_000L,
            Settings.DEDUP_RETENTION_MS, 120L * 86_400_000L,
            Settings.REVIEW_INTERVAL_MS, 3650L * 86_400_000L,
            Settings.EMIT_MIN_RISK_CHANGE, 0.0,
            Settings.EMIT_MIN_LOYALTY_CHANGE, 0.0);

    record Result(Map<String, CustomerScore> finalScores, List<Interaction> interactions, int deadLetters) {
    }

    private Replays() {
    }

    static Result inDriver(List<SimulatedEvent> events, Map<String, Object> settings) {
        try (TopologyFixture driver = new TopologyFixture(new HashMap<>(settings))) {
            Map<Source, TestInputTopic<byte[], Object>> inputs = new EnumMap<>(Source.class);
            for (Source source : Source.values()) {
                inputs.put(source, driver.input(source.topic()));
            }
            Instant now = Instant.now();
            for (SimulatedEvent event : events) {
                inputs.get(event.source()).pipeInput(new TestRecord<>(event.key().getBytes(StandardCharsets.UTF_8),
                        event.value(), now));
            }
            Map<String, CustomerScore> finals = new LinkedHashMap<>();
            driver.scores().readRecordsToList().forEach(record -> finals.put(record.key(), record.value()));
            return new Result(finals, driver.interactions().readValuesToList(), driver.rawDeadLetters().readRecordsToList().size());
        }
    }

    /** What a run on a real cluster wrote: interactions, dead letters and customers scored, for the test's log. */
    static String written(Settings settings) {
        return RestartAndBackfillIT.interactions(settings).size() + " interactions, "
                + RealCluster.readAll(settings, settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer()).size()
                + " dead letters, " + finalScores(EndToEndIT.scores(settings)).size() + " customers scored";
    }

    static Map<String, CustomerScore> finalScores(List<ConsumerRecord<String, CustomerScore>> records) {
        Map<String, CustomerScore> finals = new LinkedHashMap<>();
        records.forEach(record -> finals.put(record.key(), record.value()));
        return finals;
    }
}
