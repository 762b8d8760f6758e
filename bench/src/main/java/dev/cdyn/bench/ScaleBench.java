package dev.cdyn.bench;

import dev.cdyn.app.FormatLocale;
import dev.cdyn.config.Settings;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.simulate.SimulatedEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application's cost as customers grow: a retail panel's order backfill of N customers
 * ({@link RetailPanel}, about two orders each) read by the application (exactly-once, defaults),
 * timed as {@link CeilingBench} times it; then the customers' state on disk (the RocksDB files of
 * every store, over the customers), the changelog written per order (the bytes of the activity
 * changelog on the broker, over the orders), and the JVM's heap in use after a collection and its
 * resident memory. Broker and application share the JVM, so heap and RSS are both of theirs.
 *
 * <p>Arguments: customer counts, e.g. {@code 10000 100000 1000000}; each on a broker of its own,
 * after a warm-up on 5,000 customers that is not counted.
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    record Row(int customers, int orders, double seconds, long stateBytes, long changelogBytes, long heapBytes,
               long rssBytes) {

        static String header() {
            return "| customers | orders | seconds | orders/s | µs per order | state on disk per customer"
                    + " | changelog per order | heap after GC | RSS |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |";
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %,d | %,d | %.1f | %,.0f | %.0f | %,d B | %,d B | %,d MiB | %,d MiB |",
                    customers, orders, seconds, orders / seconds, seconds * 1e6 / orders, stateBytes / customers,
                    changelogBytes / orders, heapBytes >> 20, rssBytes >> 20);
        }
    }

    public static void main(String[] args) throws Exception {
        FormatLocale.preferUsWhereAlike(); // as `cdyn` does: the application runs as it would there
        List<Integer> sizes = args.length == 0 ? List.of(10_000, 100_000)
                : Stream.of(args).map(Integer::parseInt).toList();
        // A first run in a cold JVM is markedly slower (compilation): one on 5,000 customers, not counted.
        System.out.println("warm-up: " + measure(5_000).markdown());
        StringBuilder table = new StringBuilder(Row.header()).append('\n');
        for (int customers : sizes) {
            Row row = measure(customers);
            System.out.println(row.markdown());
            table.append(row.markdown()).append('\n');
        }
        System.out.print(table);
    }

    static Row measure(int customers) throws Exception {
        List<SimulatedEvent> orders = CeilingBench.panel(customers);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            Settings settings = Backlog.settings(kafka.bootstrapServers(), "scale-" + customers,
                    StreamsConfig.EXACTLY_ONCE_V2);
            Backlog.publish(settings, orders);
            long[] state = new long[1];
            // Measured once the application closed: its stores are flushed to their files then.
            CatchUp.Span span = CatchUp.pipeline(settings, stateDir -> state[0] = sizeOf(stateDir));
            double seconds = span.wholeBacklogSeconds();
            long changelog;
            try (Admin admin = Admin.create(settings.adminProperties())) {
                changelog = changelogBytes(admin, settings.getString(Settings.APPLICATION_ID));
            }
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Row(customers, orders.size(), seconds, state[0], changelog, heap, residentBytes());
        }
    }

    /** The bytes of the files under a folder. */
    static long sizeOf(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The bytes on the broker's disk of the application's changelog topics. */
    private static long changelogBytes(Admin admin, String applicationId) throws Exception {
        long bytes = 0;
        var brokers = admin.describeCluster().nodes().get().stream().map(node -> node.id()).toList();
        for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    String topic = replica.getKey().topic();
                    if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return bytes;
    }

    /** This process's resident memory, from /proc (0 where there is none). */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
