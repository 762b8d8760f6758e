package dev.cdyn.it;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.TopicAdmin;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.demo.RegistryWarmUp;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.local.LocalRegistryProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One real Kafka broker and one real schema registry for all integration tests in this JVM,
 * started on first use and stopped when the JVM ends. The broker checks retention every second,
 * so a topic that would lose old records to time-based retention loses them during the test.
 * Each test takes a scenario of its own: its own topics and application id.
 */
public final class RealCluster {

    private static EmbeddedKafka kafka;
    private static LocalRegistryProcess registry;
    private static final AtomicInteger SCENARIOS = new AtomicInteger();
    private static final List<Path> SCRATCH_FOLDERS = new CopyOnWriteArrayList<>();

    private RealCluster() {
    }

    static synchronized void start() throws Exception {
        if (kafka != null) {
            return;
        }
        kafka = EmbeddedKafka.start(Duration.ofSeconds(60), Map.of("log.retention.check.interval.ms", "1000"));
        registry = LocalRegistryProcess.start(Path.of(System.getProperty("cdyn.registry.jar",
                "../deploy/registry/target/cdyn-registry-runner.jar")), Duration.ofSeconds(90));
        RegistryWarmUp.Result warmUp = RegistryWarmUp.warmUp(registry.confluentApiUrl());
        System.out.printf("registry warmed up in %d rounds (slowest registration of the last: %d ms)%n",
                warmUp.rounds(), warmUp.slowest().toMillis());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            registry.close();
            kafka.close();
            SCRATCH_FOLDERS.forEach(EmbeddedKafka::deleteQuietly);
        }));
    }

    /**
     * A new folder for a test's state or logs, removed with everything in it when the JVM ends
     * (after the broker has stopped), so repeated test runs do not fill the temporary folder.
     */
    static Path scratchFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        SCRATCH_FOLDERS.add(folder);
        return folder;
    }

    static String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    static String registryUrl() {
        return registry.confluentApiUrl();
    }

    /** Settings of a fresh scenario: topics prefixed by its name, created with two partitions. */
    static Settings scenario(String name, Map<String, Object> overrides) throws Exception {
        Settings settings = freshNames(name, overrides);
        try (Admin admin = Admin.create(settings.adminProperties())) {
            TopicAdmin.create(admin, settings, Topics.external(), 2, (short) 1);
        }
        return settings;
    }

    /** Settings of a fresh scenario whose topics do not exist yet: names prefixed by its name. */
    static Settings freshNames(String name, Map<String, Object> overrides) throws Exception {
        String prefix = "it" + SCENARIOS.incrementAndGet() + "-" + name;
        Map<String, Object> config = new HashMap<>();
        config.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers());
        config.put(Settings.SCHEMA_REGISTRY_URL, registryUrl());
        config.put(Settings.APPLICATION_ID, prefix);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.STATE_DIR_CONFIG, scratchFolder("cdyn-it-state-").toString());
        config.putAll(Topics.prefixed(prefix));
        config.putAll(overrides);
        return new Settings(config);
    }

    /**
     * Waits until the application has been RUNNING for {@code quiet} without a change of state, at
     * most {@code timeout}: the first start of an application with several stream threads may
     * rebalance once more when its internal topics have been created.
     */
    static void awaitSettled(CustomerDynamicsApp app, Duration quiet, Duration timeout) throws InterruptedException {
        AtomicLong changedAt = new AtomicLong(System.nanoTime());
        app.onStateChange((now, before) -> changedAt.set(System.nanoTime()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (app.streams().state() == KafkaStreams.State.RUNNING
                    && System.nanoTime() - changedAt.get() >= quiet.toNanos()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The application was not RUNNING for " + quiet + " within " + timeout + ": "
                + app.streams().state());
    }

    /** Waits until the application has read everything there is, at most {@code timeout}. */
    static void awaitCaughtUp(Settings settings, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quietChecks = 0;
        try (Admin admin = Admin.create(settings.adminProperties())) {
            while (System.nanoTime() < deadline) {
                long lag = ConsumerLag.of(admin, settings.getString(Settings.APPLICATION_ID), Topics.consumed(settings));
                quietChecks = lag == 0 ? quietChecks + 1 : 0;
                if (quietChecks >= 3) {
                    return;
                }
                Thread.sleep(500);
            }
        }
        throw new AssertionError("The application did not catch up within " + timeout);
    }

    /** How many input records the application has committed as processed: its committed offsets on the inputs. */
    static long committedInputs(Admin admin, Settings settings) throws Exception {
        Set<String> inputs = Set.copyOf(Topics.inputNames(settings));
        return admin.listConsumerGroupOffsets(settings.getString(Settings.APPLICATION_ID))
                .partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> inputs.contains(e.getKey().topic()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Every committed record of a topic, from the beginning to its current end. */
    static <V> List<ConsumerRecord<String, V>> readAll(Settings settings, String topic, Deserializer<V> values) {
        Properties props = new Properties();
        props.putAll(settings.adminProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props,
                new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
