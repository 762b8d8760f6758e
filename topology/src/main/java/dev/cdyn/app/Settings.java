package dev.cdyn.app;

import dev.cdyn.ingest.DeadLetterDeserializationHandler;
import dev.cdyn.serde.SerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the application, validated once at start-up; an error names the key. The
 * application's own keys are defined here with their defaults (the one place the default topic
 * names live); every other key passes through to Kafka Streams and its clients, and to the serde.
 */
public final class Settings extends AbstractConfig {

    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL = SerdeConfig.SCHEMA_REGISTRY_URL;

    public static final String TOPIC_ACCOUNTS = "topic.accounts";
    public static final String TOPIC_CALLS = "topic.calls";
    public static final String TOPIC_EMAILS = "topic.emails";
    public static final String TOPIC_MEETINGS = "topic.meetings";
    public static final String TOPIC_ORDERS = "topic.orders";
    public static final String TOPIC_SUPPORT_TICKETS = "topic.support-tickets";
    public static final String TOPIC_INTERACTIONS = "topic.interactions";
    public static final String TOPIC_SCORES = "topic.scores";
    public static final String TOPIC_ALERTS = "topic.alerts";
    public static final String TOPIC_DEAD_LETTERS = "topic.dead-letters";

    public static final String MAX_FUTURE_MS = "ingest.max.future.ms";
    public static final String BROKER_TIMESTAMP_AFTER_MAX_MS = "broker.log.message.timestamp.after.max.ms";
    public static final String GRACE_MS = "events.grace.ms";
    public static final String DEDUP_RETENTION_MS = "ingest.dedup.retention.ms";
    public static final String INPUTS_PARTITIONED_BY_CUSTOMER = "ingest.inputs.partitioned.by.customer";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "customer-dynamics", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group, and prefix of internal topics.")
            .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH, "Kafka brokers.")
            .define(SCHEMA_REGISTRY_URL, Type.LIST, "http://localhost:8081", Importance.HIGH,
                    "Schema registry URLs, or mock://SCOPE for an in-memory registry.")
            .define(TOPIC_ACCOUNTS, Type.STRING, "cdyn.accounts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: CustomerAccount, keyed by customer id (compacted; a tombstone forgets the customer).")
            .define(TOPIC_CALLS, Type.STRING, "cdyn.calls", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: CallEvent, any key.")
            .define(TOPIC_EMAILS, Type.STRING, "cdyn.emails", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: EmailEvent, any key.")
            .define(TOPIC_MEETINGS, Type.STRING, "cdyn.meetings", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: MeetingEvent, any key.")
            .define(TOPIC_ORDERS, Type.STRING, "cdyn.orders", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Input: OrderEvent, any key.")
            .define(TOPIC_SUPPORT_TICKETS, Type.STRING, "cdyn.support-tickets", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Input: SupportTicketEvent, any key.")
            .define(TOPIC_INTERACTIONS, Type.STRING, "cdyn.interactions", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Output: every valid, de-duplicated Interaction, keyed by customer id.")
            .define(TOPIC_SCORES, Type.STRING, "cdyn.scores", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output: CustomerScore keyed by customer id (compacted); a tombstone when a customer is forgotten.")
            .define(TOPIC_ALERTS, Type.STRING, "cdyn.alerts", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Output: ScoreAlert keyed by customer id.")
            .define(TOPIC_DEAD_LETTERS, Type.STRING, "cdyn.dead-letters", new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Output: every record that was rejected, with the reason in its headers.")
            .define(MAX_FUTURE_MS, Type.LONG, Duration.ofMinutes(5).toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM, "How far an event time may be ahead of its record's timestamp before the"
                            + " record is rejected; must stay below " + BROKER_TIMESTAMP_AFTER_MAX_MS + ".")
            .define(BROKER_TIMESTAMP_AFTER_MAX_MS, Type.LONG, Duration.ofHours(1).toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.LOW,
                    "The brokers' log.message.timestamp.after.max.ms: how far ahead of the broker's clock a"
                            + " written timestamp may be (one hour by default on Kafka 4).")
            .define(GRACE_MS, Type.LONG, Duration.ofDays(1).toMillis(), ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How late, in event time, an event may arrive and still count.")
            .define(DEDUP_RETENTION_MS, Type.LONG, Duration.ofDays(7).toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, "How long, in event time, event ids are remembered to drop duplicates;"
                            + " at least " + GRACE_MS + ".")
            .define(INPUTS_PARTITIONED_BY_CUSTOMER, Type.BOOLEAN, false, Importance.LOW,
                    "Declare that every input is keyed by customer id with the Java client's default partitioner"
                            + " and has the same partition count, which skips the repartition by customer.");

    public Settings(Map<String, ?> originals) {
        super(DEFINITION, originals, false);
        if (maxFuture().toMillis() >= getLong(BROKER_TIMESTAMP_AFTER_MAX_MS)) {
            throw new ConfigException(MAX_FUTURE_MS, maxFuture().toMillis(),
                    "must be below " + BROKER_TIMESTAMP_AFTER_MAX_MS + " (" + getLong(BROKER_TIMESTAMP_AFTER_MAX_MS)
                            + "), or a record from the future would be refused by the broker and stop the app");
        }
        if (dedupRetention().compareTo(grace()) < 0) {
            throw new ConfigException(DEDUP_RETENTION_MS, dedupRetention().toMillis(),
                    "must be at least " + GRACE_MS + " (" + grace().toMillis() + ")");
        }
        Object protocol = originals.get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol != null && !"classic".equalsIgnoreCase(protocol.toString())) {
            throw new ConfigException(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol, "only 'classic' is supported");
        }
        new SerdeConfig(serdeConfig()); // fails here, naming the key, if a serde setting is invalid
        new StreamsConfig(streamsProperties()); // likewise for Kafka Streams' own settings
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    public String topic(String key) {
        return getString(key);
    }

    public Duration maxFuture() {
        return Duration.ofMillis(getLong(MAX_FUTURE_MS));
    }

    public Duration grace() {
        return Duration.ofMillis(getLong(GRACE_MS));
    }

    public Duration dedupRetention() {
        return Duration.ofMillis(getLong(DEDUP_RETENTION_MS));
    }

    public boolean inputsPartitionedByCustomer() {
        return getBoolean(INPUTS_PARTITIONED_BY_CUSTOMER);
    }

    /** What the serde sees: every setting, with the registry URL resolved. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>(originals());
        config.put(SCHEMA_REGISTRY_URL, String.join(",", getList(SCHEMA_REGISTRY_URL)));
        return config;
    }

    /**
     * Kafka Streams' configuration: the user's settings over this application's defaults
     * (exactly-once, classic group protocol, explicit naming enforced, dead-letter topic).
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(originals());
        props.put(APPLICATION_ID, getString(APPLICATION_ID));
        props.put(BOOTSTRAP_SERVERS, String.join(",", getList(BOOTSTRAP_SERVERS)));
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic(TOPIC_DEAD_LETTERS));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        return props;
    }
}
