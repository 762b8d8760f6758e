package dev.cdyn.bench;

import dev.cdyn.app.FormatLocale;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.Source;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.simulate.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The application's throughput against what Kafka Streams can do at all on the same broker, with
 * the same Avro records, in one run: the events of a workload are published once to fresh topics,
 * then read by (a) a plain consumer that only decodes them ({@link DecodingConsumer}), (b) a minimal
 * stateful exactly-once Streams application ({@link CountingApp}) over the application's six inputs,
 * the application itself (exactly-once, 100 ms commits, defaults otherwise), and, when the workload
 * leaves some inputs empty (the panel has orders only), (b1): ceiling (b) over the inputs that have
 * records, as an application written for that workload alone would read them (Kafka Streams does
 * work per record for every empty input of a task, and ceiling (b) pays it as the application
 * does). The JVM formats as {@code cdyn} makes it ({@link FormatLocale}). Broker, in-memory registry and readers share
 * this JVM. A warm-up of all three over the workload's events, on topics of their own, comes
 * first: on two cores the JIT compiler takes most of a core for the first half-minute of the
 * broker's and the readers' work, which would otherwise be measured as theirs.
 *
 * <p>Arguments: {@code mix [customers=2000] [days=90]} (the simulated steady mix of every channel,
 * keyed by customer id), {@code mix-own-keys [customers] [days]} (the same under the simulator's own
 * keys, through the repartition topic) or {@code panel [customers=25000]} (a retail panel's order
 * backfill, {@link RetailPanel});
 * {@code --warm-up N} events (default: all of the workload's; 0 for none), {@code --warm-up-rounds R} times
 * (default 1); {@code --rounds R} measured rounds (default 1), each on topics of its own, with each
 * round's ratio and their median at the end: on these machines one round can run at half the speed
 * of the next. Each Streams reader is timed from RUNNING until its group has no lag, and counts only
 * what its stream threads read inside that span (they start on the backlog before the application
 * is RUNNING, sometimes a whole partition). Prints a Markdown table per round: per reader the
 * records, those read in its span, seconds, records/s, the ratio to ceiling (b), the offsets it wrote per record read
 * (outputs, changelogs, repartition, transaction markers), which says how much work a record makes,
 * the offsets it wrote to the dead letters (none, when every event was taken in),
 * and the CPU time per record of the whole process and of the reading threads alone (the stream
 * threads), with the latter's ratio to (b)'s: the steadier comparison on a shared machine. Before the
 * table, a line per reader gives the process's CPU time in its span by group of threads
 * ({@link ThreadCpu}): the reading threads, the clients' network threads, the JIT compiler, the
 * garbage collector, and the rest (mostly the broker).
 */
public final class CeilingBench {

    /** Where both histories end: a fixed day in the past, so that the same arguments give the same events on any day. */
    private static final long END = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final String USAGE =
            "usage: CeilingBench mix [customers] [days] | mix-own-keys [customers] [days] | panel [customers]"
                    + "  [--warm-up N] [--warm-up-rounds R]"
                    + " [--rounds R]";

    private CeilingBench() {
    }

    /**
     * One reader's figures: its ratio is its rate over the rate of ceiling (b); {@code written} is
     * what it wrote to Kafka, as offsets (outputs, changelogs, repartition, transaction markers);
     * {@code cpuByGroup} the process's CPU seconds in the reader's span by group of threads ({@link ThreadCpu});
     * {@code readInSpan} how many of the {@code records} it read inside its span (a Streams
     * application's threads start before it is RUNNING), what its rate and CPU per record count.
     */
    record Row(String workload, String app, long records, long readInSpan, double seconds, long written,
               long deadLetters, double cpuSeconds, Map<String, Double> cpuByGroup) {

        /** CPU seconds of the reading threads (the stream threads, or the consumer's). */
        double readerCpuSeconds() {
            return cpuByGroup.get(ThreadCpu.READERS);
        }

        double rate() {
            return readInSpan / seconds;
        }

        /** CPU time of the whole process (broker included) per record read, in microseconds. */
        double cpuPerRecordMicros() {
            return cpuSeconds * 1e6 / readInSpan;
        }

        /** CPU time of the reading threads (the stream threads) per record read, in microseconds. */
        double readerCpuPerRecordMicros() {
            return readerCpuSeconds() * 1e6 / readInSpan;
        }

        String markdown(Row ceiling) {
            return String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %.2f | %,.0f | %.2f | %.1f | %,d | %.0f | %.0f | %.2f |",
                    workload, app, records, readInSpan, seconds, rate(), rate() / ceiling.rate(),
                    written / (double) records,
                    deadLetters,
                    cpuPerRecordMicros(), readerCpuPerRecordMicros(),
                    ceiling.readerCpuPerRecordMicros() / readerCpuPerRecordMicros());
        }
    }

    /** A reader to time: what reading all of the backlog took. */
    private interface Reader {
        CatchUp.Span read(Settings settings) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        FormatLocale.preferUsWhereAlike(); // as `cdyn` does: the application runs as it would there
        List<String> positional = new ArrayList<>();
        int warmUp = Integer.MAX_VALUE;
        int warmUpRounds = 1;
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            if ("--warm-up".equals(args[i]) && i + 1 < args.length) {
                warmUp = Integer.parseInt(args[++i]);
            } else if ("--warm-up-rounds".equals(args[i]) && i + 1 < args.length) {
                warmUpRounds = Integer.parseInt(args[++i]);
            } else if ("--rounds".equals(args[i]) && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (rounds < 1 || warmUpRounds < 0) {
            throw new IllegalArgumentException(USAGE);
        }
        String workload = positional.isEmpty() ? "mix" : positional.get(0);
        List<SimulatedEvent> events = switch (workload) {
            case "mix" -> mix(intArg(positional, 1, 2_000), intArg(positional, 2, 90));
            case "mix-own-keys" -> mixOwnKeys(intArg(positional, 1, 2_000), intArg(positional, 2, 90));
            case "panel" -> panel(intArg(positional, 1, 25_000));
            default -> throw new IllegalArgumentException(USAGE);
        };
        List<List<Row>> measured = measure(workload, events, warmUp, warmUpRounds, rounds);
        for (int round = 0; round < measured.size(); round++) {
            List<Row> rows = measured.get(round);
            if (measured.size() > 1) {
                System.out.println();
                System.out.println("round " + (round + 1) + " of " + measured.size() + ":");
            }
            System.out.println("| workload | app | records | read in its span | seconds | records/s | ratio to (b) "
                    + "| written per record | dead-letter offsets | process CPU µs per record "
                    + "| reading threads' CPU µs per record | their ratio to (b) |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            rows.forEach(row -> System.out.println(row.markdown(rows.get(1))));
            System.out.printf(Locale.ROOT, "pipeline / ceiling (b): %.2f (goal: at least 0.50); in stream-thread CPU per "
                    + "record: %.2f%n", pipelineRatio(rows),
                    rows.get(1).readerCpuPerRecordMicros() / rows.get(2).readerCpuPerRecordMicros());
            if (rows.size() > 3) {
                System.out.printf(Locale.ROOT, "pipeline / ceiling (b1), over the inputs with records: %.2f; in "
                        + "stream-thread CPU per record: %.2f%n", rows.get(2).rate() / rows.get(3).rate(),
                        rows.get(3).readerCpuPerRecordMicros() / rows.get(2).readerCpuPerRecordMicros());
            }
        }
        if (measured.size() > 1) {
            System.out.println();
            System.out.println(summary(measured));
        }
    }

    /**
     * Over several rounds in one run: each round's ratio of the pipeline to ceiling (b), and their
     * median, which a single slow or fast round does not move.
     */
    static String summary(List<List<Row>> rounds) {
        List<Double> ratios = rounds.stream().map(CeilingBench::pipelineRatio).toList();
        List<Double> cpu = rounds.stream().map(rows -> rows.get(2).readerCpuPerRecordMicros()).toList();
        return String.format(Locale.ROOT, "pipeline / ceiling (b) by round: %s, median %.2f (goal: at least 0.50); "
                        + "the pipeline's stream-thread CPU µs per record by round: %s, median %.0f",
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), median(ratios),
                cpu.stream().map(c -> String.format(Locale.ROOT, "%.0f", c)).toList(), median(cpu));
    }

    /** The application's rate over ceiling (b)'s in one round's rows ((a), (b), the application, (b1)). */
    private static double pipelineRatio(List<Row> rows) {
        return rows.get(2).rate() / rows.get(1).rate();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * On a broker of its own: the warm-up rounds, then {@code rounds} times (a), (b), the application
     * and (b1) over the workload's events, each round on topics of its own.
     */
    static List<List<Row>> measure(String workload, List<SimulatedEvent> events, int warmUp, int warmUpRounds,
                                   int rounds) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            for (int round = 1; warmUp > 0 && round <= warmUpRounds; round++) {
                compare(kafka, "warm-up-" + (warmUpRounds > 1 ? round + "-" : "") + workload,
                        events.subList(0, Math.min(warmUp, events.size())));
            }
            List<List<Row>> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                measured.add(compare(kafka, rounds > 1 ? workload + "-" + round : workload, events));
            }
            return measured;
        }
    }

    private static List<Row> compare(EmbeddedKafka kafka, String name, List<SimulatedEvent> events) throws Exception {
        Settings settings = Backlog.settings(kafka.bootstrapServers(), name, StreamsConfig.EXACTLY_ONCE_V2);
        Backlog.publish(settings, events);
        long records = events.size();
        Set<Source> used = events.stream().map(SimulatedEvent::source)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Source.class)));
        try (Admin admin = Admin.create(settings.adminProperties())) {
            List<Row> rows = new ArrayList<>(List.of(
                    time(admin, settings, name, "(a) plain consumer, Avro decode", records,
                            s -> DecodingConsumer.read(s, records)),
                    time(admin, settings, name, "(b) count per customer, exactly-once", records, CountingApp::catchUp),
                    time(admin, settings, name, "customer-dynamics, exactly-once", records, CatchUp::pipeline)));
            if (used.size() < Source.values().length) {
                // Kafka Streams works per record for each empty input of a task (ceiling (b) reads all six):
                // the same app over the inputs that have records is what one written for this workload reaches.
                rows.add(time(admin, settings, name, "(b1) the same, only the inputs with records "
                        + used.stream().map(Source::label).toList(), records,
                        s -> CountingApp.catchUp(s, used, "-counting-used")));
            }
            return rows;
        }
    }

    private static Row time(Admin admin, Settings settings, String workload, String app, long records, Reader reader)
            throws Exception {
        Map<String, Long> before = Backlog.endOffsets(admin);
        CatchUp.Span span = reader.read(settings);
        Map<String, Long> written = new TreeMap<>();
        Backlog.endOffsets(admin).forEach((topic, end) -> {
            long count = end - before.getOrDefault(topic, 0L);
            if (count > 0) {
                written.put(topic, count);
            }
        });
        // A Streams application's threads start on the backlog before it is RUNNING, where its span
        // starts: the rate is what was read inside the span over the span.
        long read = Math.round(records * span.readShare());
        if (read < records) {
            System.out.printf(Locale.ROOT, "%s, %s: %,d of the %,d records read before its span began%n", workload, app,
                    records - read, records);
        }
        Row row = new Row(workload, app, records, read, span.seconds(),
                written.values().stream().mapToLong(Long::longValue).sum(),
                written.getOrDefault(settings.topic(Topics.DEAD_LETTERS), 0L), span.cpuSeconds(),
                span.cpuByGroup());
        System.out.printf(Locale.ROOT, "%s, %s: %,d records in %.2f s, %,.0f records/s, %.1f s of CPU (%.1f s the "
                        + "reading threads'), %,d offsets written %s%n", row.workload(), row.app(), row.readInSpan(),
                row.seconds(), row.rate(), row.cpuSeconds(), row.readerCpuSeconds(),
                row.written(), written);
        System.out.printf(Locale.ROOT, "%s, %s: the process's CPU by threads: %s%n", row.workload(), row.app(),
                ThreadCpu.describe(row.cpuByGroup()));
        return row;
    }

    /**
     * The simulated steady mix, every event keyed by its customer's id, as {@code cdyn produce}
     * publishes events and the README asks of producers: each customer's events sit in one partition.
     */
    static List<SimulatedEvent> mix(int customers, int days) {
        List<SimulatedEvent> events = mixOwnKeys(customers, days).stream()
                .map(event -> new SimulatedEvent(event.source(), EventFields.customerId((SpecificRecordBase) event.value()),
                        event.value(), event.occurredAt()))
                .toList();
        System.out.println("each keyed by its customer's id");
        return events;
    }

    /**
     * The same mix under the simulator's own keys (calls, meetings, orders and tickets by their own
     * ids, e-mails by thread): most of it goes through the repartition topic. In a backfill the
     * partitions' tasks move through event time at different speeds, so a customer's events reach
     * the scoring step out of order, many by more than {@code events.grace.ms}: those go to the dead
     * letters as late unless the grace is raised (README, "Backfilling").
     */
    static List<SimulatedEvent> mixOwnKeys(int customers, int days) {
        List<SimulatedEvent> events = new ArrayList<>();
        new Simulation(customers, days, END, 42).run(events::add);
        System.out.printf("steady mix: %,d events of every channel for %,d customers over %d days%n", events.size(),
                customers, days);
        return events;
    }

    static List<SimulatedEvent> panel(int customers) {
        List<SimulatedEvent> orders = new RetailPanel(customers, END, 42).orders();
        System.out.println(RetailPanel.shape(orders).summary());
        return orders;
    }

    private static int intArg(List<String> args, int index, int fallback) {
        return args.size() > index ? Integer.parseInt(args.get(index)) : fallback;
    }
}
