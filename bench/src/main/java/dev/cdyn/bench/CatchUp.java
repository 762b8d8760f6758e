package dev.cdyn.bench;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.local.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How long a consumer group takes to read a backlog: from a start the caller chooses (RUNNING, for
 * a Streams application) until the group's committed lag over the topics is zero. The lag is looked
 * at every 20 ms, so the figure is as fine as the commit interval allows; the first zero counts once
 * a second look a commit interval later confirms it.
 */
final class CatchUp {

    private static final long LOOK_MS = 20;
    private static final long CONFIRM_MS = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private CatchUp() {
    }

    /**
     * What reading a backlog took: wall-clock seconds; the CPU seconds of this whole process
     * (broker included) over the same span; those of the threads that did the reading (the stream
     * threads, or the consumer's own); and the process's CPU seconds by group of threads
     * ({@link ThreadCpu}). On a shared machine the CPU times are the steadier measures of the work,
     * since wall-clock time also counts what other tenants took.
     */
    record Span(double seconds, double cpuSeconds, Map<String, Double> cpuByGroup, double readShare) {

        Span(double seconds, double cpuSeconds, Map<String, Double> cpuByGroup) {
            this(seconds, cpuSeconds, cpuByGroup, 1.0);
        }

        double readerCpuSeconds() {
            return cpuByGroup.get(ThreadCpu.READERS);
        }

        /**
         * What reading the whole backlog takes at the span's rate: the span's seconds over the share
         * read inside it (the threads read some of it before the span began).
         */
        double wholeBacklogSeconds() {
            return seconds / readShare;
        }

        /** The same span, of which only {@code share} of the backlog was read inside it. */
        Span readingOnly(double share) {
            return new Span(seconds, cpuSeconds, cpuByGroup, share);
        }
    }

    /** A moment, by the wall clock and by the CPU time used so far by this process and its groups of threads. */
    record Mark(long nanos, ThreadCpu.Sample cpu, Predicate<String> readers) {

        /** @param readers which threads, by name, do the reading */
        static Mark now(Predicate<String> readers) {
            return new Mark(System.nanoTime(), ThreadCpu.now(readers), readers);
        }

        /** From this mark until now; the reading threads must still be alive. */
        Span spanToNow() {
            Mark end = now(readers);
            return new Span((end.nanos - nanos) / 1e9, (end.cpu.processNanos() - cpu.processNanos()) / 1e9,
                    cpu.secondsTo(end.cpu));
        }
    }

    /**
     * From now (the caller's RUNNING) until the group has no lag over the topics; the reading threads
     * are the group's stream threads (Kafka Streams names them after the application id). The span
     * says which share of the records its threads processed inside it.
     */
    static Span caughtUp(Admin admin, String groupId, Collection<String> topics, KafkaStreams streams)
            throws Exception {
        // Stream threads process as soon as their own tasks are ready, before the application as a
        // whole is RUNNING: what they read before the span is not the span's.
        long processedBefore = processed(streams);
        Mark start = Mark.now(name -> name.startsWith(groupId + "-") && name.contains("-StreamThread-"));
        long deadline = start.nanos() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ConsumerLag.of(admin, groupId, topics) == 0) {
                long processedBy = processed(streams);
                boolean readInSpan = processedBy > processedBefore;
                if (processedBy > 0 && !readInSpan) {
                    // A backlog small enough to be read before RUNNING: no rate can be told from the span.
                    System.out.printf("%s: all %,d records were read before RUNNING; its rate counts them over the"
                            + " span after it%n", groupId, processedBy);
                }
                Span span = start.spanToNow().readingOnly(
                        readInSpan ? (processedBy - processedBefore) / (double) processedBy : 1.0);
                Thread.sleep(CONFIRM_MS);
                if (ConsumerLag.of(admin, groupId, topics) == 0) {
                    return span;
                }
            }
            Thread.sleep(LOOK_MS);
        }
        throw new IllegalStateException(groupId + " did not catch up on " + topics + " within " + TIMEOUT);
    }

    /** Records the application's stream threads have processed so far (Streams' {@code process-total}). */
    static long processed(KafkaStreams streams) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            if (metric.getKey().group().equals("stream-thread-metrics") && metric.getKey().name().equals("process-total")
                    && metric.getValue().metricValue() instanceof Double d && !d.isNaN()) {
                total += d;
            }
        }
        return Math.round(total);
    }

    /**
     * Where the stream threads' time went, as Kafka Streams measures it: the share of their time in
     * polling, processing, punctuating and committing, how many times each was done (records, for
     * processing), and the blocked time of their producers.
     */
    static String threadTime(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> shares = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && (name.name().endsWith("-ratio")
                    || THREAD_TOTALS.contains(name.name())) || name.name().equals("blocked-time-ns-total")) {
                Object value = metric.metricValue();
                if (value instanceof Double d && !d.isNaN()) {
                    shares.merge(name.name(), d, Double::sum);
                }
            }
        });
        StringBuilder line = new StringBuilder("stream threads:");
        shares.forEach((name, value) -> line.append(name.endsWith("-ratio")
                ? String.format(Locale.ROOT, " %s %.2f", name, value)
                : THREAD_TOTALS.contains(name) ? String.format(Locale.ROOT, " %s %,.0f", name, value)
                : String.format(Locale.ROOT, " %s %.2f s", name.replace("-ns-total", ""), value / 1e9)));
        return line.toString();
    }

    /** How often the threads polled, processed, punctuated and committed, summed over the threads. */
    private static final List<String> THREAD_TOTALS = List.of("poll-total", "process-total", "punctuate-total",
            "commit-total");

    /** How the stream threads' producers batched: batches, records per batch and request, bytes per batch, compression. */
    static String producerBatches(Map<MetricName, ? extends Metric> metrics) {
        Map<String, List<Double>> figures = new TreeMap<>();
        metrics.forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && PRODUCER_FIGURES.contains(name.name())
                    && metric.metricValue() instanceof Double d && !d.isNaN()) {
                figures.computeIfAbsent(name.name(), k -> new ArrayList<>()).add(d);
            }
        });
        StringBuilder line = new StringBuilder("producers:");
        figures.forEach((name, values) -> line.append(String.format(Locale.ROOT, " %s %s", name, values.stream()
                .map(v -> String.format(Locale.ROOT, "%.1f", v)).toList())));
        return line.toString();
    }

    private static final List<String> PRODUCER_FIGURES = List.of("batch-size-avg", "records-per-request-avg",
            "record-send-total", "request-total", "compression-rate-avg", "bufferpool-wait-time-ns-total");

    /**
     * The application's span from RUNNING until it has read all of its inputs and its repartition
     * topic; its state folder is removed after it.
     */
    static Span pipeline(Settings settings) throws Exception {
        return pipeline(settings, stateDir -> { });
    }

    /** As {@link #pipeline(Settings)}, handing the state folder to {@code closed} once the application has closed. */
    static Span pipeline(Settings settings, Consumer<Path> closed) throws Exception {
        Path stateDir = Path.of(settings.streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG));
        try {
            Span span;
            try (Admin admin = Admin.create(settings.adminProperties());
                 CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not running: " + app.streams().state());
                }
                // From RUNNING: start-up is not throughput.
                span = caughtUp(admin, settings.getString(Settings.APPLICATION_ID), Topics.consumed(settings),
                        app.streams());
                System.out.println(threadTime(app.streams().metrics()));
                System.out.println(producerBatches(app.streams().metrics()));
            }
            closed.accept(stateDir);
            return span;
        } finally {
            EmbeddedKafka.deleteQuietly(stateDir);
        }
    }
}
