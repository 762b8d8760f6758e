package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.ingest.Source;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two producers on the orders topic at once: one with the contract the application was built with,
 * one with a newer version that adds an optional field (with a default). The subject's rule is set
 * to BACKWARD through the registry's API; the newer schema passes it, both producers' orders are
 * scored, and a schema that breaks the rule (a new field without a default) is refused.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaEvolutionIT {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaEvolutionIT.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    /** The order contract with one more field at the end. */
    private static Schema orderWith(String fieldJson) {
        String current = OrderEvent.getClassSchema().toString();
        return new Schema.Parser().parse(current.substring(0, current.lastIndexOf(']')) + "," + fieldJson + "]}");
    }

    private static HttpResponse<String> registry(String method, String path, String body) throws Exception {
        return Http.send(HttpRequest.newBuilder(URI.create(RealCluster.registryUrl() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String schemaBody(Schema schema) {
        return Http.JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    @Test
    void oldAndNewProducersAreScoredTogetherAndAnIncompatibleSchemaIsRefused() throws Exception {
        Settings settings = RealCluster.scenario("evolution", Replays.ORDER_INDEPENDENT);
        String orders = settings.topic(Topics.ORDERS);
        String subject = "/subjects/" + URLEncoder.encode(orders + "-value", StandardCharsets.UTF_8);
        HttpResponse<String> rule = registry("PUT", "/config" + subject.substring("/subjects".length()),
                "{\"compatibility\":\"BACKWARD\"}");
        assertEquals(200, rule.statusCode(), rule.body());
        JsonNode set = Http.json(registry("GET", "/config" + subject.substring("/subjects".length()), null));
        assertEquals("BACKWARD", set.path("compatibilityLevel").asText(set.path("compatibility").asText()));

        Schema newer = orderWith("{\"name\":\"giftWrapped\",\"type\":[\"null\",\"boolean\"],\"default\":null,"
                + "\"doc\":\"Whether the order is wrapped as a gift; null when not said.\"}");
        List<SimulatedEvent> events = EndToEndIT.simulate(10, 30,
                Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli(), 41);
        AvroSerializer<Object> newWriter = new AvroSerializer<>();
        newWriter.configure(settings.serdeConfig(), false);
        Set<String> newerOrders = new HashSet<>();
        Set<String> olderOrders = new HashSet<>();
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start();
             Publisher oldProducer = new Publisher(settings, 0);
             KafkaProducer<String, Object> newProducer = new KafkaProducer<>(settings.adminProperties(),
                     new StringSerializer(), newWriter)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            for (SimulatedEvent event : events) {
                if (event.value() instanceof OrderEvent order && newerOrders.size() <= olderOrders.size()) {
                    GenericRecord written = GenericEvents.under(newer, order, Map.of("giftWrapped", true));
                    oldProducer.flush(); // each topic then holds the events in the order they happened
                    newProducer.send(new ProducerRecord<>(orders, event.key(), written)).get();
                    newerOrders.add(order.getEventId());
                } else {
                    if (event.value() instanceof OrderEvent order) {
                        olderOrders.add(order.getEventId());
                    }
                    oldProducer.send(event);
                }
            }
            oldProducer.flush();
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
        }
        List<Integer> schemaIds = new ArrayList<>(RealCluster.readAll(settings, orders, new ByteArrayDeserializer())
                .stream().map(r -> ByteBuffer.wrap(r.value()).getInt(1)).collect(Collectors.toSet()));
        assertEquals(2, schemaIds.size(), "orders written with two schemas: " + schemaIds);
        assertTrue(newerOrders.size() > 3 && olderOrders.size() > 3, newerOrders.size() + " / " + olderOrders.size());

        Set<String> interactions = RestartAndBackfillIT.interactions(settings).stream()
                .map(Interaction::getEventId).collect(Collectors.toSet());
        assertTrue(interactions.containsAll(newerOrders), "the newer producer's orders are read");
        assertTrue(interactions.containsAll(olderOrders), "the older producer's orders are read");
        Replays.Result reference = Replays.inDriver(events, Replays.ORDER_INDEPENDENT);
        RestartAndBackfillIT.assertEachEventExactlyOnce(settings, reference);
        RestartAndBackfillIT.assertFinalScoresEqual(settings, reference);

        Schema incompatible = orderWith("{\"name\":\"warehouse\",\"type\":\"string\","
                + "\"doc\":\"A new field without a default: this version cannot read older orders.\"}");
        HttpResponse<String> refused = registry("POST", subject + "/versions", schemaBody(incompatible));
        assertEquals(409, refused.statusCode(), refused.body());
        SerializationException thrown = assertThrows(SerializationException.class, () -> newWriter.serialize(orders,
                GenericEvents.under(incompatible, (OrderEvent) events.stream().filter(e -> e.source() == Source.ORDERS)
                        .findFirst().orElseThrow().value(), Map.of("warehouse", "north"))));
        assertTrue(thrown.getMessage().contains("refused"), thrown.getMessage());
        JsonNode versions = Http.json(registry("GET", subject + "/versions", null));
        assertEquals(2, versions.size(), "the subject holds the two compatible versions only: " + versions);
        newWriter.close();
        LOG.info("Schema evolution: {} events in ({} orders by the older writer, {} by the newer); {}"
                + " ({} expected); the incompatible schema refused with {}", events.size(), olderOrders.size(),
                newerOrders.size(), Replays.written(settings), reference.finalScores().size(), refused.statusCode());
    }
}
