package dev.cdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any text in a file given to {@code cdyn produce} (or {@code cdyn fit}) gives events, lines
 * skipped with one line each naming the file and line, or one line naming the file: never a stack
 * trace. A run of the tests replays the inputs under {@code src/test/resources/dev/cdyn/cli/
 * EventFilesFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (RELIABILITY.md, Fuzzing).
 *
 * <p>The first input byte chooses CSV (bit 0) or JSON lines, and the event type (the next bits);
 * the rest is the file's content.
 */
class EventFilesFuzzTest {

    private static final Path FOLDER = folder();
    private static final Validation VALIDATION = new Validation(Duration.ofMinutes(5));

    private static Path folder() {
        try {
            Path folder = Files.createTempDirectory("cdyn-fuzz-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void anyTextGivesEventsOrOneLineErrors(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        boolean csv = (input[0] & 1) != 0;
        Source source = Source.values()[((input[0] & 0xff) >> 1) % Source.values().length];
        Path file = FOLDER.resolve(csv ? "events.csv" : "events.jsonl");
        Files.write(file, Arrays.copyOfRange(input, 1, input.length));
        StringWriter err = new StringWriter();
        long[] events = {0};
        try {
            long skipped = EventFiles.read(file, source, VALIDATION, new PrintWriter(err, true), (event, line) -> {
                assertTrue(source.contract().isInstance(event), "a " + source + " event");
                events[0]++;
            });
            List<String> problems = err.toString().lines().toList();
            assertEquals(skipped, problems.size(), "one line per skipped line: " + err);
            for (String problem : problems) {
                assertTrue(problem.startsWith(file + ":"), "names the file and line: " + problem);
            }
        } catch (FileSystemException e) {
            String problem = Cdyn.problem(e);
            assertTrue(problem.startsWith(file.toString()), problem);
            assertFalse(problem.contains("\n") || problem.contains("\r"), "one line: " + problem);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
