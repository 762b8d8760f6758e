package dev.cdyn.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Where this process's CPU time goes, in groups of threads: the reading threads (the stream threads
 * or a consumer's, by name), the clients' network threads (producers', consumers' heart-beats,
 * admin), the JIT compiler, the garbage collector with the JVM's safepoint thread, and the rest (the broker, the registry, RocksDB's
 * background threads, anything else). On two cores shared by broker and readers, a run's figure says
 * little without this: the compiler alone can take a fifth of a measured run.
 *
 * <p>Java threads are read through {@link ThreadMXBean} by their full names; the JVM's own threads,
 * which it does not list, from {@code /proc/self/task/<tid>/stat} on Linux (elsewhere they fall into
 * the rest). A thread that ends during a span takes its time out of its group and into the rest.
 */
final class ThreadCpu {

    static final String READERS = "reading threads";
    static final String CLIENT_IO = "clients' network threads";
    static final String COMPILER = "JIT compiler";
    static final String GC = "GC and VM thread";
    static final String REST = "the rest (broker, registry, RocksDB)";

    /** Linux's clock tick for {@code /proc} times: 100 per second on every architecture Java runs on there. */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Path TASKS = Path.of("/proc/self/task");

    private ThreadCpu() {
    }

    /** The CPU time used so far, by the process and by each group (without the rest, which spans compute). */
    record Sample(long processNanos, Map<String, Long> groups) {

        /** Seconds per group from this sample to a later one, the rest being the process's time not in a group. */
        Map<String, Double> secondsTo(Sample later) {
            Map<String, Double> seconds = new LinkedHashMap<>();
            long grouped = 0;
            for (String group : new String[] {READERS, CLIENT_IO, COMPILER, GC}) {
                long used = Math.max(0, later.groups.getOrDefault(group, 0L) - groups.getOrDefault(group, 0L));
                grouped += used;
                seconds.put(group, used / 1e9);
            }
            seconds.put(REST, Math.max(0, later.processNanos - processNanos - grouped) / 1e9);
            return seconds;
        }
    }

    /** @param readers which Java threads, by name, do the reading */
    static Sample now(Predicate<String> readers) {
        Map<String, Long> groups = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long used = threads.getThreadCpuTime(thread.getId());
            if (used > 0) {
                String name = thread.getName();
                String group = readers.test(name) ? READERS : isClientIo(name) ? CLIENT_IO : null;
                if (group != null) {
                    groups.merge(group, used, Long::sum);
                }
            }
        }
        jvmThreads(groups);
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Sample(process, groups);
    }

    /** "JIT compiler 1.40 s, ..." for a span, as printed after each reader. */
    static String describe(Map<String, Double> seconds) {
        StringBuilder line = new StringBuilder();
        seconds.forEach((group, s) -> line.append(line.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f s", group, s)));
        return line.toString();
    }

    /** Producers' and admin clients' I/O threads, and consumers' heart-beats: named by the client library. */
    static boolean isClientIo(String name) {
        return name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-admin-client-thread")
                || name.startsWith("kafka-coordinator-heartbeat-thread");
    }

    /** The JVM's compiler and collector threads, by the name the JVM gives them (at most 15 characters in /proc). */
    static Optional<String> jvmGroup(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return Optional.of(COMPILER);
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
            return Optional.of(GC);
        }
        return Optional.empty();
    }

    /**
     * A thread's name and CPU ticks (user and system) from its {@code stat} line. The name stands in
     * parentheses and may hold spaces and parentheses itself, so the fields are counted from the last
     * closing one: state, then 10 more, then utime and stime.
     */
    static Optional<Map.Entry<String, Long>> parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] fields = line.substring(close + 1).trim().split(" +");
        if (fields.length < 13) {
            return Optional.empty();
        }
        try {
            return Optional.of(Map.entry(line.substring(open + 1, close),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void jvmThreads(Map<String, Long> groups) {
        if (!Files.isDirectory(TASKS)) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    parseStat(Files.readString(task.resolve("stat"))).ifPresent(stat -> jvmGroup(stat.getKey())
                            .ifPresent(group -> groups.merge(group, stat.getValue() * NANOS_PER_TICK, Long::sum)));
                } catch (IOException ended) {
                    // the thread ended between the listing and the read: its time is in the rest
                }
            });
        } catch (IOException unreadable) {
            // no per-thread times here: the compiler and the collector stay in the rest
        }
    }
}
