package dev.cdyn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.cdyn.app.AvroJson;
import dev.cdyn.ingest.Rejection;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import java.io.BufferedReader;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Events of one type from JSON-lines (.jsonl, .json) or CSV (.csv, with a header row) files: what
 * {@code cdyn produce} publishes and {@code cdyn fit} learns from. A line that cannot become a
 * valid event is reported with its line number and skipped.
 */
final class EventFiles {

    static final String TYPES = "one of accounts, calls, emails, meetings, orders, support-tickets";

    private EventFiles() {
    }

    /** The source of a type as the user names it ({@code orders}, {@code support-tickets}, {@code SUPPORT_TICKETS}). */
    static Optional<Source> source(String type) {
        for (Source source : Source.values()) {
            if (source.label().equalsIgnoreCase(type) || source.name().equalsIgnoreCase(type)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }

    /** A valid event and the line it came from. */
    interface EventHandler {
        void accept(SpecificRecordBase event, Line line);
    }

    /** Hands every valid event of the file to {@code each}; returns how many lines were skipped. */
    static long read(Path file, Source source, Validation validation, PrintWriter err, EventHandler each)
            throws IOException {
        RecordReader reader = new RecordReader(source.contract());
        long[] skipped = {0};
        LineHandler handle = line -> {
            Optional<String> problem = line.problem();
            SpecificRecordBase event = null;
            if (problem.isEmpty()) {
                try {
                    event = reader.read(line.json());
                    problem = validation.check(event, System.currentTimeMillis()).map(Rejection::detail);
                } catch (RecordReader.BadRecord e) {
                    problem = Optional.of(e.getMessage());
                }
            }
            if (problem.isPresent()) {
                err.printf("%s:%d: skipped: %s%n", file, line.number(), problem.get());
                skipped[0]++;
                return;
            }
            each.accept(event, line);
        };
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            readCsv(file, handle);
        } else {
            readJsonLines(file, handle);
        }
        return skipped[0];
    }

    /** One input line: its number, how far into the file it ends, its JSON, or why it could not be parsed. */
    record Line(long number, long offset, JsonNode json, Optional<String> problem) {
    }

    private interface LineHandler {
        void accept(Line line);
    }

    private static void readJsonLines(Path file, LineHandler handle) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String text;
            long number = 0;
            long offset = 0;
            while ((text = nextLine(in, file, number + 1)) != null) {
                number++;
                offset += text.length() + 1;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    handle.accept(new Line(number, offset, AvroJson.MAPPER.readTree(text), Optional.empty()));
                } catch (JsonProcessingException e) {
                    handle.accept(new Line(number, offset, null, Optional.of("not JSON: " + e.getOriginalMessage())));
                }
            }
        }
    }

    /** The next line, or null at the end; text that is not UTF-8 stops the file with one line naming it. */
    private static String nextLine(BufferedReader in, Path file, long number) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw unreadable(file, number, "not UTF-8 text");
        }
    }

    /**
     * CSV with a header row of field names; an empty cell is null. Line numbers count the header as
     * line 1. A row that is not CSV (more cells than the header, a quote never closed, bytes that are
     * not UTF-8) stops the file with one line naming it and the row: the parser cannot be trusted
     * past it, and what follows would be misread.
     */
    private static void readCsv(Path file, LineHandler handle) throws IOException {
        CsvMapper mapper = new CsvMapper();
        long number = 1;
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (rows.hasNextValue()) {
                number++;
                Map<String, String> row = rows.nextValue();
                ObjectNode json = JsonNodeFactory.instance.objectNode();
                row.forEach((k, v) -> json.put(k.trim(), v == null || v.isEmpty() ? null : v));
                handle.accept(new Line(number, rows.getCurrentLocation().getCharOffset(), json, Optional.empty()));
            }
        } catch (JsonProcessingException e) {
            throw unreadable(file, number, "not CSV: " + e.getOriginalMessage());
        } catch (CharConversionException e) {
            throw unreadable(file, number, "not UTF-8 text: " + e.getMessage());
        }
    }

    /** What the command line reports in one line naming the file: where and why it cannot be read on. */
    private static FileSystemException unreadable(Path file, long number, String why) {
        return new FileSystemException(file.toString(), null,
                "line " + number + ": " + why.replaceAll("\\s+", " ").strip());
    }
}
