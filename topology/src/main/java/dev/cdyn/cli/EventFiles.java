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
import java.io.IOException;
import java.io.PrintWriter;
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
            while ((text = in.readLine()) != null) {
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

    /** CSV with a header row of field names; an empty cell is null. Line numbers count the header as line 1. */
    private static void readCsv(Path file, LineHandler handle) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            long number = 1;
            while (rows.hasNextValue()) {
                number++;
                Map<String, String> row = rows.nextValue();
                ObjectNode json = JsonNodeFactory.instance.objectNode();
                row.forEach((k, v) -> json.put(k.trim(), v == null || v.isEmpty() ? null : v));
                handle.accept(new Line(number, rows.getCurrentLocation().getCharOffset(), json, Optional.empty()));
            }
        }
    }
}
