package dev.cdyn.app;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The application's topics on a cluster, as {@link Topics} declares them: which are missing,
 * creating them (and waiting until they can be used), and what differs from the declaration.
 * {@code cdyn topics} and {@code cdyn run --create-topics} both go through here.
 */
public final class TopicAdmin {

    /** How long {@link #create(Admin, Settings, List, int, short)} waits for new topics to have leaders. */
    public static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private TopicAdmin() {
    }

    /**
     * How new topics are laid out.
     *
     * @param partitions        partitions of each new topic
     * @param replicationFactor copies of each partition; -1 for the brokers' default.replication.factor
     * @param minInsyncReplicas the topics' min.insync.replicas, or null for the brokers' default
     */
    public record Layout(int partitions, short replicationFactor, Integer minInsyncReplicas) {
        public Layout {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, not " + partitions);
            }
            if (replicationFactor != -1 && replicationFactor < 1) {
                throw new IllegalArgumentException("the replication factor must be -1 (the brokers' default) or at least 1, not "
                        + replicationFactor);
            }
            if (minInsyncReplicas != null && (minInsyncReplicas < 1
                    || (replicationFactor > 0 && minInsyncReplicas > replicationFactor))) {
                throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor, not "
                        + minInsyncReplicas);
            }
        }

        Layout withPartitions(int count) {
            return new Layout(count, replicationFactor, minInsyncReplicas);
        }
    }

    /** One way a topic on the cluster differs from its declaration. */
    public record Drift(String topic, String problem) {
        @Override
        public String toString() {
            return topic + ": " + problem;
        }
    }

    /** The topics a user creates (inputs and outputs) that do not exist on the cluster. */
    public static List<Topic<?, ?>> missing(Admin admin, Settings settings) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        return Topics.external().stream().filter(topic -> !existing.contains(topic.name(settings))).toList();
    }

    /** What creating these topics asks of the brokers: the declared configs, and min.insync.replicas if given. */
    public static List<NewTopic> requests(Settings settings, List<Topic<?, ?>> topics, Layout layout) {
        return topics.stream().map(topic -> {
            Map<String, String> configs = new TreeMap<>(topic.configs());
            if (layout.minInsyncReplicas() != null) {
                configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, layout.minInsyncReplicas().toString());
            }
            return new NewTopic(topic.name(settings), layout.partitions(), layout.replicationFactor()).configs(configs);
        }).toList();
    }

    /** Creates the given topics with their declared configs, waiting at most a minute until they can be used. */
    public static void create(Admin admin, Settings settings, List<Topic<?, ?>> topics, int partitions,
                              short replicationFactor) throws ExecutionException, InterruptedException {
        create(admin, settings, topics, new Layout(partitions, replicationFactor, null), VISIBLE_WITHIN);
    }

    /**
     * Creates the given topics; one that appeared meanwhile is fine. A topic that joins co-partitioned
     * topics which already agree on a partition count gets that count, so that creating the missing
     * ones never breaks co-partitioning. Returns once every partition of every one of them has a
     * leader, so that what follows (a check, the application) sees them: a created topic is not at
     * once visible to every broker.
     *
     * @return the requests sent, as created
     * @throws TimeoutException when they are not all led within {@code visibleWithin}
     */
    public static List<NewTopic> create(Admin admin, Settings settings, List<Topic<?, ?>> topics, Layout layout,
                                        Duration visibleWithin) throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return List.of();
        }
        List<NewTopic> requests = new ArrayList<>();
        Integer agreed = agreedPartitionCount(admin, settings);
        for (Topic<?, ?> topic : topics) {
            boolean joins = agreed != null && Topics.coPartitioned(settings).contains(topic);
            requests.addAll(requests(settings, List.of(topic), joins ? layout.withPartitions(agreed) : layout));
        }
        var results = admin.createTopics(requests).values();
        for (var result : results.values()) {
            try {
                result.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        awaitLeaders(admin, results.keySet(), visibleWithin);
        return requests;
    }

    /** The partition count the existing co-partitioned topics share, or null when none exists or they disagree. */
    private static Integer agreedPartitionCount(Admin admin, Settings settings)
            throws ExecutionException, InterruptedException {
        Set<String> names = Topics.coPartitioned(settings).stream().map(topic -> topic.name(settings))
                .collect(Collectors.toSet());
        names.retainAll(admin.listTopics().names().get());
        if (names.isEmpty()) {
            return null;
        }
        Set<Integer> counts = admin.describeTopics(names).allTopicNames().get().values().stream()
                .map(description -> description.partitions().size()).collect(Collectors.toSet());
        return counts.size() == 1 ? counts.iterator().next() : null;
    }

    /**
     * Waits until every partition of every named topic has a leader, as the cluster's metadata
     * says, and that leader answers for it (a listing of its end offset); a topic the metadata does
     * not know yet is waited for too. A producer whose first batch to a topic created a moment ago is
     * refused by a leader not yet ready can be stuck retrying out of sequence (shared/KAFKA.md).
     *
     * @throws TimeoutException naming the topics still without one after {@code timeout}
     */
    public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> waiting = new TreeSet<>(topics);
        while (!waiting.isEmpty()) {
            try {
                Map<String, TopicDescription> descriptions = admin.describeTopics(waiting).allTopicNames().get();
                Map<TopicPartition, OffsetSpec> led = new HashMap<>();
                for (TopicDescription description : descriptions.values()) {
                    if (description.partitions().stream().map(TopicPartitionInfo::leader)
                            .allMatch(leader -> leader != null && !leader.isEmpty())) {
                        description.partitions().forEach(partition -> led.put(
                                new TopicPartition(description.name(), partition.partition()), OffsetSpec.latest()));
                    }
                }
                if (!led.isEmpty()) {
                    admin.listOffsets(led).all().get(); // answered by each partition's leader itself
                    led.keySet().forEach(partition -> waiting.remove(partition.topic()));
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException
                        || e.getCause() instanceof RetriableException)) {
                    throw e;
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Topic(s) " + waiting + " still have partitions without a leader after "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * What differs between the cluster and the declarations: missing topics, a cleanup policy other
     * than declared, time-based retention on a topic that must keep everything (a backfill of old
     * history would be deleted as it is written), broker-assigned timestamps, and co-partitioned
     * topics whose partition counts differ.
     */
    public static List<Drift> drift(Admin admin, Settings settings) throws ExecutionException, InterruptedException {
        List<Drift> drift = new ArrayList<>();
        List<Topic<?, ?>> missing = missing(admin, settings);
        missing.forEach(topic -> drift.add(new Drift(topic.name(settings), "missing (" + topic.setting() + ")")));
        List<Topic<?, ?>> present = Topics.external().stream().filter(topic -> !missing.contains(topic)).toList();
        if (present.isEmpty()) {
            return drift;
        }
        Map<String, Topic<?, ?>> byName = new HashMap<>();
        present.forEach(topic -> byName.put(topic.name(settings), topic));
        List<ConfigResource> resources = byName.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        Map<String, TopicDescription> descriptions = admin.describeTopics(byName.keySet()).allTopicNames().get();
        for (Topic<?, ?> topic : present) {
            String name = topic.name(settings);
            drift.addAll(configDrift(name, topic, configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))));
        }
        Map<String, Integer> counts = new TreeMap<>();
        Topics.coPartitioned(settings).stream().map(topic -> topic.name(settings)).filter(descriptions::containsKey)
                .forEach(name -> counts.put(name, descriptions.get(name).partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            drift.add(new Drift(String.join(", ", counts.keySet()), "partition counts differ " + counts + " but "
                    + Settings.INPUTS_PARTITIONED_BY_CUSTOMER + "=true needs them equal (co-partitioned by customer id)"));
        }
        return drift;
    }

    static List<Drift> configDrift(String name, Topic<?, ?> topic, Config config) {
        List<Drift> drift = new ArrayList<>();
        String policy = value(config, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        long retentionMs = Long.parseLong(value(config, TopicConfig.RETENTION_MS_CONFIG, "-1"));
        boolean compacts = policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        boolean deletes = policy.contains(TopicConfig.CLEANUP_POLICY_DELETE);
        switch (topic.retention()) {
            case COMPACT -> {
                if (!compacts) {
                    drift.add(new Drift(name, "cleanup.policy=" + policy + ", declared compact"));
                }
            }
            case KEEP_ALL -> {
                if (compacts) {
                    drift.add(new Drift(name, "cleanup.policy=" + policy
                            + " would drop records that share a key; declared delete with retention.ms=-1"));
                }
            }
            case MANAGED_BY_STREAMS -> {
            }
        }
        if (deletes && retentionMs >= 0 && topic.retention() != Topic.Retention.MANAGED_BY_STREAMS) {
            drift.add(new Drift(name, "retention.ms=" + retentionMs + " deletes records whose timestamp is older than "
                    + Duration.ofMillis(retentionMs).toDays() + " day(s): a backfill of older history would be lost;"
                    + " set retention.ms=-1 (bound it with retention.bytes if needed)"));
        }
        String timestamps = value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        String declared = topic.configs().get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
        if (declared != null && !declared.equals(timestamps)) {
            drift.add(new Drift(name, "message.timestamp.type=" + timestamps + ", declared " + declared));
        }
        return drift;
    }

    private static String value(Config config, String key, String absent) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null || entry.value() == null ? absent : entry.value();
    }
}
