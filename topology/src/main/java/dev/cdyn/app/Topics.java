package dev.cdyn.app;

import dev.cdyn.topology.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Every topic the application reads or writes, with the settings it is created with. None loses a
 * record to time-based retention, so that history replayed with event times months or years old
 * (a backfill) survives: the compacted topics keep the latest value per key, the others keep
 * everything ({@code retention.ms=-1}; bound them by size with {@code retention.bytes} if needed).
 * Kafka Streams' own internal topics are fine as they are: repartition topics keep records until
 * Streams purges them after commit, changelogs are compacted.
 */
public final class Topics {

    private static final String TOPICS_PREFIX = "topics.";
    private static final Map<String, String> KEEP = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1");
    private static final Map<String, String> COMPACT = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT);

    /** A topic: the setting that names it, whether the application reads it, and its creation settings. */
    public record Spec(String setting, String name, boolean input, Map<String, String> configs) {
    }

    private Topics() {
    }

    public static List<Spec> of(Settings settings) {
        List<Spec> specs = new ArrayList<>();
        specs.add(spec(settings, Settings.TOPIC_ACCOUNTS, true, COMPACT));
        for (String input : List.of(Settings.TOPIC_CALLS, Settings.TOPIC_EMAILS, Settings.TOPIC_MEETINGS,
                Settings.TOPIC_ORDERS, Settings.TOPIC_SUPPORT_TICKETS)) {
            specs.add(spec(settings, input, true, KEEP));
        }
        specs.add(spec(settings, Settings.TOPIC_INTERACTIONS, false, KEEP));
        specs.add(spec(settings, Settings.TOPIC_SCORES, false, COMPACT));
        specs.add(spec(settings, Settings.TOPIC_ALERTS, false, KEEP));
        specs.add(spec(settings, Settings.TOPIC_DEAD_LETTERS, false, KEEP));
        return specs;
    }

    /** Topic settings that name every topic {@code <prefix>.<name>}: for several copies side by side on one cluster. */
    public static Map<String, Object> prefixed(String prefix) {
        Map<String, Object> names = new HashMap<>();
        for (String key : Settings.definition().names()) {
            if (key.startsWith(TOPICS_PREFIX)) {
                names.put(key, prefix + "." + key.substring(TOPICS_PREFIX.length()));
            }
        }
        return names;
    }

    /**
     * Every topic the application consumes: the inputs and, unless inputs are declared partitioned
     * by customer, its repartition topic. What "caught up" is measured over.
     */
    public static List<String> consumed(Settings settings) {
        List<String> topics = new ArrayList<>(of(settings).stream().filter(Spec::input).map(Spec::name).toList());
        if (!settings.inputsPartitionedByCustomer()) {
            topics.add(settings.getString(Settings.APPLICATION_ID) + "-"
                    + Names.INTERACTIONS_BY_CUSTOMER + "-repartition");
        }
        return topics;
    }

    private static Spec spec(Settings settings, String key, boolean input, Map<String, String> configs) {
        return new Spec(key, settings.topic(key), input, configs);
    }

    /** The topics that do not exist on the cluster. */
    public static List<Spec> missing(Admin admin, Settings settings) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        return of(settings).stream().filter(spec -> !existing.contains(spec.name())).toList();
    }

    /** Creates the given topics; one that appeared meanwhile is fine. */
    public static void create(Admin admin, List<Spec> specs, int partitions, short replicationFactor)
            throws ExecutionException, InterruptedException {
        List<NewTopic> topics = specs.stream()
                .map(spec -> new NewTopic(spec.name(), partitions, replicationFactor).configs(spec.configs()))
                .toList();
        try {
            admin.createTopics(topics).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
