package dev.cdyn.config;

import dev.cdyn.scoring.ChurnTerm;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.serde.SerdeConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of the application, validated once at start-up; an error names the key. The
 * application's own keys are defined here with their defaults (topic settings come from the
 * declarations in {@link Topics}); every other key passes through to Kafka Streams and its
 * clients, and to the serde.
 */
public final class Settings extends AbstractConfig {

    public static final String APPLICATION_ID = StreamsConfig.APPLICATION_ID_CONFIG;
    public static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SCHEMA_REGISTRY_URL = SerdeConfig.SCHEMA_REGISTRY_URL;


    public static final String MAX_FUTURE_MS = "ingest.max.future.ms";
    public static final String BROKER_TIMESTAMP_AFTER_MAX_MS = "broker.log.message.timestamp.after.max.ms";
    public static final String GRACE_MS = "events.grace.ms";
    public static final String DEDUP_RETENTION_MS = "ingest.dedup.retention.ms";
    public static final String ERASURE_RETENTION_MS = "events.erasure.retention.ms";
    public static final String INPUTS_PARTITIONED_BY_CUSTOMER = "ingest.inputs.partitioned.by.customer";

    public static final String HORIZON_DAYS = "scoring.horizon.days";
    public static final String BGNBD_R = "scoring.bgnbd.r";
    public static final String BGNBD_ALPHA = "scoring.bgnbd.alpha.days";
    public static final String BGNBD_A = "scoring.bgnbd.a";
    public static final String BGNBD_B = "scoring.bgnbd.b";
    /** Prefix of the churn risk's log-odds weights: {@code scoring.weights.intercept} and one per {@link ChurnTerm}. */
    public static final String WEIGHTS_PREFIX = "scoring.weights.";
    public static final String WEIGHT_INTERCEPT = WEIGHTS_PREFIX + "intercept";
    public static final String RISK_LINES = "scoring.risk.lines";
    public static final String TIER_LINES = "scoring.loyalty.lines";
    public static final String RISK_HYSTERESIS = "scoring.risk.hysteresis";
    public static final String LOYALTY_HYSTERESIS = "scoring.loyalty.hysteresis";
    public static final String MONETARY_SCALE = "scoring.monetary.scale";
    public static final String EMIT_MIN_RISK_CHANGE = "scoring.emit.min.risk.change";
    public static final String EMIT_MIN_LOYALTY_CHANGE = "scoring.emit.min.loyalty.change";
    public static final String REVIEW_INTERVAL_MS = "scoring.review.interval.ms";
    public static final String REVIEW_CLOCK = "scoring.review.clock";
    public static final String CATCH_UP_LAG_MS = "scoring.catch-up.lag.ms";
    public static final String REVIEW_BATCH_MAX = "scoring.review.batch.max";
    public static final String MODEL_CHECK_MS = "scoring.model.check.interval.ms";
    public static final String MODEL_SWEEP_BATCH = "scoring.model.sweep.batch";

    public static final String STATE_DIR = StreamsConfig.STATE_DIR_CONFIG;
    public static final String ROCKSDB_MEMORY_BYTES = "rocksdb.memory.bytes";

    public static final String HTTP_ENABLED = "http.enabled";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_BIND_ADDRESS = "http.bind.address";
    public static final String HTTP_ADVERTISED_HOST = "http.advertised.host";
    public static final String HTTP_TOKEN = "http.token";

    private static final String[] WEIGHT_DOCS = {
        "the BG/NBD term logit(P(no purchase within the horizon))",
        "ln((1 + days since the last order) / (1 + horizon))",
        "the engagement drop, -clamp(ln((interactions_30d + 1) / (baseline + 1)), -2, 2)",
        "-sentiment_90d",
        "min(open tickets, 4)",
        "min(escalations_90d, 4)",
        "min(reopenings_90d, 4)",
        "3 - csat_90d",
        "the order-problem rate over 90 days"};

    private static final ConfigDef DEFINITION = withWeights(withTopics(new ConfigDef()
            .define(APPLICATION_ID, Type.STRING, "customer-dynamics", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group, and prefix of internal topics.")
            .define(BOOTSTRAP_SERVERS, Type.LIST, "localhost:9092", Importance.HIGH, "Kafka brokers.")
            .define(SCHEMA_REGISTRY_URL, Type.LIST, "http://localhost:8081", Importance.HIGH,
                    "Schema registry URLs, or mock://SCOPE for an in-memory registry."))
            .define(MAX_FUTURE_MS, Type.LONG, Duration.ofMinutes(5).toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM, "How far an event time may be ahead of its record's timestamp or the"
                            + " clock, whichever is earlier, before the record is rejected; must stay below "
                            + BROKER_TIMESTAMP_AFTER_MAX_MS + ".")
            .define(BROKER_TIMESTAMP_AFTER_MAX_MS, Type.LONG, Duration.ofHours(1).toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.LOW,
                    "The brokers' log.message.timestamp.after.max.ms: how far ahead of the broker's clock a"
                            + " written timestamp may be (one hour by default on Kafka 4).")
            .define(GRACE_MS, Type.LONG, Duration.ofDays(7).toMillis(), ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How late, in event time, an event may arrive and still count.")
            .define(DEDUP_RETENTION_MS, Type.LONG, Duration.ofDays(14).toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, "How long, behind the customer's latest event, its event ids are"
                            + " remembered to drop duplicates; at least " + GRACE_MS + ".")
            .define(ERASURE_RETENTION_MS, Type.LONG, Duration.ofDays(30).toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM, "How long, in event time after an account tombstone, the erased customer's"
                            + " events are turned away (dead letter 'erased', nothing of them kept).")
            .define(INPUTS_PARTITIONED_BY_CUSTOMER, Type.BOOLEAN, false, Importance.LOW,
                    "Declare that every input is keyed by customer id with the Java client's default partitioner"
                            + " and has the same partition count, which skips the repartition by customer.")
            .define(HORIZON_DAYS, Type.INT, 90, ConfigDef.Range.between(1, 3650), Importance.HIGH,
                    "Churn horizon in days: churn risk is the probability of no purchase within it.")
            .define(BGNBD_R, Type.DOUBLE, ModelParameters.DEFAULT_R, Importance.MEDIUM,
                    "BG/NBD population parameter r (purchase-rate shape); the default is CDNOW's (MODEL.md).")
            .define(BGNBD_ALPHA, Type.DOUBLE, ModelParameters.DEFAULT_ALPHA_DAYS, Importance.MEDIUM,
                    "BG/NBD population parameter alpha (purchase-rate scale), in days.")
            .define(BGNBD_A, Type.DOUBLE, ModelParameters.DEFAULT_A, Importance.MEDIUM,
                    "BG/NBD population parameter a (drop-out shape).")
            .define(BGNBD_B, Type.DOUBLE, ModelParameters.DEFAULT_B, Importance.MEDIUM,
                    "BG/NBD population parameter b (drop-out shape).")
            .define(WEIGHT_INTERCEPT, Type.DOUBLE, ChurnWeights.defaults().intercept(), Importance.MEDIUM,
                    "Churn risk: the intercept of its log-odds (0 by default; cdyn fit learns it)."))
            .define(RISK_LINES, Type.LIST, "0.25,0.5,0.75", Importance.MEDIUM,
                    "Churn risk at which the MEDIUM, HIGH and CRITICAL bands begin.")
            .define(TIER_LINES, Type.LIST, "40,60,80", Importance.MEDIUM,
                    "Loyalty at which the SILVER, GOLD and PLATINUM tiers begin.")
            .define(RISK_HYSTERESIS, Type.DOUBLE, 0.03, ConfigDef.Range.between(0, 0.2), Importance.LOW,
                    "How far past a risk line the risk must go before its band changes.")
            .define(LOYALTY_HYSTERESIS, Type.DOUBLE, 2.0, ConfigDef.Range.between(0, 10), Importance.LOW,
                    "How far past a tier line, in points, loyalty must go before its tier changes.")
            .define(MONETARY_SCALE, Type.DOUBLE, 1000.0, ConfigDef.Range.atLeast(0.01), Importance.LOW,
                    "Order value over 90 days at which loyalty's monetary component is half full.")
            .define(EMIT_MIN_RISK_CHANGE, Type.DOUBLE, 0.02, ConfigDef.Range.between(0, 1), Importance.MEDIUM,
                    "Smallest change of churn risk that emits a new score (a band or tier change always does).")
            .define(EMIT_MIN_LOYALTY_CHANGE, Type.DOUBLE, 2.0, ConfigDef.Range.between(0, 100), Importance.MEDIUM,
                    "Smallest change of loyalty, in points, that emits a new score.")
            .define(REVIEW_INTERVAL_MS, Type.LONG, Duration.ofDays(1).toMillis(), ConfigDef.Range.atLeast(60_000),
                    Importance.MEDIUM, "The grid on which silence is checked: a customer with no new event is"
                            + " re-scored at the first step of it where its score would move enough to be emitted.")
            .define(REVIEW_CLOCK, Type.STRING, "stream", ConfigDef.ValidString.in("stream", "wall"), Importance.LOW,
                    "What time reviews follow: 'stream' (event time; replays behave like live) or 'wall' (the clock).")
            .define(CATCH_UP_LAG_MS, Type.LONG, Duration.ofDays(1).toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.LOW, "A review whose time is more than this behind the wall clock is catching up on"
                            + " history (a backfill, a long stop): it emits band and tier changes, with their alerts, as"
                            + " of their own time, and folds smaller moves into the next score. While stream time is"
                            + " that far behind (and at least a review step), reviews are looked for once per review step"
                            + " instead of every minute, unless the last look was cut short at the batch maximum.")
            .define(REVIEW_BATCH_MAX, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Most reviews done in one go, so that many customers falling due never stall processing.")
            .define(MODEL_CHECK_MS, Type.LONG, Duration.ofSeconds(1).toMillis(), ConfigDef.Range.between(10, 60_000),
                    Importance.LOW, "How often, on the wall clock, each task looks for a newly published model (one"
                            + " store read) and re-scores its next batch of customers under a new one.")
            .define(MODEL_SWEEP_BATCH, Type.INT, 500, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Customers re-scored per task and check after a new model is taken up: a task of N customers is"
                            + " all under the new model within N / batch checks, alongside its records.")
            .define(STATE_DIR, Type.STRING, "state", new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Where the state stores live (Kafka Streams' state.dir), relative to the working directory unless"
                            + " absolute; keep it on a persistent volume, so that a restart does not restore every"
                            + " store from its changelog. The image uses /var/lib/cdyn/state.")
            .define(ROCKSDB_MEMORY_BYTES, Type.LONG, 256L * 1024 * 1024, ConfigDef.Range.atLeast(16L * 1024 * 1024),
                    Importance.MEDIUM, "Off-heap memory of all RocksDB stores of the process together: one block cache"
                            + " shared by every store, a quarter of it for write buffers. The heap comes on top.")
            .define(HTTP_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Serve health probes, metrics and score queries over HTTP while the application runs.")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the HTTP endpoint (0: any free port).")
            .define(HTTP_BIND_ADDRESS, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Address the HTTP endpoint listens on (0.0.0.0: every interface, as a pod's probes need).")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, "", Importance.MEDIUM,
                    "Host name or address other instances reach this one's HTTP endpoint at (Kafka Streams'"
                            + " application.server, with the port); empty: the bind address, or this machine's host"
                            + " name when bound to every interface.")
            .define(HTTP_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "When set, /metrics and /customers/* require the header 'Authorization: Bearer TOKEN'"
                            + " (health probes stay open).");

    /** One weight setting per churn term, in the terms' order. */
    private static ConfigDef withWeights(ConfigDef definition) {
        for (ChurnTerm term : ChurnTerm.ALL) {
            String doc = "Churn risk: log-odds weight of " + WEIGHT_DOCS[term.ordinal()] + " (MODEL.md; cdyn fit learns it).";
            if (term.growsWithSilence()) {
                definition.define(weightSetting(term), Type.DOUBLE, ChurnWeights.defaults().weight(term),
                        ConfigDef.Range.atLeast(0), Importance.MEDIUM, doc + " Not negative: risk must not fall with silence.");
            } else {
                definition.define(weightSetting(term), Type.DOUBLE, ChurnWeights.defaults().weight(term), Importance.MEDIUM,
                        doc);
            }
        }
        return definition;
    }

    /** The setting of a churn term's weight. */
    public static String weightSetting(ChurnTerm term) {
        return WEIGHTS_PREFIX + term.settingName();
    }

    /** One setting per topic a user names, from the topic's own declaration. */
    private static ConfigDef withTopics(ConfigDef definition) {
        for (Topic<?, ?> topic : Topics.external()) {
            definition.define(topic.setting(), Type.STRING, topic.defaultName(), new ConfigDef.NonEmptyString(),
                    Importance.HIGH, topic.description());
        }
        return definition;
    }

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
        modelParameters(); // fails here, naming the key, if the model's numbers do not fit together
        Object protocol = originals.get(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol != null && !"classic".equalsIgnoreCase(protocol.toString())) {
            throw new ConfigException(StreamsConfig.GROUP_PROTOCOL_CONFIG, protocol, "only 'classic' is supported");
        }
        // Fails here, naming the key, if a serde setting is invalid or lets a registry request outlast the budget.
        requireRegistryWithinBudget(new SerdeConfig(serdeConfig()));
        new StreamsConfig(streamsProperties()); // likewise for Kafka Streams' own settings
    }

    public static ConfigDef definition() {
        return DEFINITION;
    }

    /** The topic's name under these settings. */
    public String topic(Topic<?, ?> topic) {
        return topic.name(this);
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

    public Duration erasureRetention() {
        return Duration.ofMillis(getLong(ERASURE_RETENTION_MS));
    }

    public boolean inputsPartitionedByCustomer() {
        return getBoolean(INPUTS_PARTITIONED_BY_CUSTOMER);
    }

    /** The scoring models' numbers. */
    public ModelParameters modelParameters() {
        double[] riskLines = ascending(RISK_LINES, 0, 1);
        double[] tierLines = ascending(TIER_LINES, 0, 100);
        for (String key : List.of(BGNBD_R, BGNBD_ALPHA, BGNBD_A, BGNBD_B)) {
            if (!(getDouble(key) > 0)) {
                throw new ConfigException(key, getDouble(key), "must be positive");
            }
        }
        return new ModelParameters(getInt(HORIZON_DAYS), getDouble(BGNBD_R), getDouble(BGNBD_ALPHA), getDouble(BGNBD_A),
                getDouble(BGNBD_B), riskLines, tierLines, getDouble(RISK_HYSTERESIS), getDouble(LOYALTY_HYSTERESIS),
                getDouble(MONETARY_SCALE), churnWeights());
    }

    private ChurnWeights churnWeights() {
        double[] weights = new double[ChurnTerm.ALL.length];
        for (ChurnTerm term : ChurnTerm.ALL) {
            weights[term.ordinal()] = finite(weightSetting(term));
        }
        return new ChurnWeights(finite(WEIGHT_INTERCEPT), weights);
    }

    private double finite(String key) {
        double value = getDouble(key);
        if (!Double.isFinite(value)) {
            throw new ConfigException(key, value, "must be a finite number");
        }
        return value;
    }

    private double[] ascending(String key, double low, double high) {
        List<String> values = getList(key);
        if (values.size() != 3) {
            throw new ConfigException(key, values, "three ascending numbers are needed");
        }
        double[] lines = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                lines[i] = Double.parseDouble(values.get(i).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, values, "'" + values.get(i) + "' is not a number");
            }
            if (lines[i] <= low || lines[i] >= high || (i > 0 && lines[i] <= lines[i - 1])) {
                throw new ConfigException(key, values, "three ascending numbers between " + low + " and " + high
                        + " are needed");
            }
        }
        return lines;
    }

    public double emitMinRiskChange() {
        return getDouble(EMIT_MIN_RISK_CHANGE);
    }

    public double emitMinLoyaltyChange() {
        return getDouble(EMIT_MIN_LOYALTY_CHANGE);
    }

    public Duration reviewInterval() {
        return Duration.ofMillis(getLong(REVIEW_INTERVAL_MS));
    }

    public Duration catchUpLag() {
        return Duration.ofMillis(getLong(CATCH_UP_LAG_MS));
    }

    public boolean reviewOnWallClock() {
        return "wall".equals(getString(REVIEW_CLOCK));
    }

    public int reviewBatchMax() {
        return getInt(REVIEW_BATCH_MAX);
    }

    public Duration modelCheckInterval() {
        return Duration.ofMillis(getLong(MODEL_CHECK_MS));
    }

    public int modelSweepBatch() {
        return getInt(MODEL_SWEEP_BATCH);
    }

    public boolean httpEnabled() {
        return getBoolean(HTTP_ENABLED);
    }

    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    public String httpBindAddress() {
        return getString(HTTP_BIND_ADDRESS);
    }

    public String httpAdvertisedHost() {
        return getString(HTTP_ADVERTISED_HOST);
    }

    /** The bearer token the HTTP endpoint requires, if one is set. */
    public Optional<String> httpToken() {
        Password token = getPassword(HTTP_TOKEN);
        return token == null || token.value().isEmpty() ? Optional.empty() : Optional.of(token.value());
    }

    /**
     * What the serde sees: every setting, with the registry URL resolved, and the registry's
     * timeouts and retries that are not set derived from {@link #registryRequestBudgetMs()}.
     */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>(originals());
        config.put(SCHEMA_REGISTRY_URL, String.join(",", getList(SCHEMA_REGISTRY_URL)));
        SerdeConfig.timingsWithin(registryRequestBudgetMs()).forEach(config::putIfAbsent);
        return config;
    }

    /**
     * How long one request to the registry may keep a stream thread waiting. Under exactly-once, half
     * the transaction timeout: the broker aborts a transaction open for longer, which fails the thread
     * and wipes its tasks' state, and the other half is left for the records before the request and
     * the commit. Otherwise half of {@code max.poll.interval.ms}, past which the thread leaves the group.
     */
    public long registryRequestBudgetMs() {
        return deadlineSetting().getValue() / 2;
    }

    /** The client setting that bounds a stream thread's waits under the processing guarantee, and its value. */
    private Map.Entry<String, Long> deadlineSetting() {
        boolean exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(
                streamsProperties().getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        // Streams' own defaults: 10 s for its transactional producers, 5 minutes between polls.
        return exactlyOnce
                ? clientSetting(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000L, StreamsConfig.PRODUCER_PREFIX)
                : clientSetting(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000L, StreamsConfig.MAIN_CONSUMER_PREFIX,
                        StreamsConfig.CONSUMER_PREFIX);
    }

    /** A client setting as the user set it (a prefixed key first, as Streams reads it), or its default. */
    private Map.Entry<String, Long> clientSetting(String key, long fallback, String... prefixes) {
        for (String prefix : prefixes) {
            Object value = originals().get(prefix + key);
            if (value != null) {
                return Map.entry(prefix + key, Long.parseLong(value.toString().trim()));
            }
        }
        Object value = originals().get(key);
        return Map.entry(key, value == null ? fallback : Long.parseLong(value.toString().trim()));
    }

    private void requireRegistryWithinBudget(SerdeConfig serde) {
        long longest = serde.longestRequestMs();
        long budget = registryRequestBudgetMs();
        if (longest <= budget) {
            return;
        }
        String set = SerdeConfig.TIMING_SETTINGS.stream().filter(originals()::containsKey).findFirst()
                .orElse(SerdeConfig.HTTP_READ_TIMEOUT_MS);
        Map.Entry<String, Long> deadline = deadlineSetting();
        throw new ConfigException(set, originals().get(set), "one request to the schema registry may keep a stream"
                + " thread waiting " + longest + " ms ((" + SerdeConfig.MAX_RETRIES + " + 1) x ("
                + SerdeConfig.HTTP_CONNECT_TIMEOUT_MS + " + " + SerdeConfig.HTTP_READ_TIMEOUT_MS + ") + the waits of "
                + SerdeConfig.RETRIES_WAIT_MS + " and " + SerdeConfig.RETRIES_MAX_WAIT_MS + "), more than " + budget
                + " ms, half of " + deadline.getKey() + " (" + deadline.getValue() + " ms): lower them, or leave them"
                + " unset to have them derived, or raise " + deadline.getKey());
    }

    /**
     * Kafka Streams' configuration: the user's settings over this application's defaults
     * (exactly-once, classic group protocol, explicit naming enforced, dead-letter topic, LZ4
     * compression and 64 KiB batches of what its producers write unless {@code compression.type} or
     * {@code batch.size} is set). The topology adds the error handlers it relies on, the
     * application its stream thread count.
     */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // This application's own keys stay out: Streams reads some prefixes (topic., consumer., ...) as its own.
        originals().forEach((key, value) -> {
            if (!DEFINITION.names().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(APPLICATION_ID, getString(APPLICATION_ID));
        props.put(BOOTSTRAP_SERVERS, String.join(",", getList(BOOTSTRAP_SERVERS)));
        props.put(STATE_DIR, getString(STATE_DIR));
        props.put(ROCKSDB_MEMORY_BYTES, getLong(ROCKSDB_MEMORY_BYTES));
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic(Topics.DEAD_LETTERS));
        // Changelog, score and interaction records repeat ids and reason texts: LZ4 unless told otherwise.
        producerDefault(props, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A compressed batch starts with a 64 KiB compression buffer of its own; scores are about 1 KB,
        // so the client's 16 KiB batches made one such start every few scores (8% of the stream thread
        // in a backfill's profile). 64 KiB, not more: a thread writes to five partitions per task, and
        // their open batches must fit in the producer's buffer memory (32 MiB) at 100 tasks.
        producerDefault(props, ProducerConfig.BATCH_SIZE_CONFIG, PRODUCER_BATCH_BYTES);
        return props;
    }

    /** The batch size of the application's producers, unless the settings give one. */
    public static final int PRODUCER_BATCH_BYTES = 64 * 1024;

    /** A producer setting of this application's own, unless the user set it (with or without the producer prefix). */
    private void producerDefault(Properties props, String key, Object value) {
        String prefixed = StreamsConfig.producerPrefix(key);
        if (!originals().containsKey(prefixed) && !originals().containsKey(key)) {
            props.put(prefixed, value);
        }
    }

    /** Client settings (brokers, security, timeouts) for admin clients and the command line's own consumers. */
    public Properties adminProperties() {
        return clientProperties(AdminClientConfig.configNames());
    }

    /** The settings that a client with these setting names understands (security included). */
    public Properties clientProperties(Set<String> clientSettingNames) {
        Properties props = new Properties();
        streamsProperties().forEach((key, value) -> {
            if (clientSettingNames.contains(key.toString())) {
                props.put(key, value);
            }
        });
        return props;
    }
}
