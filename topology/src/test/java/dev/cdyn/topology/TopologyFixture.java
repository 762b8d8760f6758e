package dev.cdyn.topology;

import dev.cdyn.activity.ScoringMetrics;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.serde.InMemorySchemaRegistry;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The topology in a {@link TopologyTestDriver} over its own in-memory registry, with typed handles
 * on every topic. Producers' serializers share the registry, as real producers share one.
 */
public final class TopologyFixture implements AutoCloseable {

    public final Settings settings;
    public final TopologyTestDriver driver;
    private final String scope = "topology-test-" + UUID.randomUUID();
    private final Path stateDir = newStateDir();
    private final RegistryAvroSerdes serdes;

    public TopologyFixture() {
        this(Map.of());
    }

    /**
     * The topology with a clock that never bounds event times: here a record's timestamp stands for
     * the broker's time, and is the reference for events from the future ({@code Validation#reference}).
     */
    public TopologyFixture(Map<String, Object> overrides) {
        this(overrides, Clock.fixed(Instant.ofEpochMilli(Long.MAX_VALUE), ZoneOffset.UTC));
    }

    /** The topology whose check of event times from the future reads {@code clock}. */
    public TopologyFixture(Map<String, Object> overrides, Clock clock) {
        Map<String, Object> config = new HashMap<>();
        config.put(Settings.APPLICATION_ID, "cdyn-test");
        config.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        config.put(Settings.SCHEMA_REGISTRY_URL, "mock://" + scope);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.putAll(overrides);
        this.settings = new Settings(config);
        this.serdes = AvroSerdes.fromConfig(settings.serdeConfig());
        this.driver = new TopologyTestDriver(CustomerDynamicsTopology.build(settings, serdes, clock, 0),
                CustomerDynamicsTopology.streamsProperties(settings), Events.T0);
    }

    private static Path newStateDir() {
        try {
            return Files.createTempDirectory("cdyn-driver-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> TestInputTopic<byte[], T> input(Topic<byte[], ?> topic) {
        AvroSerializer<T> values = new AvroSerializer<>();
        values.configure(registryConfig(), false);
        return driver.createInputTopic(settings.topic(topic), new ByteArraySerializer(), values);
    }

    /** Raw bytes, for records no serializer of ours would write. */
    public TestInputTopic<byte[], byte[]> rawInput(Topic<byte[], ?> topic) {
        return driver.createInputTopic(settings.topic(topic), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A topic the topology writes, read with its declared key and value contract. */
    public <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        AvroDeserializer<V> values = new AvroDeserializer<>(topic.contract());
        values.configure(registryConfig(), false);
        return driver.createOutputTopic(settings.topic(topic), topic.keySerde().deserializer(), values);
    }

    public TestOutputTopic<String, Interaction> interactions() {
        return output(Topics.INTERACTIONS);
    }

    /** Dead letters, values decoded into whatever contract wrote them (raw bytes: see {@link #rawDeadLetters}). */
    public TestOutputTopic<byte[], Object> deadLetters() {
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        Map<String, Object> config = new HashMap<>(registryConfig());
        config.put(SerdeConfig.SPECIFIC_AVRO_READER, true);
        values.configure(config, false);
        return driver.createOutputTopic(settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer(), values);
    }

    public TestOutputTopic<byte[], byte[]> rawDeadLetters() {
        return driver.createOutputTopic(settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    public TestOutputTopic<String, CustomerScore> scores() {
        return output(Topics.SCORES);
    }

    public TestOutputTopic<String, ScoreAlert> alerts() {
        return output(Topics.ALERTS);
    }

    public TestOutputTopic<String, byte[]> rawScores() {
        return driver.createOutputTopic(settings.topic(Topics.SCORES), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    public TestOutputTopic<String, Interaction> repartitioned() {
        return output(Topics.INTERACTIONS_BY_CUSTOMER);
    }

    /** Total of the duplicates-dropped metric across tasks. */
    public double duplicatesDropped() {
        return driver.metrics().entrySet().stream()
                .filter(e -> isDuplicatesTotal(e.getKey()))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    private static boolean isDuplicatesTotal(MetricName name) {
        return name.name().equals(ScoringMetrics.DUPLICATES + "-total");
    }

    private Map<String, Object> registryConfig() {
        return Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    }

    public InMemorySchemaRegistry registry() {
        return InMemorySchemaRegistry.forScope(scope);
    }

    @Override
    public void close() {
        driver.close();
        serdes.close();
        InMemorySchemaRegistry.dropScope(scope);
        try {
            Utils.delete(stateDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
