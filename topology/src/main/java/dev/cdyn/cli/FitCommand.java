package dev.cdyn.cli;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.training.FitRefused;
import dev.cdyn.training.FitReport;
import dev.cdyn.training.FittedModel;
import dev.cdyn.training.History;
import dev.cdyn.training.ModelTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Learn the churn model from history, with no labels given: the BG/NBD population by maximum"
                + " likelihood and the log-odds weights by penalised logistic regression, labels read from the history"
                + " itself (no order in the horizon after a cut-off the horizon before its end).",
                "Reads the interactions topic of a running application from the beginning (committed records only),"
                        + " or the files cdyn produce reads (--input TYPE=FILE). Prints the fit and, on customers held"
                        + " out of it, the metrics of the fitted model against recency alone and BG/NBD alone.",
                "Refuses (exit status 2) a history too short for the horizon (less than horizon + "
                        + ModelTraining.MIN_DAYS_BEFORE_CUTOFF + " days) or too small (fewer than "
                        + ModelTraining.MIN_BUYERS + " customers with an order by the cut-off, or no repeat buyer),"
                        + " and a BG/NBD fit the history does not pin down."})
final class FitCommand implements Callable<Integer> {

    enum Format { table, json }

    @Mixin
    SettingsOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--horizon-days", paramLabel = "DAYS",
            description = "The churn horizon to learn (default: the setting " + Settings.HORIZON_DAYS + ").")
    Integer horizonDays;

    @Option(names = {"-i", "--input"}, paramLabel = "TYPE=FILE",
            description = "Learn from this file of events (JSON lines or CSV, as cdyn produce reads) instead of the"
                    + " interactions topic; TYPE is " + EventFiles.TYPES + ". Repeatable.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table or json; default ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the fitted model as a properties file that cdyn run --config reads.")
    Path output;

    @Override
    public Integer call() throws IOException {
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int horizon = horizonDays != null ? horizonDays : settings.modelParameters().horizonDays();
        if (horizon < 1) {
            throw new ParameterException(spec.commandLine(), "--horizon-days: must be at least 1, got " + horizon);
        }
        History history = new History();
        try {
            if (inputs.isEmpty()) {
                readTopic(settings, history);
            } else {
                readFiles(settings, history, err);
            }
            FittedModel model = ModelTraining.fit(history, settings.modelParameters(), horizon, Instant.now());
            out.print(format == Format.json ? FitReport.json(model) + System.lineSeparator() : FitReport.table(model));
            if (output != null) {
                Files.writeString(output, FitReport.properties(model));
                if (format == Format.table) {
                    out.printf("%nWrote the fitted model to %s: cdyn run --config %s%n", output, output);
                }
            }
            return 0;
        } catch (FitRefused refused) {
            err.println("cdyn fit: refused: " + refused.getMessage());
            return Cdyn.BAD_SETTINGS;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static void readTopic(Settings settings, History history) {
        String topic = settings.topic(Topics.INTERACTIONS);
        try (TopicReader reader = new TopicReader(settings, List.of(topic))) {
            if (!reader.missing().isEmpty()) {
                throw new FitRefused("the interactions topic '" + topic + "' does not exist (setting "
                        + Topics.INTERACTIONS.setting() + "): is the application running, or give --input TYPE=FILE");
            }
            reader.catchUp(record -> {
                if (record.value() instanceof Interaction interaction) {
                    history.add(interaction);
                }
            });
        }
    }

    private void readFiles(Settings settings, History history, PrintWriter err) throws IOException {
        Validation validation = new Validation(settings.maxFuture());
        long skipped = 0;
        for (String input : inputs) {
            int equals = input.indexOf('=');
            Source source = equals < 0 ? null : EventFiles.source(input.substring(0, equals).trim()).orElse(null);
            if (source == null) {
                throw new ParameterException(spec.commandLine(), "--input: '" + input + "' is not TYPE=FILE with TYPE "
                        + EventFiles.TYPES);
            }
            Path file = Path.of(input.substring(equals + 1).trim());
            Cdyn.requireReadableFile(file);
            skipped += EventFiles.read(file, source, validation, err, (event, line) ->
                    history.add(IngestCheck.envelope(source, EventFields.customerId(event), EventFields.eventId(event),
                            EventFields.occurredAtMillis(event), file.toString(), 0, line.number(), event)));
        }
        if (skipped > 0) {
            err.printf("cdyn fit: skipped %,d bad line(s); learning from the rest%n", skipped);
        }
    }
}
