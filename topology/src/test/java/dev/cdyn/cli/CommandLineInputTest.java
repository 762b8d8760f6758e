package dev.cdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's own bad input: one line naming the path, exit status 2, no stack trace. */
class CommandLineInputTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int cdyn(String... args) {
        CommandLine line = Cdyn.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    /** Asserts the error output is exactly one line, naming {@code path} and saying {@code why}, and no stack trace. */
    private void assertOneLineNaming(Path path, String why) {
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line: " + err);
        assertTrue(lines.get(0).contains(path.toString()), "names " + path + ": " + lines.get(0));
        assertTrue(lines.get(0).contains(why), "says " + why + ": " + lines.get(0));
        assertFalse(err.toString().contains("Exception"), "no exception name or stack trace: " + err);
    }

    private Path orders() throws IOException {
        return Files.writeString(dir.resolve("orders.jsonl"), "");
    }

    @Test
    void produceOfAMissingFileExitsTwoNamingItAndSendsNothing() throws IOException {
        Path missing = dir.resolve("missing.jsonl");

        int status = cdyn("produce", "--type", "orders", "--bootstrap-servers", "localhost:1", orders().toString(),
                missing.toString());

        assertEquals(2, status);
        assertOneLineNaming(missing, "no such file");
        assertEquals("", out.toString(), "nothing reported as sent: the files are checked before any is sent");
    }

    @Test
    void produceOfADirectoryExitsTwoNamingIt() {
        int status = cdyn("produce", "--type", "orders", "--bootstrap-servers", "localhost:1", dir.toString());

        assertEquals(2, status);
        assertOneLineNaming(dir, "is a directory");
    }

    @Test
    void aMissingConfigFileExitsTwoNamingIt() throws IOException {
        Path missing = dir.resolve("cluster.properties");

        int status = cdyn("produce", "--type", "orders", "--config", missing.toString(), orders().toString());

        assertEquals(2, status);
        assertOneLineNaming(missing, "no such file");
        assertTrue(err.toString().contains("--config"), "names the option: " + err);
    }

    @Test
    void aDirectoryGivenAsConfigFileExitsTwoNamingIt() throws IOException {
        int status = cdyn("produce", "--type", "orders", "--config", dir.toString(), orders().toString());

        assertEquals(2, status);
        assertOneLineNaming(dir, "is a directory");
    }

    @Test
    void anUnreadableConfigFileExitsTwoNamingIt() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.properties"), "application.id=x\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(secret), "the superuser reads every file: nothing to test as root");

        int status = cdyn("produce", "--type", "orders", "--config", secret.toString(), orders().toString());

        assertEquals(2, status);
        assertOneLineNaming(secret, "permission denied");
    }

    @Test
    void fitOfADirectoryAsInputExitsTwoNamingIt() {
        int status = cdyn("fit", "--input", "orders=" + dir);

        assertEquals(2, status);
        assertOneLineNaming(dir, "is a directory");
    }

    @Test
    void kafkaStreamsConfigurationWarningsReachTheTerminalOnlyForRun() {
        String before = System.getProperty(Cdyn.STREAMS_CONFIG_LOG_LEVEL);
        try {
            System.clearProperty(Cdyn.STREAMS_CONFIG_LOG_LEVEL);
            Cdyn.prepareLogging(new String[] {"produce", "--type", "orders", "x.jsonl"});
            assertEquals(Level.ERROR, streamsConfigLevel(), "produce");

            Cdyn.prepareLogging(new String[] {"run"});
            assertEquals(Level.WARN, streamsConfigLevel(), "run");
        } finally {
            if (before == null) {
                System.clearProperty(Cdyn.STREAMS_CONFIG_LOG_LEVEL);
            } else {
                System.setProperty(Cdyn.STREAMS_CONFIG_LOG_LEVEL, before);
            }
        }
    }

    /** The level the shipped log4j2.xml gives Kafka Streams' configuration logger, read afresh. */
    private static Level streamsConfigLevel() {
        try (LoggerContext context = Configurator.initialize("cdyn-log-config-" + System.nanoTime(),
                CommandLineInputTest.class.getClassLoader(), "classpath:log4j2.xml")) {
            return context.getConfiguration().getLoggerConfig("org.apache.kafka.streams.StreamsConfig").getLevel();
        }
    }
}
