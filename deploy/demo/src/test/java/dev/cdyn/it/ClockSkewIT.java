package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.topology.Events;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer whose clock runs three hours ahead, among producers on time. Its record timestamps are
 * three hours ahead (its topic accepts them, as a topic whose timestamp limit was raised or never
 * set does); the events whose {@code occurredAt} also came from its clock are dead-lettered as from
 * the future, while the events it sends with a true {@code occurredAt} are scored as of then. No
 * score, review or record the application writes is dated in the future.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClockSkewIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClockSkewIT.class);
    private static final Duration SKEW = Duration.ofHours(3);

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    @Test
    void aProducerClockHoursAheadNeitherScoresItsEventsInTheFutureNorMovesOtherCustomersReviews() throws Exception {
        // Reviews every ten minutes, each one emitted: stream time moved ahead would show as scores dated ahead.
        Map<String, Object> overrides = new HashMap<>(Replays.ORDER_INDEPENDENT);
        overrides.put(Settings.REVIEW_INTERVAL_MS, 600_000L);
        Settings settings = RealCluster.scenario("clock-skew", overrides);
        String calls = settings.topic(Topics.CALLS);
        try (Admin admin = Admin.create(settings.adminProperties())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, calls),
                    List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                            String.valueOf(Duration.ofDays(1).toMillis())), AlterConfigOp.OpType.SET)))).all().get();
        }
        Instant start = Instant.now();
        List<SimulatedEvent> onTime = EndToEndIT.simulate(8, 7, start.minus(10, ChronoUnit.MINUTES).toEpochMilli(), 47);
        List<CallEvent> fromItsClock = new ArrayList<>();
        List<CallEvent> trueTimes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fromItsClock.add(Events.call("skewed-" + i, "cust-skewed", start.plus(SKEW).plusSeconds(i)).build());
            trueTimes.add(Events.call("true-time-" + i, "cust-true-time", start.minusSeconds(60 - i)).build());
        }

        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(settings.serdeConfig(), false);
        Instant end;
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start();
             KafkaProducer<String, Object> skewed = new KafkaProducer<>(settings.adminProperties(),
                     new StringSerializer(), avro)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            EndToEndIT.publish(settings, onTime.subList(0, onTime.size() / 2));
            long aheadOfTime = System.currentTimeMillis() + SKEW.toMillis();
            for (CallEvent call : fromItsClock) {
                skewed.send(new ProducerRecord<>(calls, null, aheadOfTime, call.getCustomerId(), call)).get();
            }
            for (CallEvent call : trueTimes) {
                skewed.send(new ProducerRecord<>(calls, null, aheadOfTime, call.getCustomerId(), call)).get();
            }
            EndToEndIT.publish(settings, onTime.subList(onTime.size() / 2, onTime.size()));
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
            Thread.sleep(2_000); // reviews run on the next punctuation: give any a moment to
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(30));
            end = Instant.now();
        }
        Instant latestAllowed = end.plus(settings.maxFuture());

        List<ConsumerRecord<String, byte[]>> letters = RealCluster.readAll(settings,
                settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer());
        assertEquals(Map.of(RejectReason.EVENT_TIME_IN_FUTURE.code(), 3L), letters.stream().collect(Collectors
                .groupingBy(r -> DeadLetters.text(r.headers(), DeadLetters.REASON), Collectors.counting())));
        assertTrue(letters.stream().allMatch(r -> r.timestamp() <= end.toEpochMilli()),
                "dead letters are dated by the clock, not by the skewed producer");

        List<ConsumerRecord<String, CustomerScore>> scores = EndToEndIT.scores(settings);
        Set<String> scored = scores.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertFalse(scored.contains("cust-skewed"), "events from the future are not scored");
        for (ConsumerRecord<String, CustomerScore> score : scores) {
            assertFalse(score.value().getAsOf().isAfter(latestAllowed), "scored as of the future: " + score.value());
            assertTrue(score.timestamp() <= latestAllowed.toEpochMilli(), "a score record dated ahead: " + score);
        }
        CustomerScore trueTime = Replays.finalScores(scores).get("cust-true-time");
        assertEquals(trueTimes.get(2).getOccurredAt(), trueTime.getAsOf(), "scored as of the event's own time");
        List<Interaction> interactions = RestartAndBackfillIT.interactions(settings);
        assertEquals(onTime.size() + trueTimes.size(), interactions.size(), "every event on time is scored");
        assertTrue(RealCluster.readAll(settings, settings.topic(Topics.INTERACTIONS), new ByteArrayDeserializer())
                .stream().allMatch(r -> r.timestamp() <= latestAllowed.toEpochMilli()), "no interaction dated ahead");
        LOG.info("Clock skew: {} events on time and {} from a producer {} ahead ({} with its own clock's occurredAt)"
                + " in; {} dead-lettered, {} interactions, {} scores of {} customers, none dated after {}",
                onTime.size(), fromItsClock.size() + trueTimes.size(), SKEW, fromItsClock.size(), letters.size(),
                interactions.size(), scores.size(), scored.size(), latestAllowed);
    }
}
