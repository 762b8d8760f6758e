package dev.cdyn.bench;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.local.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How long a consumer group takes to read a backlog: from a start the caller chooses (RUNNING, for
 * a Streams application) until the group's committed lag over the topics is zero. The lag is looked
 * at every 20 ms, so the figure is as fine as the commit interval allows; the first zero counts once
 * a second look a commit interval later confirms it.
 */
final class CatchUp {

    private static final long LOOK_MS = 20;
    private static final long CONFIRM_MS = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private CatchUp() {
    }

    /** Seconds from {@code startNanos} until the group has no lag over the topics. */
    static double seconds(Admin admin, String groupId, Collection<String> topics, long startNanos) throws Exception {
        long deadline = startNanos + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ConsumerLag.of(admin, groupId, topics) == 0) {
                long end = System.nanoTime();
                Thread.sleep(CONFIRM_MS);
                if (ConsumerLag.of(admin, groupId, topics) == 0) {
                    return (end - startNanos) / 1e9;
                }
            }
            Thread.sleep(LOOK_MS);
        }
        throw new IllegalStateException(groupId + " did not catch up on " + topics + " within " + TIMEOUT);
    }

    /**
     * The application's seconds from RUNNING until it has read all of its inputs and its
     * repartition topic; its state folder is removed after it.
     */
    static double pipeline(Settings settings) throws Exception {
        try (Admin admin = Admin.create(settings.adminProperties());
             CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            if (!app.awaitRunning(Duration.ofSeconds(60))) {
                throw new IllegalStateException("not running: " + app.streams().state());
            }
            long start = System.nanoTime(); // from RUNNING: start-up is not throughput
            return seconds(admin, settings.getString(Settings.APPLICATION_ID), Topics.consumed(settings), start);
        } finally {
            EmbeddedKafka.deleteQuietly(Path.of(settings.streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG)));
        }
    }
}
