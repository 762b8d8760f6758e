package dev.cdyn.cli;

import dev.cdyn.config.Settings;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
        Validation validation = new Validation(settings.maxFuture());
        long[] sent = {0};
        long[] skipped = {0};
        for (Path file : files) {
            Cdyn.requireReadableFile(file); // all of them before anything is sent
        }
        try (Publisher publisher = new Publisher(settings, 0)) {
            for (Path file : files) {
                long size = Math.max(1, Files.size(file));
                ProgressBar progress = size > 1_000_000 ? new ProgressBar(System.err, file.getFileName().toString(), size)
                        : null;
                skipped[0] += EventFiles.read(file, source, validation, err, (event, line) -> {
                    publisher.send(new SimulatedEvent(source, EventFields.customerId(event), event,
                            EventFields.occurredAtMillis(event)));
                    sent[0]++;
                    if (progress != null) {
                        progress.update(line.offset());
                    }
                });
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
        return EventFiles.source(type).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--type: '" + type + "' is not " + EventFiles.TYPES));
    }
}
