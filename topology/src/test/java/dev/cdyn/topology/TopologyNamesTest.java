package dev.cdyn.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Locks every name in the topology: a renamed processor, store or repartition topic breaks the
 * upgrade of a running application, so a rename must be a conscious change to this list.
 */
class TopologyNamesTest {

    private static final Set<String> EXPECTED_NODES = new TreeSet<>(Set.of(
            "accounts-source", "accounts-check", "accounts-route", "accounts-route-rejected", "accounts-route-accepted",
            "accounts-rejected-payload", "accounts-dead-letters-sink", "accounts-key-by-customer",
            "calls-source", "calls-check", "calls-route", "calls-route-rejected", "calls-route-accepted",
            "calls-rejected-payload", "calls-dead-letters-sink", "calls-key-by-customer", "merge-calls",
            "emails-source", "emails-check", "emails-route", "emails-route-rejected", "emails-route-accepted",
            "emails-rejected-payload", "emails-dead-letters-sink", "emails-key-by-customer", "merge-emails",
            "meetings-source", "meetings-check", "meetings-route", "meetings-route-rejected", "meetings-route-accepted",
            "meetings-rejected-payload", "meetings-dead-letters-sink", "meetings-key-by-customer", "merge-meetings",
            "orders-source", "orders-check", "orders-route", "orders-route-rejected", "orders-route-accepted",
            "orders-rejected-payload", "orders-dead-letters-sink", "orders-key-by-customer", "merge-orders",
            "support-tickets-source", "support-tickets-check", "support-tickets-route", "support-tickets-route-rejected",
            "support-tickets-route-accepted", "support-tickets-rejected-payload",
            "support-tickets-dead-letters-sink", "support-tickets-key-by-customer", "merge-support-tickets",
            "interactions-by-customer-repartition-filter", "interactions-by-customer-repartition-sink",
            "interactions-by-customer-repartition-source",
            "score-customers", "scoring-route", "scoring-route-interactions", "scoring-route-scores",
            "scoring-route-alerts", "scoring-route-dead-letters", "interaction-values", "score-values", "alert-values",
            "scoring-dead-letter-values", "interactions-sink", "scores-sink", "alerts-sink",
            "scoring-dead-letters-sink"));

    private static TopologyDescription describe(Map<String, Object> overrides) {
        return describe(overrides, 0);
    }

    private static TopologyDescription describe(Map<String, Object> overrides, int coPartitions) {
        Map<String, Object> config = new HashMap<>(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://names-test"));
        config.putAll(overrides);
        Settings settings = new Settings(config);
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(settings.serdeConfig())) {
            return CustomerDynamicsTopology.build(settings, serdes, Clock.systemUTC(), coPartitions).describe();
        }
    }

    private static Set<String> nodes(TopologyDescription description) {
        Set<String> names = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> names.add(node.name())));
        return names;
    }

    private static Set<String> stores(TopologyDescription description) {
        Set<String> names = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Processor processor) {
                names.addAll(processor.stores());
            }
        }));
        return names;
    }

    @Test
    void everyProcessorHasItsLockedName() {
        assertEquals(EXPECTED_NODES, nodes(describe(Map.of())));
    }

    @Test
    void storesAreNamed() {
        assertEquals(Set.of(Names.CUSTOMER_ACTIVITY_STORE, Names.REVIEW_SCHEDULE_STORE, Names.AT_RISK_INDEX_STORE),
                stores(describe(Map.of())));
    }

    @Test
    void theModelIsAGlobalStoreOverTheModelTopic() {
        TopologyDescription description = describe(Map.of());
        assertEquals(1, description.globalStores().size());
        TopologyDescription.GlobalStore model = description.globalStores().iterator().next();
        assertEquals(Names.SCORING_MODEL_TABLE + "-source", model.source().name());
        assertEquals(Names.SCORING_MODEL_TABLE, model.processor().name());
        assertEquals(Set.of(Topics.MODEL.defaultName()), model.source().topicSet());
        assertEquals(Set.of(Names.SCORING_MODEL_STORE), model.processor().stores());
    }

    @Test
    void ingestAndDeduplicationRunInTwoSubTopologiesJoinedByTheRepartitionByCustomer() {
        TopologyDescription description = describe(Map.of());
        assertEquals(2, description.subtopologies().size());
        Set<String> sinks = new TreeSet<>();
        description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Sink sink) {
                sinks.add(sink.topic());
            }
        }));
        assertTrue(sinks.contains("interactions-by-customer-repartition"), sinks.toString());
    }

    @Test
    void inputsAlreadyPartitionedByCustomerSkipTheRepartition() {
        TopologyDescription description = describe(Map.of(Settings.INPUTS_PARTITIONED_BY_CUSTOMER, true));
        assertEquals(1, description.subtopologies().size());
        assertTrue(nodes(description).stream().noneMatch(name -> name.contains("repartition")));
    }

    @Test
    void coPartitionedInputsScoreWhereTheyAreReadAndRepartitionTheRestInOneSubTopology() {
        TopologyDescription description = describe(Map.of(), 12);
        assertEquals(1, description.subtopologies().size(), "the repartition topic loops back into the same tasks");
        Set<String> expected = new TreeSet<>(EXPECTED_NODES);
        expected.addAll(Set.of("customer-partition", "customer-partition-route", "customer-partition-route-in-place",
                "customer-partition-route-elsewhere", "in-place-values", "elsewhere-values", "merge-by-customer"));
        assertEquals(expected, nodes(description));
        assertEquals(Set.of(Names.CUSTOMER_ACTIVITY_STORE, Names.REVIEW_SCHEDULE_STORE, Names.AT_RISK_INDEX_STORE),
                stores(description));
    }

    @Test
    void explicitNamingIsEnforced() {
        try (TopologyFixture app = new TopologyFixture()) {
            assertEquals(true, CustomerDynamicsTopology.streamsProperties(app.settings)
                    .get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG));
        }
    }

    @Test
    void topologyDiagramMatchesTheTopology() throws IOException {
        String doc = Files.readString(Path.of("TOPOLOGY.md"));
        String diagram = TopologyDiagram.mermaid(describe(Map.of()));
        assertTrue(doc.contains("```mermaid\n" + diagram + "```"),
                "topology/TOPOLOGY.md is out of date; replace its diagram with:\n```mermaid\n" + diagram + "```");
    }
}
