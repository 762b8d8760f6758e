package dev.cdyn.app;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.topology.CustomerDynamicsTopology;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running Streams application: topology, serdes and KafkaStreams with its failure policy. */
public final class CustomerDynamicsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerDynamicsApp.class);
    /** How often a thread may die on the same record, within {@link #FAILURE_WINDOW}, before the client gives up (per thread). */
    public static final int MAX_SAME_FAILURE_REPLACEMENTS = 3;
    /** How often a thread may die of one kind of outage (registry, brokers) within {@link #FAILURE_WINDOW} (per thread). */
    public static final int MAX_OUTAGE_REPLACEMENTS = 20;
    /** Failures older than this are forgotten, so separate short outages never add up to a shutdown. */
    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(10);
    /** How long a graceful close may take; a container's grace period on termination must be longer. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final RegistryAvroSerdes serdes;
    private final KafkaStreams streams;
    private final List<KafkaStreams.StateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean hasRun;

    public CustomerDynamicsApp(Settings settings) {
        this(settings, Map.of());
    }

    /**
     * With settings for Kafka Streams that are not the user's to set: the address the HTTP
     * endpoint is reached at, an observer of the event-to-score latency.
     */
    public CustomerDynamicsApp(Settings settings, Map<String, Object> streamsOverrides) {
        this.settings = settings;
        this.serdes = AvroSerdes.fromConfig(settings.serdeConfig());
        Set<Integer> partitionCounts = inputPartitionCounts(settings);
        Topology topology = CustomerDynamicsTopology.build(settings, serdes, Clock.systemUTC(),
                coPartitions(settings, partitionCounts));
        Properties props = CustomerDynamicsTopology.streamsProperties(settings);
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        int threads = streamThreads(props, partitionCounts.stream().mapToInt(Integer::intValue).max().orElse(0));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.putAll(streamsOverrides);
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(new ThreadReplacement(MAX_SAME_FAILURE_REPLACEMENTS, MAX_OUTAGE_REPLACEMENTS,
                FAILURE_WINDOW, threads));
        streams.setStateListener((now, before) -> {
            LOG.info("Application {} is {} (was {})", settings.getString(Settings.APPLICATION_ID), now, before);
            if (now == KafkaStreams.State.RUNNING) {
                hasRun = true;
            }
            listeners.forEach(listener -> listener.onChange(now, before));
        });
    }

    /**
     * Stream threads when the settings name none: one per processor the JVM may use (a container's
     * CPU limit, where it has one), and no more than the most partitions an input has
     * ({@code partitions}; 0: not known), the most tasks of the scoring sub-topology, since a thread
     * without a task only polls. Kafka Streams' own default is one thread, which leaves every other
     * core to the broker and the garbage collector: scoring a backfill is bound by the stream
     * thread's CPU.
     */
    static int defaultStreamThreads(int processors, int partitions) {
        int threads = Math.max(1, processors);
        return partitions > 0 ? Math.min(threads, partitions) : threads;
    }

    /**
     * The stream threads an application runs with these Kafka Streams settings: theirs, else
     * {@link #defaultStreamThreads} for this JVM's processors and inputs of {@code partitions}
     * partitions at most (0: not known).
     */
    public static int streamThreads(Properties streamsSettings, int partitions) {
        Object set = streamsSettings.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        if (set != null) {
            return Integer.parseInt(set.toString().trim());
        }
        int threads = defaultStreamThreads(Runtime.getRuntime().availableProcessors(), partitions);
        LOG.info("{} stream threads (one per processor, at most one per input partition); set {} to choose",
                threads, StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        return threads;
    }

    /**
     * The partition count every input topic has, when they have one and the inputs are not declared
     * partitioned by customer; else 0, and every interaction goes through the repartition topic.
     */
    static int coPartitions(Settings settings, Set<Integer> partitionCounts) {
        if (settings.inputsPartitionedByCustomer()) {
            return 0;
        }
        if (partitionCounts.size() == 1) {
            int count = partitionCounts.iterator().next();
            LOG.info("Every input has {} partitions: interactions keyed by customer id are scored where they are"
                    + " read, others repartitioned", count);
            return count;
        }
        LOG.info("The inputs' partition counts are {}: every interaction is repartitioned by customer",
                partitionCounts.isEmpty() ? "not known" : "different (" + partitionCounts + ")");
        return 0;
    }

    /**
     * The partition counts of the input topics, or none when some do not exist yet or the cluster
     * does not answer in time.
     */
    static Set<Integer> inputPartitionCounts(Settings settings) {
        Properties props = settings.adminProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        List<String> inputs = Topics.inputNames(settings);
        try (Admin admin = Admin.create(props)) {
            return admin.describeTopics(inputs).allTopicNames().get().values().stream()
                    .map(description -> description.partitions().size()).collect(Collectors.toSet());
        } catch (ExecutionException | RuntimeException e) {
            LOG.info("Could not read the inputs' partition counts: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Set.of();
    }

    /** Also tells this listener of every change of state (Kafka Streams itself takes one listener only). */
    public void onStateChange(KafkaStreams.StateListener listener) {
        listeners.add(listener);
    }

    /**
     * Whether the application serves: it has been RUNNING (its stores were restored), and is
     * RUNNING or in an ordinary rebalance since. A rebalance moves some tasks while the others go
     * on; a probe that failed during every rebalance would take every instance out of service at
     * once, as all of them rebalance together.
     */
    public boolean ready() {
        KafkaStreams.State state = streams.state();
        return hasRun && (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING);
    }

    public CustomerDynamicsApp start() {
        streams.start();
        return this;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The serdes the topology uses: queries read the scores' bytes kept in state with them. */
    public AvroSerdes serdes() {
        return serdes;
    }

    public Settings settings() {
        return settings;
    }

    /** Waits until the application is RUNNING, at most {@code timeout}. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    public void close(Duration timeout) {
        streams.close(timeout);
        serdes.close();
    }

    /**
     * Closes and leaves the consumer group at once, so that another instance takes the partitions
     * over without waiting for the session to time out. A plain {@link #close} stays in the group,
     * as Streams does by default, which suits a quick rolling restart of the same instance.
     */
    public void closeAndLeaveGroup(Duration timeout) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(timeout));
        serdes.close();
    }
}
