package dev.cdyn.cli;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.OpsEndpoint;
import dev.cdyn.app.StartupChecks;
import dev.cdyn.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Streams application against a Kafka cluster until stopped (SIGTERM or Ctrl-C stop it gracefully).")
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    SettingsOptions options;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the brokers and the registry before giving up (default ${DEFAULT-VALUE}).")
    int startupTimeoutSeconds;

    @Option(names = "--create-topics", description = "Create every missing topic the application needs, as `cdyn topics` does"
            + " (with the brokers' default replication factor), and wait until they are usable.")
    boolean createTopics;

    /**
     * A stopped process is gone, not restarting in place: it leaves the consumer group as it closes
     * (after its last commit), so that its partitions move to the other instances at once instead of
     * after {@code session.timeout.ms} of silence. The cost falls on rolling restarts with static
     * membership ({@code group.instance.id}): leaving gives up the member's place, so each restart
     * rebalances twice and moves its tasks (and their restore) away and back instead of waiting for it.
     */
    @Override
    public Integer call() throws InterruptedException {
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        Duration timeout = Duration.ofSeconds(startupTimeoutSeconds);
        StartupChecks.awaitBrokers(settings, timeout);
        StartupChecks.awaitRegistry(settings, timeout);
        StartupChecks.requireTopics(settings, createTopics, timeout);

        CountDownLatch stopped = new CountDownLatch(1);
        OpsEndpoint endpoint = settings.httpEnabled() ? OpsEndpoint.bind(settings) : null;
        CustomerDynamicsApp app = new CustomerDynamicsApp(settings,
                endpoint == null ? Map.of() : endpoint.streamsOverrides(settings));
        app.onStateChange((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            LOG.info("Stopping: closing the application gracefully and leaving the consumer group");
            app.closeAndLeaveGroup(CustomerDynamicsApp.CLOSE_TIMEOUT);
            if (endpoint != null) {
                endpoint.close();
            }
            stopped.countDown();
        }, "cdyn-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (endpoint != null) {
            endpoint.start(app);
        }
        app.start();
        stopped.await();
        boolean failed = app.streams().state() == KafkaStreams.State.ERROR;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            app.closeAndLeaveGroup(CustomerDynamicsApp.CLOSE_TIMEOUT);
            if (endpoint != null) {
                endpoint.close();
            }
        } catch (IllegalStateException shuttingDown) {
            // The hook is closing it.
        }
        return failed ? 1 : 0;
    }
}
