package dev.cdyn.bench;

import dev.cdyn.app.TopicAdmin;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A benchmark's backlog: its settings (topics prefixed by the run's name, so that runs on one broker
 * do not meet; an in-memory registry of the run's own), its topics, created fresh and ready to take
 * writes, and its events, published once before anything reads them.
 */
final class Backlog {

    static final int PARTITIONS = 2;

    private Backlog() {
    }

    /**
     * The application's settings for run {@code name}: topics {@code bench-<name>.*}, registry
     * {@code mock://bench-<name>}, application id {@code bench-<name>}, 100 ms commits for either
     * guarantee, replication factor 1, a fresh state folder.
     */
    private static final String OVERRIDE = "bench.set.";

    static Settings settings(String bootstrapServers, String name, String guarantee) throws IOException {
        String prefix = "bench-" + name;
        Map<String, Object> config = new HashMap<>();
        config.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        config.put(Settings.SCHEMA_REGISTRY_URL, "mock://" + prefix);
        config.put(Settings.APPLICATION_ID, prefix);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        // The same commit interval for both guarantees (exactly-once's default), so that the lag the
        // benchmark watches is committed as often in both; at-least-once's default is 30 s.
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("cdyn-bench-").toString());
        config.putAll(Topics.prefixed(prefix));
        // -Dbench.set.KEY=VALUE tries a setting on the run (e.g. -Dbench.set.num.stream.threads=2).
        System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith(OVERRIDE))
                .forEach(key -> config.put(key.substring(OVERRIDE.length()), System.getProperty(key)));
        return new Settings(config);
    }

    /** Creates every topic of the settings, waits until they take writes, and publishes the events to them. */
    static void publish(Settings settings, List<SimulatedEvent> events) throws Exception {
        createTopics(settings);
        long start = System.nanoTime();
        try (Publisher publisher = new Publisher(settings, 0)) {
            events.forEach(publisher::send);
            publisher.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("published %,d events in %.1f s (%,.0f events/s)%n", events.size(), seconds,
                events.size() / seconds);
    }

    /** Creates every topic of the settings and waits until they take writes. */
    static void createTopics(Settings settings) throws Exception {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            // Returns once every partition has a leader that answers for it (TopicAdmin.awaitLeaders).
            TopicAdmin.create(admin, settings, Topics.external(), PARTITIONS, (short) 1);
        }
    }

    /**
     * The end offsets of every topic on the cluster but Kafka's own, summed per topic: what a run
     * wrote is the difference before and after it (records, and the commit markers of transactions).
     */
    static Map<String, Long> endOffsets(Admin admin) throws ExecutionException, InterruptedException {
        List<String> topics = admin.listTopics().names().get().stream().filter(name -> !name.startsWith("__")).toList();
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<String, Long> offsets = new TreeMap<>();
        admin.listOffsets(partitions).all().get().forEach((partition, info) -> offsets.merge(partition.topic(),
                info.offset(), Long::sum));
        return offsets;
    }
}
