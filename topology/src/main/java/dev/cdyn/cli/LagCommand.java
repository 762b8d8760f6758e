package dev.cdyn.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdyn.app.AvroJson;
import dev.cdyn.app.ConsumerLag;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"The application's consumer group as kafka-consumer-groups --describe shows it: per topic and"
                + " partition the committed offset, the end offset (read-committed), the lag in records and in time"
                + " (age of the oldest unprocessed record of an input, by its record timestamp; '?' for the"
                + " repartition topic, whose records carry event time), with totals per topic and overall.",
                "Exit status: 0 within bounds, " + LagCommand.OVER_MAX_LAG + " above --max-lag, "
                        + LagCommand.OVER_MAX_LAG_SECONDS + " above --max-lag-seconds (" + LagCommand.OVER_MAX_LAG
                        + " when both), " + Cdyn.BAD_SETTINGS + " for a bad setting."})
final class LagCommand implements Callable<Integer> {

    static final int OVER_MAX_LAG = 3;
    static final int OVER_MAX_LAG_SECONDS = 4;

    enum Format { table, json }

    @Mixin
    SettingsOptions options;

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table or json; default ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--watch", paramLabel = "SECONDS", arity = "0..1", fallbackValue = "5",
            description = "Refresh every SECONDS (5 if not given) until stopped; the exit status is that of the last look.")
    Integer watchSeconds;

    @Option(names = "--max-lag", paramLabel = "RECORDS", description = "Exit with " + OVER_MAX_LAG
            + " when the total lag is above RECORDS.")
    Long maxLag;

    @Option(names = "--max-lag-seconds", paramLabel = "SECONDS", description = "Exit with " + OVER_MAX_LAG_SECONDS
            + " when the oldest unprocessed record is older than SECONDS.")
    Long maxLagSeconds;

    @Override
    public Integer call() throws Exception {
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        PrintWriter out = spec.commandLine().getOut();
        String group = settings.getString(Settings.APPLICATION_ID);
        List<String> topics = Topics.consumed(settings);
        try (Admin admin = Admin.create(settings.adminProperties())) {
            while (true) {
                // The repartition topic's records carry event time, not the time they were written: its
                // age would be the age of the history being replayed, so it is left out ("?").
                List<ConsumerLag.Partition> partitions = ConsumerLag.withTimeLag(
                        ConsumerLag.describe(admin, group, topics), Topics.inputNames(settings),
                        settings.clientProperties(ConsumerConfig.configNames()));
                long now = System.currentTimeMillis();
                out.println(format == Format.json ? json(group, partitions, now) : table(group, partitions, now));
                out.flush();
                int status = status(partitions, now);
                if (watchSeconds == null) {
                    return status;
                }
                Thread.sleep(Duration.ofSeconds(Math.max(1, watchSeconds)).toMillis());
            }
        }
    }

    int status(List<ConsumerLag.Partition> partitions, long now) {
        if (maxLag != null && ConsumerLag.total(partitions) > maxLag) {
            return OVER_MAX_LAG;
        }
        if (maxLagSeconds != null && maxTimeLagMs(partitions, now) > maxLagSeconds * 1000) {
            return OVER_MAX_LAG_SECONDS;
        }
        return 0;
    }

    static long maxTimeLagMs(List<ConsumerLag.Partition> partitions, long now) {
        return partitions.stream().mapToLong(p -> p.timeLagMs(now)).max().orElse(0);
    }

    static String table(String group, List<ConsumerLag.Partition> partitions, long now) {
        StringBuilder text = new StringBuilder();
        text.append("group ").append(group).append(" at ").append(Instant.ofEpochMilli(now)).append('\n');
        String format = "%-48s %9s %12s %12s %10s %12s%n";
        text.append(String.format(format, "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "TIME-LAG"));
        for (Map.Entry<String, List<ConsumerLag.Partition>> topic : byTopic(partitions).entrySet()) {
            for (ConsumerLag.Partition p : topic.getValue()) {
                text.append(String.format(format, p.topic(), p.partition(), p.committed() < 0 ? "-" : p.committed(),
                        p.end(), p.lag(), duration(p.timeLagMs(now))));
            }
            text.append(String.format(format, topic.getKey(), "total", "", "", ConsumerLag.total(topic.getValue()),
                    duration(maxTimeLagMs(topic.getValue(), now))));
        }
        text.append(String.format(format, "all topics", "total", "", "", ConsumerLag.total(partitions),
                duration(maxTimeLagMs(partitions, now))));
        return text.toString().stripTrailing();
    }

    static String json(String group, List<ConsumerLag.Partition> partitions, long now) {
        ObjectNode root = AvroJson.MAPPER.createObjectNode();
        root.put("group", group);
        root.put("at", Instant.ofEpochMilli(now).toString());
        root.put("lag", ConsumerLag.total(partitions));
        root.put("timeLagMs", maxTimeLagMs(partitions, now));
        ArrayNode topics = root.putArray("topics");
        for (Map.Entry<String, List<ConsumerLag.Partition>> topic : byTopic(partitions).entrySet()) {
            ObjectNode t = topics.addObject();
            t.put("topic", topic.getKey());
            t.put("lag", ConsumerLag.total(topic.getValue()));
            t.put("timeLagMs", maxTimeLagMs(topic.getValue(), now));
            ArrayNode rows = t.putArray("partitions");
            for (ConsumerLag.Partition p : topic.getValue()) {
                ObjectNode row = rows.addObject();
                row.put("partition", p.partition());
                if (p.committed() >= 0) {
                    row.put("committed", p.committed());
                } else {
                    row.putNull("committed");
                }
                row.put("end", p.end());
                row.put("lag", p.lag());
                row.put("timeLagMs", p.timeLagMs(now));
            }
        }
        return root.toString();
    }

    private static Map<String, List<ConsumerLag.Partition>> byTopic(List<ConsumerLag.Partition> partitions) {
        Map<String, List<ConsumerLag.Partition>> topics = new LinkedHashMap<>();
        partitions.forEach(p -> topics.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p));
        return topics;
    }

    /** A time lag for people: -1 (unknown) as "?", otherwise seconds, minutes, hours or days. */
    static String duration(long ms) {
        if (ms < 0) {
            return "?";
        }
        Duration d = Duration.ofMillis(ms);
        if (d.toSeconds() < 120) {
            return String.format("%.1fs", ms / 1000.0);
        }
        if (d.toMinutes() < 120) {
            return d.toMinutes() + "m";
        }
        return d.toHours() < 48 ? d.toHours() + "h" : d.toDays() + "d";
    }
}
