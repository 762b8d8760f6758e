package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.events.Channel;
import dev.cdyn.events.Interaction;
import dev.cdyn.simulate.SimulatedEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances with one standby replica: one in a JVM of its own, killed (SIGKILL) while events
 * stream in, the other in the test's JVM, which takes over the killed one's tasks from its
 * standbys. Nothing is lost or counted twice: every event is one interaction, every customer's
 * order count and final score equal those of one uninterrupted run.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FailoverIT {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverIT.class);

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    private static Set<TaskId> tasks(CustomerDynamicsApp app, Function<ThreadMetadata, Set<TaskMetadata>> which) {
        return app.streams().metadataForLocalThreads().stream().flatMap(thread -> which.apply(thread).stream())
                .map(TaskMetadata::taskId).collect(Collectors.toSet());
    }

    private static void await(String what, Duration timeout, CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(100);
        }
    }

    private interface CheckedCondition {
        boolean holds() throws Exception;
    }

    private static Map<String, Long> ordersPerCustomer(List<Interaction> interactions) {
        return interactions.stream().filter(i -> i.getChannel() == Channel.ORDER)
                .collect(Collectors.groupingBy(Interaction::getCustomerId, Collectors.counting()));
    }

    @Test
    void whenOneInstanceIsKilledTheOtherTakesOverFromItsStandbysWithNothingLostOrTwice() throws Exception {
        Map<String, Object> overrides = CrashRecoveryIT.killable(Replays.ORDER_INDEPENDENT);
        overrides.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        Settings killed = RealCluster.scenario("failover", overrides);
        Map<String, Object> survivorSettings = new HashMap<>(killed.originals());
        survivorSettings.put(StreamsConfig.STATE_DIR_CONFIG, RealCluster.scratchFolder("cdyn-it-state-").toString());
        Settings survivor = new Settings(survivorSettings);
        List<SimulatedEvent> events = EndToEndIT.simulate(20, 60, System.currentTimeMillis(), 23);
        Path folder = RealCluster.scratchFolder("cdyn-it-failover-");

        CompletableFuture<Void> input = null;
        try (ChildApplication other = ChildApplication.start(killed, folder, "killed");
             CustomerDynamicsApp app = new CustomerDynamicsApp(survivor).start();
             Admin admin = Admin.create(survivor.adminProperties())) {
            other.awaitRunning(Duration.ofSeconds(60));
            await("both instances hold active tasks, and this one standbys of the other's", Duration.ofSeconds(90),
                    () -> app.ready() && !tasks(app, ThreadMetadata::activeTasks).isEmpty()
                            && !tasks(app, ThreadMetadata::standbyTasks).isEmpty());
            Set<TaskId> standbys = tasks(app, ThreadMetadata::standbyTasks);
            input = CrashRecoveryIT.stream(survivor, events, Duration.ofSeconds(20));
            long killedAt = CrashRecoveryIT.awaitCommitted(admin, survivor, (long) (0.4 * events.size()),
                    Duration.ofSeconds(60));
            other.kill();
            await("the standbys become active tasks here", Duration.ofSeconds(60),
                    () -> app.ready() && tasks(app, ThreadMetadata::activeTasks).containsAll(standbys));
            input.get(60, TimeUnit.SECONDS);
            RealCluster.awaitCaughtUp(survivor, Duration.ofSeconds(60));
            assertFalse(other.isAlive());
            LOG.info("Failover: {} events in, the other instance killed after {}; standbys taken over: {}",
                    events.size(), killedAt, standbys);
            assertTrue(killedAt < events.size(), "killed mid-stream");
        } finally {
            if (input != null) {
                input.cancel(true);
            }
        }
        Replays.Result uninterrupted = Replays.inDriver(events, Replays.ORDER_INDEPENDENT);
        RestartAndBackfillIT.assertEachEventExactlyOnce(survivor, uninterrupted);
        Map<String, Long> orders = ordersPerCustomer(uninterrupted.interactions());
        assertTrue(orders.values().stream().mapToLong(Long::longValue).sum() > 0, "the input has orders");
        assertEquals(orders, ordersPerCustomer(RestartAndBackfillIT.interactions(survivor)), "orders per customer");
        RestartAndBackfillIT.assertFinalScoresEqual(survivor, uninterrupted);
        LOG.info("Failover: {} orders over {} customers; {}", orders.values().stream().mapToLong(Long::longValue).sum(),
                orders.size(), Replays.written(survivor));
    }
}
