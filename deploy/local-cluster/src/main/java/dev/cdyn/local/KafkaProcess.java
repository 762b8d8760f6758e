package dev.cdyn.local;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka (KRaft) in a child JVM on fixed loopback ports, which can be
 * stopped, killed and started again on the same ports with the same data: what a test of a broker
 * outage or a crash needs, and {@link EmbeddedKafka} (in this JVM) cannot give. Its log goes to
 * {@code broker.log} in its folder; {@link #close()} kills it and removes the folder.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProcess.class);

    private final Path folder;
    private final Path properties;
    private final int brokerPort;
    private final Map<String, Object> clientSettings;
    private Process process;

    private KafkaProcess(Path folder, Path properties, int brokerPort, Map<String, Object> clientSettings) {
        this.folder = folder;
        this.properties = properties;
        this.brokerPort = brokerPort;
        this.clientSettings = clientSettings;
    }

    /** The node's fixed ports: its plain-text listener, its controller, and a spare one for a listener of a test's choice. */
    public record Ports(int broker, int controller, int spare) {
    }

    /** A formatted node with the usual one-node settings, not started yet. */
    public static KafkaProcess create() throws Exception {
        return create(ports -> Map.of());
    }

    /**
     * A formatted node, not started yet, with broker settings added or changed by {@code settings},
     * given the node's ports (a SASL_SSL listener on the spare one, say).
     */
    public static KafkaProcess create(Function<Ports, Map<String, String>> settings) throws Exception {
        Path folder = Files.createTempDirectory("cdyn-kafka-process-");
        Path data = Files.createDirectories(folder.resolve("data"));
        Ports ports = new Ports(EmbeddedKafka.freePort(), EmbeddedKafka.freePort(), EmbeddedKafka.freePort());
        int brokerPort = ports.broker();
        Properties props = EmbeddedKafka.nodeSettings(data, brokerPort, ports.controller());
        props.putAll(settings.apply(ports));
        EmbeddedKafka.format(data);
        Path properties = folder.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(properties)) {
            props.store(out, "one-node cluster of a test");
        }
        return new KafkaProcess(folder, properties, brokerPort,
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort));
    }

    /** The plain-text listener, for clients and the readiness check. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Starts the broker's JVM (this JVM's class path) and waits until it answers, at most {@code timeout}. */
    public synchronized KafkaProcess start(Duration timeout) throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The broker at " + bootstrapServers() + " is running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("broker.log").toFile()))
                .start();
        Process started = process;
        // A child JVM outlives its parent unless told otherwise.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kafka-process-stop"));
        try {
            EmbeddedKafka.awaitReady(new HashMap<>(clientSettings), timeout);
        } catch (Exception e) {
            started.destroyForcibly();
            throw e;
        }
        LOG.info("Kafka broker process {} ready at {} (folder {})", started.pid(), bootstrapServers(), folder);
        return this;
    }

    /** Stops the broker as an operator would (SIGTERM, a controlled shutdown), at most {@code timeout}. */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("The broker at {} did not stop within {}; killing it", bootstrapServers(), timeout);
            kill();
        }
    }

    /** Kills the broker without a shutdown (SIGKILL), as a crash would. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The broker's own log, for a test that failed. */
    public Path log() {
        return folder.resolve("broker.log");
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            EmbeddedKafka.deleteQuietly(folder);
        }
    }
}
