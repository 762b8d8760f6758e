package dev.cdyn.deploy;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.TopicConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Strimzi resources that follow from the topic registry, generated rather than copied: a
 * {@code KafkaTopic} per topic the application needs ({@code deploy/kubernetes/base/topics.yaml}) and
 * the application's {@code KafkaUser} with exactly the rights it needs ({@code deploy/kubernetes/base/user.yaml}).
 * {@code StrimziResourcesTest} fails when the files differ from what this writes; run
 * {@code mvn -pl deploy/checks -am -DskipTests package -q && java -cp ... dev.cdyn.deploy.StrimziResources .}
 * or see the test's message.
 */
public final class StrimziResources {

    /** The Strimzi {@code Kafka} resource's name: the cluster every resource is labelled with. */
    public static final String CLUSTER = "cdyn-kafka";
    /** The application's {@code KafkaUser}, and the secret Strimzi makes for it. */
    public static final String USER = "cdyn";
    /** Copies of each partition: one broker may be lost, or restarted, without stopping writes. */
    public static final int REPLICAS = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;

    public static final Path TOPICS_FILE = Path.of("deploy", "kubernetes", "base", "topics.yaml");
    public static final Path USER_FILE = Path.of("deploy", "kubernetes", "base", "user.yaml");

    private static final String API = "kafka.strimzi.io/v1beta2";
    private static final String HEADER = "# GENERATED from the topic registry (dev.cdyn.config.Topics) by dev.cdyn.deploy.StrimziResources:"
            + " do not edit.\n";

    private StrimziResources() {
    }

    /** Writes both files under the repository root given (default: the working directory). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Settings settings = new Settings(Map.of());
        Files.writeString(root.resolve(TOPICS_FILE), topicsYaml(settings));
        Files.writeString(root.resolve(USER_FILE), userYaml(settings));
    }

    /** One KafkaTopic per topic a user creates (inputs and outputs), with its declared configs. */
    public static String topicsYaml(Settings settings) {
        List<Object> documents = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.external()) {
            Map<String, Object> configs = new TreeMap<>(topic.configs());
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(MIN_INSYNC_REPLICAS));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("topicName", topic.name(settings));
            spec.put("partitions", Topics.DEFAULT_PARTITIONS);
            spec.put("replicas", REPLICAS);
            spec.put("config", configs);
            documents.add(resource("KafkaTopic", topic.name(settings), spec));
        }
        return HEADER + yaml().dumpAll(documents.iterator());
    }

    /**
     * The application's user: SCRAM-SHA-512, and ACLs for its inputs (read), its outputs (write),
     * its consumer group (the application id), its transactional ids and its internal topics
     * (both prefixed by the application id: Streams creates, reads, writes and deletes them).
     */
    public static String userYaml(Settings settings) {
        String applicationId = settings.getString(Settings.APPLICATION_ID);
        List<Object> acls = new ArrayList<>();
        for (Topic<?, ?> topic : Topics.external()) {
            List<String> operations = topic.role() == Topic.Role.INPUT
                    ? List.of("Read", "Describe", "DescribeConfigs") : List.of("Write", "Describe", "DescribeConfigs");
            acls.add(acl("topic", topic.name(settings), "literal", operations));
        }
        acls.add(acl("topic", applicationId + "-", "prefix", List.of("All")));
        acls.add(acl("group", applicationId, "literal", List.of("Read", "Describe")));
        acls.add(acl("transactionalId", applicationId + "-", "prefix", List.of("Write", "Describe")));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authentication", Map.of("type", "scram-sha-512"));
        Map<String, Object> authorization = new LinkedHashMap<>();
        authorization.put("type", "simple");
        authorization.put("acls", acls);
        spec.put("authorization", authorization);
        return HEADER + yaml().dump(resource("KafkaUser", USER, spec));
    }

    private static Map<String, Object> acl(String type, String name, String patternType, List<String> operations) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", type);
        resource.put("name", name);
        resource.put("patternType", patternType);
        Map<String, Object> acl = new LinkedHashMap<>();
        acl.put("resource", resource);
        acl.put("operations", operations);
        acl.put("host", "*");
        return acl;
    }

    private static Map<String, Object> resource(String kind, String name, Map<String, Object> spec) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", Map.of("strimzi.io/cluster", CLUSTER));
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", API);
        resource.put("kind", kind);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setExplicitStart(true);
        return new Yaml(options);
    }
}
