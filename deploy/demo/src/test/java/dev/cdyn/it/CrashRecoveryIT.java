package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.config.Settings;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application in a JVM of its own, killed with SIGKILL three times while events stream in (no
 * shutdown hook, no last commit, a transaction left open), and started again on the same state
 * folder each time. Exactly-once means the kills leave no trace: every event becomes one
 * interaction, and every customer's final score equals that of a run without kills over the same
 * events.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);

    /** Where the kills fall: after these shares of the input were committed as processed. */
    private static final double[] KILL_POINTS = {0.2, 0.45, 0.7};
    /** How long the input takes to arrive: longer than three restarts, so that each kill falls while events stream in. */
    private static final Duration STREAMING = Duration.ofSeconds(40);

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    /**
     * Settings for instances that come and go without leaving the group: a dead member's partitions
     * move after its session times out, the shortest the broker allows instead of 45 s.
     */
    static Map<String, Object> killable(Map<String, Object> base) {
        Map<String, Object> settings = new HashMap<>(base);
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        return settings;
    }

    /** Sends the events at a pace that spreads them over {@code duration}, in a thread of its own. */
    static CompletableFuture<Void> stream(Settings settings, List<SimulatedEvent> events, Duration duration) {
        double rate = events.size() / (double) duration.toSeconds();
        return CompletableFuture.runAsync(() -> {
            try (Publisher publisher = new Publisher(settings, rate)) {
                events.forEach(publisher::send);
                publisher.flush();
            }
        });
    }

    /** Waits until the application has committed at least {@code records} input records as processed. */
    static long awaitCommitted(Admin admin, Settings settings, long records, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long committed;
        while ((committed = RealCluster.committedInputs(admin, settings)) < records) {
            assertTrue(System.nanoTime() < deadline, "only " + committed + " of " + records + " records committed");
            Thread.sleep(50);
        }
        return committed;
    }

    @Test
    void killedThreeTimesMidStreamItScoresEveryCustomerAsAnUninterruptedRunDoes() throws Exception {
        Settings settings = RealCluster.scenario("crash", killable(Replays.ORDER_INDEPENDENT));
        List<SimulatedEvent> events = EndToEndIT.simulate(20, 60, System.currentTimeMillis(), 17);
        Path folder = RealCluster.scratchFolder("cdyn-it-crash-");
        List<Long> killedAt = new ArrayList<>();
        CompletableFuture<Void> input = stream(settings, events, STREAMING);
        try (Admin admin = Admin.create(settings.adminProperties())) {
            for (int run = 0; run < KILL_POINTS.length; run++) {
                try (ChildApplication app = ChildApplication.start(settings, folder, "run-" + run)) {
                    app.awaitRunning(Duration.ofSeconds(60));
                    killedAt.add(awaitCommitted(admin, settings, (long) (KILL_POINTS[run] * events.size()),
                            Duration.ofSeconds(60)));
                    app.kill();
                }
            }
            try (ChildApplication app = ChildApplication.start(settings, folder, "last")) {
                app.awaitRunning(Duration.ofSeconds(60));
                input.get(60, TimeUnit.SECONDS);
                RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(60));
                app.stop();
            }
        } finally {
            input.cancel(true);
        }
        assertTrue(killedAt.get(0) < killedAt.get(1) && killedAt.get(1) < killedAt.get(2)
                && killedAt.get(2) < events.size(), "three kills at three points before the end: " + killedAt);
        Replays.Result uninterrupted = Replays.inDriver(events, Replays.ORDER_INDEPENDENT);
        assertEquals(20, uninterrupted.finalScores().size());
        RestartAndBackfillIT.assertEachEventExactlyOnce(settings, uninterrupted);
        RestartAndBackfillIT.assertFinalScoresEqual(settings, uninterrupted);
        LOG.info("Crash: {} events in, killed after {} of them were committed; {}", events.size(), killedAt,
                Replays.written(settings));
    }
}
