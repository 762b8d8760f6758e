package dev.cdyn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Compose stack agrees with the application: its settings are valid and known, the topics step
 * creates what the registry declares, ports and volumes are the image's. (`docker-compose config`
 * in CI checks the file against Compose's own schema.)
 */
class ComposeFileTest {

    private static final List<String> INSTANCES = List.of("cdyn-1", "cdyn-2");
    private static Map<String, Object> services;

    @BeforeAll
    static void read() {
        services = DeployFiles.at(DeployFiles.documents(DeployFiles.read(DeployFiles.COMPOSE)).get(0), "services");
        assertNotNull(services, "compose.yaml has services");
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = DeployFiles.at(services, name);
        assertNotNull(service, "service " + name);
        return service;
    }

    private static Map<String, Object> environment(String name) {
        Map<String, Object> environment = DeployFiles.at(service(name), "environment");
        assertNotNull(environment, name + " has an environment");
        return environment;
    }

    @Test
    void theStackHasEveryPart() {
        for (String name : List.of("kafka", "registry", "topics", "cdyn-1", "cdyn-2", "prometheus", "grafana")) {
            service(name);
        }
    }

    @Test
    void kafkaRunsInKRaftModeOnTheClientsVersion() {
        assertEquals("apache/kafka:" + System.getProperty("cdyn.kafka.version"), service("kafka").get("image"));
        assertTrue(environment("kafka").get("KAFKA_PROCESS_ROLES").toString().contains("controller"), "KRaft");
    }

    @Test
    void theTopicsStepCreatesTheRegistrysTopicsBeforeTheInstancesStart() {
        List<String> command = DeployFiles.at(service("topics"), "command");
        assertEquals("topics", command.get(0));
        int partitions = Integer.parseInt(command.get(command.indexOf("--partitions") + 1));
        assertEquals(Topics.DEFAULT_PARTITIONS, partitions, "the registry's partition count");
        assertEquals("service_healthy", DeployFiles.at(service("topics"), "depends_on", "kafka", "condition"));
        for (String instance : INSTANCES) {
            assertEquals("service_completed_successfully", DeployFiles.at(service(instance), "depends_on", "topics", "condition"),
                    instance + " waits for the topics");
        }
    }

    @Test
    void everyInstanceIsBuiltFromTheDockerfileWithItsStateOnAVolume() {
        for (String instance : INSTANCES) {
            assertEquals("deploy/docker/Dockerfile", DeployFiles.at(service(instance), "build", "dockerfile"));
            assertEquals(DeployFiles.ROOT, DeployFiles.COMPOSE.getParent()
                    .resolve(DeployFiles.<String>at(service(instance), "build", "context")).normalize());
            List<String> volumes = DeployFiles.at(service(instance), "volumes");
            assertTrue(volumes.stream().anyMatch(volume -> volume.endsWith(":" + DeployFiles.imageStateDir())),
                    instance + " keeps " + DeployFiles.imageStateDir() + " on a volume: " + volumes);
            List<String> ports = DeployFiles.at(service(instance), "ports");
            assertTrue(ports.stream().anyMatch(port -> port.endsWith(":8080")), instance + " publishes 8080: " + ports);
        }
    }

    @Test
    void theInstancesSettingsAreValidKnownAndPointAtTheStack() {
        for (String instance : INSTANCES) {
            Map<String, Object> raw = DeployFiles.settingsOf(environment(instance));
            for (String key : raw.keySet()) {
                assertTrue(Settings.definition().names().contains(key) || StreamsConfig.configDef().names().contains(key),
                        instance + ": " + key + " is neither an application nor a Kafka Streams setting");
            }
            Settings settings = new Settings(raw);
            assertEquals("kafka:9092", String.join(",", settings.getList(Settings.BOOTSTRAP_SERVERS)));
            String registry = String.join(",", settings.getList(Settings.SCHEMA_REGISTRY_URL));
            assertTrue(registry.startsWith("http://registry:8080/"), registry);
            assertEquals(instance + ":8080", raw.get(StreamsConfig.APPLICATION_SERVER_CONFIG), "application.server");
            assertEquals(instance, service(instance).get("hostname"));
            assertTrue(Integer.parseInt(raw.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG).toString()) >= 1,
                    "a standby per store");
            for (Topic<?, ?> topic : Topics.external()) {
                assertEquals(topic.defaultName(), settings.topic(topic), instance + " uses the registry's " + topic.setting());
            }
            assertFalse(settings.inputsPartitionedByCustomer());
        }
        assertEquals(DeployFiles.settingsOf(environment("cdyn-1")).get(Settings.APPLICATION_ID),
                DeployFiles.settingsOf(environment("cdyn-2")).get(Settings.APPLICATION_ID), "one application, two instances");
    }

    @Test
    void monitoringIsProvisionedFromDeployMonitoring() throws IOException {
        List<String> prometheus = DeployFiles.at(service("prometheus"), "volumes");
        assertTrue(prometheus.contains("../monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro"), prometheus.toString());
        assertTrue(prometheus.contains("../monitoring/alerts.yml:/etc/prometheus/alerts.yml:ro"), prometheus.toString());
        List<String> grafana = DeployFiles.at(service("grafana"), "volumes");
        assertTrue(grafana.stream().allMatch(volume -> volume.startsWith("../monitoring/grafana/")), grafana.toString());
        // What Prometheus is told to load is mounted beside its configuration.
        String config = Files.readString(DeployFiles.COMPOSE.getParent().resolve("../monitoring/prometheus.yml").normalize());
        assertTrue(config.contains("- alerts.yml"), "the rules file prometheus.yml loads is the one mounted");
    }

    @Test
    void everyFileTheStackMountsExists() {
        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : DeployFiles.<List<String>>at(service(service), "volumes")) {
                String source = volume.split(":")[0];
                Path file = DeployFiles.COMPOSE.getParent().resolve(source).normalize();
                assertTrue(Files.exists(file), service + " mounts " + source + ", which does not exist: " + file);
            }
        }
    }

    @Test
    void prometheusScrapesTheStacksInstancesOnTheirHttpPort() throws IOException {
        String config = Files.readString(DeployFiles.COMPOSE.getParent().resolve("../monitoring/prometheus.yml").normalize());
        for (String instance : List.of("cdyn-1", "cdyn-2")) {
            assertTrue(config.contains("- " + instance + ":8080"), instance + " is scraped");
            service(instance); // and is a service of the stack
        }
    }
}
