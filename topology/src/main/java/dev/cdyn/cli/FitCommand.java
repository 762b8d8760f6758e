package dev.cdyn.cli;

import dev.cdyn.activity.ModelRecords;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.training.FitRefused;
import dev.cdyn.training.FitReport;
import dev.cdyn.training.FittedModel;
import dev.cdyn.training.History;
import dev.cdyn.training.ModelTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
                        + " and a BG/NBD fit the history does not pin down.",
                "--publish writes the fitted model to the model topic, where a running application takes it up and"
                        + " re-scores every customer with it; a refused fit publishes nothing."})
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

    @Option(names = "--publish", description = "Write the fitted model to the model topic (setting "
            + "topics.model), with the registry of the settings: running applications score with it from then on.")
    boolean publish;

    @Option(names = "--publish-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the brokers to take the model (default ${DEFAULT-VALUE}).")
    int publishTimeoutSeconds;

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
            if (publish) {
                ScoringModel record = FitReport.record(model);
                String topic = publish(settings, record);
                // Standard output stays one JSON document in JSON format.
                (format == Format.table ? out : err).printf("%nPublished model %s to %s (key %s)%n",
                        record.getVersion(), topic, ModelRecords.CHURN_MODEL_KEY);
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

    /** Writes the model to the model topic and waits until the brokers have it; returns the topic. */
    private String publish(Settings settings, ScoringModel record) {
        String topic = settings.topic(Topics.MODEL);
        Properties props = new Properties();
        props.putAll(settings.clientProperties(ProducerConfig.configNames()));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(publishTimeoutSeconds).toMillis());
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(settings.serdeConfig());
             Admin admin = Admin.create(settings.adminProperties());
             KafkaProducer<String, ScoringModel> producer = new KafkaProducer<>(props,
                     Topics.MODEL.keySerde().serializer(), Topics.MODEL.valueSerde(serdes).serializer())) {
            if (!admin.listTopics().names().get(publishTimeoutSeconds, TimeUnit.SECONDS).contains(topic)) {
                throw new FitRefused("the model topic '" + topic + "' does not exist (setting " + Topics.MODEL.setting()
                        + "): create it with cdyn topics; nothing was published");
            }
            producer.send(new ProducerRecord<>(topic, ModelRecords.CHURN_MODEL_KEY, record))
                    .get(publishTimeoutSeconds, TimeUnit.SECONDS);
            return topic;
        } catch (ExecutionException e) {
            throw new FitRefused("the model could not be published to '" + topic + "': " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new FitRefused("the model could not be published to '" + topic + "' within " + publishTimeoutSeconds
                    + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FitRefused("interrupted while publishing the model");
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
