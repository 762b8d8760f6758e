package dev.cdyn.config;

import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One topic of the application, declared once in {@link Topics}: the setting that names it and its
 * default name, what its keys and values are, how long it keeps records, and what the application
 * does with it. The topology, the command line, the tests and the deployment files all read this.
 *
 * @param <K> the key type the application reads or writes it with
 * @param <V> the value contract (for the dead letters, any contract)
 */
public final class Topic<K, V> {

    /** What the application does with a topic. */
    public enum Role {
        /** Written by producers, read by the application. */
        INPUT,
        /** Written by the application, read by downstream services. */
        OUTPUT,
        /** Written and read by the application only (Kafka Streams creates it). */
        INTERNAL
    }

    /** How a topic keeps its records. */
    public enum Retention {
        /** Every record, forever: history replayed with old event times (a backfill) must survive. */
        KEEP_ALL(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")),
        /** The latest value per key; a tombstone removes the key. */
        COMPACT(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
        /** Kafka Streams sets it up and purges it after commit. */
        MANAGED_BY_STREAMS(Map.of());

        private final Map<String, String> configs;

        Retention(Map<String, String> configs) {
            this.configs = configs;
        }

        /** The topic-level settings it is created with. */
        public Map<String, String> configs() {
            return configs;
        }
    }

    private final String setting;
    private final String defaultName;
    private final Role role;
    private final Retention retention;
    private final String keyDescription;
    private final Supplier<Serde<K>> keySerde;
    private final Class<V> contract;
    private final boolean anyContract;
    private final String description;

    Topic(String setting, String defaultName, Role role, Retention retention, String keyDescription,
          Supplier<Serde<K>> keySerde, Class<V> contract, boolean anyContract, String description) {
        this.setting = setting;
        this.defaultName = defaultName;
        this.role = role;
        this.retention = retention;
        this.keyDescription = keyDescription;
        this.keySerde = keySerde;
        this.contract = contract;
        this.anyContract = anyContract;
        this.description = description;
    }

    /** The setting that names the topic, such as {@code topics.scores}; null for an internal topic. */
    public String setting() {
        return setting;
    }

    /** The name when the setting is not given; for an internal topic, the name Streams derives its name from. */
    public String defaultName() {
        return defaultName;
    }

    /** The topic's name under these settings. */
    public String name(Settings settings) {
        if (role == Role.INTERNAL) {
            return settings.getString(Settings.APPLICATION_ID) + "-" + defaultName + "-repartition";
        }
        return settings.getString(setting);
    }

    /** Kebab-case label used in processor names and on screen, such as {@code support-tickets}. */
    public String label() {
        return role == Role.INTERNAL ? defaultName : setting.substring(Topics.SETTING_PREFIX.length());
    }

    public Role role() {
        return role;
    }

    public Retention retention() {
        return retention;
    }

    /**
     * Every topic-level setting the topic is created with: its retention, and record timestamps
     * as the producer wrote them ({@code CreateTime}), since the checks and event time rely on
     * them and a broker or cluster default of {@code LogAppendTime} would replace them.
     */
    public Map<String, String> configs() {
        Map<String, String> configs = new TreeMap<>(retention.configs());
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        return configs;
    }

    /** Whether records are keyed by customer id, so that partition counts must agree for co-partitioning. */
    public boolean keyedByCustomer() {
        return "customer id".equals(keyDescription);
    }

    /** What the key holds, for people: "customer id", "any". */
    public String keyDescription() {
        return keyDescription;
    }

    /** The value contract's Avro record name, or a sentence when the topic carries several. */
    public String valueDescription() {
        return anyContract ? "any contract (subject per record name)" : contract.getSimpleName();
    }

    public String description() {
        return description;
    }

    public Class<V> contract() {
        return contract;
    }

    public Serde<K> keySerde() {
        return keySerde.get();
    }

    /** The value serde over the given registry serdes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Serde<V> valueSerde(AvroSerdes serdes) {
        if (anyContract) {
            throw new IllegalStateException(label() + " carries several contracts: ask for one with valueSerde(serdes, type)");
        }
        return (Serde<V>) serdes.forValues((Class) contract);
    }

    /**
     * A serde for one of the contracts of a topic that carries several: each is registered under
     * {@code <topic>-<record name>}, so that one subject does not have to accept them all.
     */
    public <T extends SpecificRecord> Serde<T> valueSerde(AvroSerdes serdes, Class<T> type) {
        if (!anyContract && !contract.isAssignableFrom(type)) {
            throw new IllegalArgumentException(label() + " carries " + contract.getSimpleName() + ", not " + type.getSimpleName());
        }
        AvroSerdes perRecord = anyContract
                ? serdes.with(Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy")) : serdes;
        return perRecord.forValues(type);
    }

    /** How the topology reads it. */
    public Consumed<K, V> consumed(AvroSerdes serdes) {
        return Consumed.with(keySerde(), valueSerde(serdes));
    }

    /** How the topology writes it, from a sink of this name. */
    public Produced<K, V> produced(AvroSerdes serdes, String sinkName) {
        return Produced.with(keySerde(), valueSerde(serdes)).withName(sinkName);
    }

    @Override
    public String toString() {
        return role == Role.INTERNAL ? defaultName : setting;
    }
}
