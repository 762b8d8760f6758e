package dev.cdyn.app;

import dev.cdyn.config.Settings;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.topology.CustomerDynamicsTopology;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running Streams application: topology, serdes and KafkaStreams with its failure policy. */
public final class CustomerDynamicsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerDynamicsApp.class);
    /** How often a thread may die of the same failure before the client gives up. */
    public static final int MAX_SAME_FAILURE_REPLACEMENTS = 3;
    /** How long a graceful close may take; a container's grace period on termination must be longer. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Settings settings;
    private final RegistryAvroSerdes serdes;
    private final KafkaStreams streams;

    public CustomerDynamicsApp(Settings settings) {
        this.settings = settings;
        this.serdes = AvroSerdes.fromConfig(settings.serdeConfig());
        Topology topology = CustomerDynamicsTopology.build(settings, serdes);
        Properties props = CustomerDynamicsTopology.streamsProperties(settings);
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(new ThreadReplacement(MAX_SAME_FAILURE_REPLACEMENTS));
        streams.setStateListener((now, before) -> LOG.info("Application {} is {} (was {})",
                settings.getString(Settings.APPLICATION_ID), now, before));
    }

    public CustomerDynamicsApp start() {
        streams.start();
        return this;
    }

    public KafkaStreams streams() {
        return streams;
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
