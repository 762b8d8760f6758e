package dev.cdyn.cli;

import dev.cdyn.app.StartupChecks;
import dev.cdyn.app.TopicAdmin;
import dev.cdyn.app.TopicAdmin.Drift;
import dev.cdyn.app.TopicAdmin.Layout;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Create every topic the application needs (inputs included) as the topic registry declares them:"
                + " partitions, replication, retention, cleanup policy, timestamps; then check them.",
                "--check only reports what differs from the declarations (missing topics, cleanup policy, time-based"
                        + " retention that would eat a backfill, co-partitioned topics whose partition counts differ)"
                        + " and exits 1 if anything does; --dry-run prints what it would create."})
final class TopicsCommand implements Callable<Integer> {

    /** Exit code when the topics differ from their declarations. */
    static final int DRIFT = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions options;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of each new topic (default ${DEFAULT-VALUE}):"
            + " at most this many stream threads work at once, over all instances.")
    int partitions = Topics.DEFAULT_PARTITIONS;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Copies of each partition of a new topic (default ${DEFAULT-VALUE}: the brokers' default.replication.factor).")
    short replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
            description = "min.insync.replicas of each new topic (default: the brokers' own).")
    Integer minInsyncReplicas;

    @Option(names = "--check", description = "Create nothing: report what differs from the declarations, exit 1 if anything does.")
    boolean check;

    @Option(names = "--dry-run", description = "Create nothing: print what would be created.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the brokers, and for new topics to be usable (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws ExecutionException, InterruptedException {
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        Layout layout;
        try {
            layout = new Layout(partitions, replicationFactor, minInsyncReplicas);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        PrintWriter out = spec.commandLine().getOut();
        StartupChecks.awaitBrokers(settings, timeout);
        try (Admin admin = Admin.create(settings.adminProperties())) {
            if (!check) {
                List<Topic<?, ?>> missing = TopicAdmin.missing(admin, settings);
                if (dryRun) {
                    TopicAdmin.requests(settings, missing, layout).forEach(request -> out.println("would create " + describe(request)));
                    if (missing.isEmpty()) {
                        out.println("nothing to create: every topic exists");
                    }
                    return 0;
                }
                TopicAdmin.create(admin, settings, missing, layout, timeout)
                        .forEach(request -> out.println("created " + describe(request)));
            }
            List<Drift> drift = TopicAdmin.drift(admin, settings);
            drift.forEach(problem -> out.println("drift " + problem));
            if (drift.isEmpty()) {
                out.println("ok: " + Topics.external().size() + " topics as declared");
                return 0;
            }
            return DRIFT;
        }
    }

    private static String describe(NewTopic request) {
        return request.name() + " partitions=" + request.numPartitions() + " replication-factor="
                + request.replicationFactor() + " " + request.configs();
    }
}
