package dev.cdyn.app;

import dev.cdyn.activity.ScoringMetrics;
import dev.cdyn.topology.Names;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The application's metrics in Prometheus' text format: Kafka Streams' and its clients' own
 * (Micrometer's binder; the application's counters are Streams sensors, so they come this way
 * too, as {@code kafka_stream_cdyn_*}), the JVM's, and three of this application's that Streams
 * cannot give: the event-to-score latency as a histogram, the customers held in state, and whether
 * the application is running and ready.
 */
public final class OpsMetrics implements AutoCloseable {

    public static final String LATENCY = "cdyn.event.to.score.latency";
    public static final String CUSTOMERS = "cdyn.customers.in.state";
    public static final String RUNNING = "cdyn.application.running";
    public static final String READY = "cdyn.application.ready";
    /** How soon a Streams metric that appeared (a new task, a first dead letter) is exported. */
    private static final Duration REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary latency;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cdyn-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private static final Duration COUNT_EVERY = Duration.ofMinutes(1);
    private KafkaStreamsMetrics streamsMetrics;
    private volatile double customers = Double.NaN;
    private volatile long countedAt;

    public OpsMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // In seconds, as a summary of doubles: a Timer sums nanoseconds in a long, which replayed history
        // (months old) overflows within a few thousand events.
        latency = DistributionSummary.builder(LATENCY)
                .baseUnit("seconds")
                .description("Time from an interaction's event time to its being scored (includes any delay before it"
                        + " reached Kafka: replayed history counts as old)")
                .publishPercentileHistogram()
                .minimumExpectedValue(0.01)
                .maximumExpectedValue(3600.0)
                .register(registry);
    }

    /** The latency observer the scoring step calls, as Kafka Streams settings ({@link ScoringMetrics}). */
    public LongConsumer latencyObserver() {
        return ms -> latency.record(ms / 1000.0);
    }

    /** Binds the running application's metrics. */
    public void bind(CustomerDynamicsApp app) {
        KafkaStreams streams = app.streams();
        streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), scheduler, REFRESH);
        streamsMetrics.bindTo(registry);
        Gauge.builder(CUSTOMERS, streams, this::customers)
                .description("Customers in this instance's customer-activity stores, counted at most once a minute")
                .register(registry);
        Gauge.builder(RUNNING, streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while Kafka Streams is RUNNING").register(registry);
        Gauge.builder(READY, app, a -> a.ready() ? 1 : 0)
                .description("1 while /health/ready answers ready").register(registry);
    }

    private double customers(KafkaStreams streams) {
        long now = System.nanoTime();
        if (Double.isNaN(customers) || now - countedAt > COUNT_EVERY.toNanos()) {
            customers = customersInState(streams);
            countedAt = now;
        }
        return customers;
    }

    /**
     * A count of the keys, not RocksDB's estimate: that one counts every overwrite not yet
     * compacted away, and was 250 times too high on a busy store. Reading every key once a minute
     * (on the scrape, off the stream threads) costs about a second of one core per million customers.
     */
    private static double customersInState(KafkaStreams streams) {
        try {
            ReadOnlyKeyValueStore<String, Object> activity = streams.store(StoreQueryParameters.fromNameAndType(
                    Names.CUSTOMER_ACTIVITY_STORE, QueryableStoreTypes.keyValueStore()));
            long count = 0;
            try (KeyValueIterator<String, Object> all = activity.all()) {
                while (all.hasNext()) {
                    all.next();
                    count++;
                }
            }
            return count;
        } catch (RuntimeException notQueryableNow) {
            return Double.NaN;
        }
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        scheduler.shutdownNow();
        registry.close();
    }
}
