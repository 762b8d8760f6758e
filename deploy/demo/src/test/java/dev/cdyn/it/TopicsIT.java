package dev.cdyn.it;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cdyn topics} and {@code cdyn run --create-topics} on topics that do not exist yet: what they
 * create, what {@code --check} reports, and that the application starts on what they created.
 */
@Tag("integration")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TopicsIT {

    private static final int FRESH_STARTS = 10;

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    private static CdynRun cdyn(List<String> args) {
        return CdynRun.of(args.toArray(String[]::new));
    }

    /** The command line's arguments that point it at the scenario's cluster, topics and state folder. */
    private static List<String> args(Settings settings, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", RealCluster.registryUrl(),
                "--application-id", settings.getString(Settings.APPLICATION_ID)));
        for (Topic<?, ?> topic : Topics.external()) {
            args.add("--set");
            args.add(topic.setting() + "=" + settings.topic(topic));
        }
        args.add("--set");
        args.add(StreamsConfig.STATE_DIR_CONFIG + "=" + settings.originals().get(StreamsConfig.STATE_DIR_CONFIG));
        // Any free port: several of these runs, and other tests, may be up at once.
        args.add("--set");
        args.add(Settings.HTTP_PORT + "=0");
        return args;
    }

    /**
     * Runs {@code cdyn run ARGS} in a JVM of its own, as an operator would, until the application
     * reports RUNNING; then stops it with SIGTERM. Returns its log, or fails with it.
     */
    private static String runUntilRunning(List<String> runArgs) throws Exception {
        Path log = Files.createTempFile("cdyn-topics-it-", ".log");
        try (ChildApplication run = ChildApplication.start(runArgs, log)) {
            run.awaitRunning(Duration.ofSeconds(120));
            run.stop();
            return run.log();
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void runWithCreateTopicsStartsOnFreshTopicsEveryTime() throws Exception {
        for (int start = 1; start <= FRESH_STARTS; start++) {
            Settings settings = RealCluster.freshNames("fresh" + start, Map.of());
            String log = runUntilRunning(args(settings, "run", "--create-topics", "--startup-timeout", "60"));
            assertFalse(log.contains("Missing topic"), "start " + start + ":\n" + log);
            try (Admin admin = Admin.create(settings.adminProperties())) {
                assertTrue(admin.listTopics().names().get().containsAll(
                        Topics.external().stream().map(settings::topic).toList()), "start " + start);
            }
        }
    }

    @Test
    void topicsCreatesEveryTopicThenRunStartsOnThem() throws Exception {
        Settings settings = RealCluster.freshNames("topics-then-run", Map.of());

        CdynRun dryRun = cdyn(args(settings, "topics", "--dry-run", "--partitions", "3"));
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertTrue(dryRun.out().contains("would create " + settings.topic(Topics.ORDERS) + " partitions=3"), dryRun.out());
        try (Admin admin = Admin.create(settings.adminProperties())) {
            assertFalse(admin.listTopics().names().get().contains(settings.topic(Topics.ORDERS)), "a dry run creates nothing");
        }

        CdynRun topics = cdyn(args(settings, "topics", "--partitions", "3", "--replication-factor", "1"));
        assertEquals(0, topics.exitCode(), topics.out() + topics.err());
        for (Topic<?, ?> topic : Topics.external()) {
            assertTrue(topics.out().contains("created " + settings.topic(topic) + " partitions=3"), topics.out());
        }
        assertTrue(topics.out().contains("ok: " + Topics.external().size() + " topics as declared"), topics.out());
        try (Admin admin = Admin.create(settings.adminProperties())) {
            var configs = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    settings.topic(Topics.SCORES))))
                    .all().get().values().iterator().next();
            assertEquals("compact", configs.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }

        CdynRun check = cdyn(args(settings, "topics", "--check"));
        assertEquals(0, check.exitCode(), check.out());

        runUntilRunning(args(settings, "run"));
    }

    @Test
    void checkReportsEachDriftAndExitsNonZero() throws Exception {
        Settings settings = RealCluster.freshNames("drift", Map.of(Settings.INPUTS_PARTITIONED_BY_CUSTOMER, true));
        try (Admin admin = Admin.create(settings.adminProperties())) {
            admin.createTopics(List.of(
                    new NewTopic(settings.topic(Topics.ORDERS), 4, (short) 1)
                            .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 3600 * 1000))),
                    new NewTopic(settings.topic(Topics.SCORES), 2, (short) 1))).all().get();
        }
        List<String> args = args(settings, "topics", "--check");
        args.addAll(List.of("--set", Settings.INPUTS_PARTITIONED_BY_CUSTOMER + "=true"));
        CdynRun check = cdyn(args);

        assertEquals(1, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("drift " + settings.topic(Topics.CALLS) + ": missing (topics.calls)"), check.out());
        assertTrue(check.out().contains("drift " + settings.topic(Topics.ORDERS) + ": retention.ms=604800000 deletes records"),
                check.out());
        assertTrue(check.out().contains("drift " + settings.topic(Topics.SCORES) + ": cleanup.policy=delete, declared compact"),
                check.out());
        assertTrue(check.out().contains("partition counts differ"), check.out());
        try (Admin admin = Admin.create(settings.adminProperties())) {
            assertFalse(admin.listTopics().names().get().contains(settings.topic(Topics.CALLS)), "a check creates nothing");
        }
    }

    @Test
    void creatingTheMissingTopicsKeepsTheCountOfTheCoPartitionedOnes() throws Exception {
        Settings settings = RealCluster.freshNames("copartitioned", Map.of(Settings.INPUTS_PARTITIONED_BY_CUSTOMER, true));
        try (Admin admin = Admin.create(settings.adminProperties())) {
            admin.createTopics(List.of(new NewTopic(settings.topic(Topics.ORDERS), 4, (short) 1)
                    .configs(Topics.ORDERS.configs()))).all().get();
        }
        List<String> args = args(settings, "topics", "--partitions", "6");
        args.addAll(List.of("--set", Settings.INPUTS_PARTITIONED_BY_CUSTOMER + "=true"));
        CdynRun topics = cdyn(args);

        assertEquals(0, topics.exitCode(), topics.out() + topics.err());
        assertTrue(topics.out().contains("created " + settings.topic(Topics.CALLS) + " partitions=4"), topics.out());
        assertTrue(topics.out().contains("created " + settings.topic(Topics.DEAD_LETTERS) + " partitions=6"),
                "the dead letters are not keyed by customer: " + topics.out());
    }
}
