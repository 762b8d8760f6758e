package dev.cdyn.cli;

import dev.cdyn.app.AvroJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.cdyn.config.Settings;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.Rejection;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecordBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publish your own events from JSON-lines (.jsonl, .json) or CSV (.csv, with a header row) files"
                + " to the topic of their type, registering the schema.",
                "Fields as in the contract (schemas/src/main/avro); times as ISO-8601 or epoch milliseconds. A line that"
                        + " cannot become a valid event is reported with its line number and skipped, never sent."})
final class ProduceCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--type"}, required = true,
            description = "What the files hold: accounts, calls, emails, meetings, orders or support-tickets.")
    String type;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to publish.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        Source source = source(type);
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordReader reader = new RecordReader(source.contract());
        Validation validation = new Validation(settings.maxFuture());
        long[] sent = {0};
        long[] skipped = {0};
        try (Publisher publisher = new Publisher(settings, 0)) {
            for (Path file : files) {
                long size = Math.max(1, Files.size(file));
                ProgressBar progress = size > 1_000_000 ? new ProgressBar(System.err, file.getFileName().toString(), size)
                        : null;
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
                    publisher.send(new SimulatedEvent(source, EventFields.customerId(event), event,
                            EventFields.occurredAtMillis(event)));
                    sent[0]++;
                    if (progress != null) {
                        progress.update(line.offset());
                    }
                };
                if (file.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    readCsv(file, handle);
                } else {
                    readJsonLines(file, handle);
                }
                if (progress != null) {
                    progress.done(size);
                }
            }
            publisher.flush();
        }
        out.printf("Sent %,d %s event(s) to %s; skipped %,d bad line(s)%n", sent[0], source.label(),
                settings.topic(source.topic()), skipped[0]);
        out.flush();
        err.flush();
        return skipped[0] == 0 ? 0 : 1;
    }

    private Source source(String type) {
        for (Source source : Source.values()) {
            if (source.label().equalsIgnoreCase(type) || source.name().equalsIgnoreCase(type)) {
                return source;
            }
        }
        throw new ParameterException(spec.commandLine(),
                "--type: '" + type + "' is not one of accounts, calls, emails, meetings, orders, support-tickets");
    }

    /** One input line: its number, how far into the file it ends, its JSON, or why it could not be parsed. */
    record Line(long number, long offset, JsonNode json, Optional<String> problem) {
    }

    interface LineHandler {
        void accept(Line line);
    }

    static void readJsonLines(Path file, LineHandler handle) throws IOException {
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
    static void readCsv(Path file, LineHandler handle) throws IOException {
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
