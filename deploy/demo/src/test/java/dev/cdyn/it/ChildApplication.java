package dev.cdyn.it;

import dev.cdyn.cli.Cdyn;
import dev.cdyn.config.Settings;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code cdyn run} in a JVM of its own, as an operator starts it, so that a test can kill it
 * without a shutdown (SIGKILL: no hook runs, no commit, no leaving the group) and start it again
 * on the same state folder. Its output goes to a log file named in every failure.
 */
final class ChildApplication implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildApplication(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code cdyn run} with every setting of {@code settings} in a properties file. */
    static ChildApplication start(Settings settings, Path folder, String name) throws IOException {
        Path config = folder.resolve(name + ".properties");
        Properties props = new Properties();
        settings.originals().forEach((key, value) -> props.setProperty(key, String.valueOf(value)));
        try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            props.store(out, null);
        }
        return start(List.of("run", "--config", config.toString(), "--startup-timeout", "60"),
                folder.resolve(name + ".log"));
    }

    /** Starts {@code cdyn ARGS} in a JVM of its own, its output written to {@code log}. */
    static ChildApplication start(List<String> cdynArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Cdyn.class.getName()));
        command.addAll(cdynArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Not left behind if the test's JVM ends first (a timeout, a failing build).
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new ChildApplication(process, log);
    }

    /** Waits until the application logs that it is RUNNING; fails with its log if it does not, or dies. */
    void awaitRunning(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .anyMatch(line -> line.matches(".*Application \\S+ is RUNNING.*"))) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("cdyn run exited with " + process.exitValue() + ":\n" + log());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cdyn run did not reach RUNNING within " + timeout + ":\n" + log());
    }

    /** SIGKILL: the process ends at once, in the middle of whatever it was doing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("a killed process is still alive");
        }
    }

    /** SIGTERM: the graceful stop an operator gives; returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("cdyn run did not stop within a minute of SIGTERM");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
