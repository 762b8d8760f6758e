package dev.cdyn.it;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.simulate.SimulatedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarts and history on a real broker: nothing lost, nothing twice, nothing refused for its age. */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RestartAndBackfillIT {

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    static List<Interaction> interactions(Settings settings) {
        AvroDeserializer<Interaction> values = new AvroDeserializer<>(Interaction.class);
        values.configure(settings.serdeConfig(), false);
        return RealCluster.readAll(settings, settings.topic(Topics.INTERACTIONS), values).stream()
                .map(ConsumerRecord::value).toList();
    }

    static void assertEachEventExactlyOnce(Settings settings, Replays.Result expected) {
        List<Interaction> written = interactions(settings);
        Map<String, Long> copies = written.stream().collect(Collectors.groupingBy(
                i -> i.getChannel() + ":" + i.getEventId(), Collectors.counting()));
        assertEquals(expected.interactions().size(), written.size(), "no interaction lost or written twice");
        assertTrue(copies.values().stream().allMatch(n -> n == 1), "no event twice");
        assertEquals(expected.interactions().stream().map(i -> i.getChannel() + ":" + i.getEventId())
                .collect(Collectors.toSet()), copies.keySet());
    }

    static void assertFinalScoresEqual(Settings settings, Replays.Result expected) {
        Map<String, CustomerScore> actual = Replays.finalScores(EndToEndIT.scores(settings));
        assertEquals(expected.finalScores(), actual);
    }

    @Test
    void gracefulRestartResumesFromCommittedStateWithoutLosingOrRepeating() throws Exception {
        Settings first = RealCluster.scenario("restart", Replays.ORDER_INDEPENDENT);
        List<SimulatedEvent> events = EndToEndIT.simulate(20, 60, System.currentTimeMillis(), 11);
        List<SimulatedEvent> before = events.subList(0, events.size() / 2);
        List<SimulatedEvent> after = events.subList(events.size() / 2, events.size());

        CustomerDynamicsApp firstInstance = new CustomerDynamicsApp(first).start();
        assertTrue(firstInstance.awaitRunning(Duration.ofSeconds(60)));
        EndToEndIT.publish(first, before);
        RealCluster.awaitCaughtUp(first, Duration.ofSeconds(90));
        firstInstance.closeAndLeaveGroup(Duration.ofSeconds(30)); // graceful: commits, then hands over at once
        // A second instance on a fresh state folder: it must restore its stores from the changelogs.
        Map<String, Object> restarted = new HashMap<>(first.originals());
        restarted.put(StreamsConfig.STATE_DIR_CONFIG, RealCluster.scratchFolder("cdyn-it-restart-").toString());
        Settings second = new Settings(restarted);
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(second).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            EndToEndIT.publish(second, after);
            RealCluster.awaitCaughtUp(second, Duration.ofSeconds(90));
        }
        Replays.Result expected = Replays.inDriver(events, Replays.ORDER_INDEPENDENT);
        assertEachEventExactlyOnce(second, expected);
        assertFinalScoresEqual(second, expected);
    }

    @Test
    void backfillOfYearOldHistoryIsScoredAndKept() throws Exception {
        Settings settings = RealCluster.scenario("backfill", Replays.ORDER_INDEPENDENT);
        long yearAndAHalfAgo = Instant.now().minus(Duration.ofDays(540)).toEpochMilli();
        List<SimulatedEvent> history = EndToEndIT.simulate(15, 60, yearAndAHalfAgo, 5);
        // Replayed before the application starts, as a backfill is: it reads a backlog.
        EndToEndIT.publish(settings, history);
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
            Thread.sleep(3_000); // the broker checks retention every second: time-based deletion would show now
        }
        Replays.Result expected = Replays.inDriver(history, Replays.ORDER_INDEPENDENT);
        assertEquals(0, expected.deadLetters());
        assertTrue(RealCluster.readAll(settings, settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer())
                .isEmpty(), "no record refused for its age");
        long calls = history.stream().filter(e -> e.value() instanceof CallEvent).count();
        assertEquals(calls, RealCluster.readAll(settings, settings.topic(Topics.CALLS), new ByteArrayDeserializer())
                .size(), "the input keeps its history");
        assertEachEventExactlyOnce(settings, expected);
        assertFinalScoresEqual(settings, expected);
        CustomerScore any = Replays.finalScores(EndToEndIT.scores(settings)).values().iterator().next();
        assertTrue(any.getAsOf().isBefore(Instant.now().minus(Duration.ofDays(365))), "scored as of its history");
    }
}
