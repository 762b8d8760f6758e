package dev.cdyn.demo;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.OpsEndpoint;
import dev.cdyn.app.TopicAdmin;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.local.LocalRegistryProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the demo runs on this machine, started in order and closed in reverse: a broker in
 * this JVM, the schema registry beside it (or another registry), the topics, and the application,
 * with their data in one temporary folder that closing removes.
 */
final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path work;
    private Settings settings;
    private Admin admin;
    private CustomerDynamicsApp app;
    private String bootstrapServers;
    private String registryUrl;
    private String endpointUrl;

    private LocalStack() throws IOException {
        this.work = Files.createTempDirectory("cdyn-demo-");
    }

    /**
     * Starts it all; {@code registry} is 'local' (the registry of deploy/registry as a child
     * process), 'memory', or the URL of a running registry.
     */
    static LocalStack start(String registry) throws Exception {
        LocalStack stack = new LocalStack();
        try {
            stack.startAll(registry);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(String registry) throws Exception {
        // The registry boots in its own JVM while the broker starts in this one.
        CompletableFuture<LocalRegistryProcess> registryStart = registry.equals("local")
                ? CompletableFuture.supplyAsync(LocalStack::startRegistry) : CompletableFuture.completedFuture(null);
        EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60));
        started.push(kafka);
        LocalRegistryProcess registryProcess = registryStart.join();
        if (registryProcess != null) {
            started.push(registryProcess);
            // Before the simulator and the application register their schemas on a registry that has compiled nothing yet.
            RegistryWarmUp.Result warmUp = RegistryWarmUp.warmUp(registryProcess.confluentApiUrl());
            if (!warmUp.warm()) {
                LOG.warn("The schema registry still took {} ms to register a schema after {} rounds of warming up",
                        warmUp.slowest().toMillis(), warmUp.rounds());
            }
        }
        bootstrapServers = kafka.bootstrapServers();
        registryUrl = registryProcess != null ? registryProcess.confluentApiUrl()
                : registry.equals("memory") ? "mock://cdyn-demo" : registry;
        settings = new Settings(demoSettings());
        admin = Admin.create(settings.adminProperties());
        started.push(admin);
        TopicAdmin.create(admin, settings, Topics.external(), 2, (short) 1);
    }

    private Map<String, Object> demoSettings() {
        Map<String, Object> config = new HashMap<>();
        config.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        config.put(Settings.SCHEMA_REGISTRY_URL, registryUrl);
        config.put(Settings.APPLICATION_ID, "cdyn-demo");
        config.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // The simulation runs months of history in about a minute: a tenth of a second between two
        // topics is days of event time, so the demo allows events to be two months late.
        // The endpoint on loopback and any free port, as the broker and the registry.
        config.put(Settings.HTTP_BIND_ADDRESS, "127.0.0.1");
        config.put(Settings.HTTP_PORT, 0);
        config.put(Settings.GRACE_MS, Duration.ofDays(60).toMillis());
        config.put(Settings.DEDUP_RETENTION_MS, Duration.ofDays(90).toMillis());
        return config;
    }

    /** Starts the application and waits until it is running. */
    CustomerDynamicsApp startApplication() throws InterruptedException {
        OpsEndpoint endpoint = OpsEndpoint.bind(settings);
        started.push(endpoint);
        app = new CustomerDynamicsApp(settings, endpoint.streamsOverrides(settings));
        endpoint.start(app);
        app.start();
        started.push(app);
        endpointUrl = endpoint.url();
        if (!app.awaitRunning(Duration.ofSeconds(60))) {
            throw new IllegalStateException("The application did not start: " + app.streams().state());
        }
        return app;
    }

    private static LocalRegistryProcess startRegistry() {
        try {
            return LocalRegistryProcess.start(Path.of(System.getProperty("cdyn.registry.jar",
                    "deploy/registry/target/cdyn-registry-runner.jar")), Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the schema registry", e);
        }
    }

    Settings settings() {
        return settings;
    }

    Admin admin() {
        return admin;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** The application's HTTP endpoint. */
    String endpointUrl() {
        return endpointUrl;
    }

    String registryUrl() {
        return registryUrl;
    }

    /** Closes what was started, last first, and removes the data folder. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("Could not close part of the demo; closing the rest: {}", e.toString());
            }
        }
        EmbeddedKafka.deleteQuietly(work);
    }
}
