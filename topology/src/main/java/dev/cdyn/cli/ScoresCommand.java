package dev.cdyn.cli;

import dev.cdyn.app.AvroJson;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "scores", mixinStandardHelpOptions = true,
        description = "Read the scores topic (or the alerts topic): the latest score per customer, or every record with --follow.")
final class ScoresCommand implements Callable<Integer> {

    enum Format { table, json }

    @Mixin
    SettingsOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--alerts", description = "Read the alerts topic instead of the scores topic.")
    boolean alerts;

    @Option(names = {"-f", "--follow"}, description = "Keep reading and print each new record as it arrives.")
    boolean follow;

    @Option(names = "--customer", paramLabel = "ID", description = "Only this customer.")
    String customer;

    @Option(names = "--format", defaultValue = "table", description = "table or json (JSON lines); default ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        PrintWriter out = spec.commandLine().getOut();
        String topic = settings.topic(alerts ? Topics.ALERTS : Topics.SCORES);
        try (ScoreBoard board = new ScoreBoard(settings, List.of(topic))) {
            if (alerts || follow) {
                if (format == Format.table) {
                    out.println(alerts ? alertHeader() : scoreHeader());
                }
                board.catchUp(record -> print(out, record));
                while (follow) {
                    board.poll(Duration.ofMillis(500), record -> print(out, record));
                }
            } else {
                board.catchUp(record -> { });
                if (format == Format.table) {
                    out.println(scoreHeader());
                }
                board.all().stream().filter(s -> customer == null || customer.equals(s.getCustomerId()))
                        .forEach(score -> out.println(format == Format.json ? AvroJson.write(score) : row(score)));
            }
            out.flush();
        }
        return 0;
    }

    private void print(PrintWriter out, ConsumerRecord<String, Object> record) {
        if (customer != null && !customer.equals(record.key())) {
            return;
        }
        if (format == Format.json) {
            out.println(record.value() == null ? "{\"customerId\":" + AvroJson.node(record.key()) + ",\"deleted\":true}"
                    : AvroJson.write(record.value()));
        } else if (record.value() instanceof CustomerScore score) {
            out.println(row(score));
        } else if (record.value() instanceof ScoreAlert alert) {
            out.println(row(alert));
        } else if (record.value() == null) {
            out.printf("%-14s (forgotten)%n", record.key());
        }
        out.flush();
    }

    static String scoreHeader() {
        return String.format("%-14s %6s %-8s %7s %-8s %-20s %s", "CUSTOMER", "RISK", "BAND", "LOYALTY", "TIER", "AS OF",
                "TOP REASON");
    }

    static String row(CustomerScore s) {
        return String.format("%-14s %6.3f %-8s %7.1f %-8s %-20s %s", s.getCustomerId(), s.getChurnRisk(), s.getRiskBand(),
                s.getLoyalty(), s.getLoyaltyTier(), s.getAsOf().toString().substring(0, 19), ScoreBoard.topRiskReason(s));
    }

    static String alertHeader() {
        return String.format("%-14s %-20s %-9s %-9s %7s %7s %-20s %s", "CUSTOMER", "ALERT", "FROM", "TO", "BEFORE", "AFTER",
                "AS OF", "WHY");
    }

    static String row(ScoreAlert a) {
        return String.format("%-14s %-20s %-9s %-9s %7.3f %7.3f %-20s %s", a.getCustomerId(), a.getKind(), a.getFromLevel(),
                a.getToLevel(), a.getBefore(), a.getAfter(), a.getAsOf().toString().substring(0, 19),
                String.join("; ", a.getTopReasons()));
    }
}
