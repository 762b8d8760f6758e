package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.local.LocalRegistryProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP client and the serde against a real registry that speaks the Confluent API, on loopback. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpSchemaRegistryIT {

    private static LocalRegistryProcess registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistryProcess.start(Path.of(System.getProperty("cdyn.registry.jar",
                "../deploy/registry/target/cdyn-registry-runner.jar")), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static Map<String, Object> config() {
        return Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.confluentApiUrl(),
                SerdeConfig.MAX_RETRIES, 1, SerdeConfig.RETRIES_WAIT_MS, 10);
    }

    @Test
    void registerLookUpFetchAndLatest() {
        try (HttpSchemaRegistry client = new HttpSchemaRegistry(new SerdeConfig(config()))) {
            Schema schema = CallEvent.getClassSchema();
            int id = client.register("it-calls-value", schema);
            assertEquals(id, client.register("it-calls-value", schema), "the same schema keeps its id");
            assertEquals(schema, client.schemaById(id));
            SchemaRegistry.RegisteredSchema latest = client.latest("it-calls-value");
            assertEquals(id, latest.id());
            assertEquals(1, latest.version());
            assertEquals(schema, latest.schema());
            assertEquals(id, client.lookup("it-calls-value", schema).orElseThrow().id());
            assertTrue(client.lookup("it-calls-value", OrderEvent.getClassSchema()).isEmpty());
            assertTrue(client.lookup("it-nobody-value", schema).isEmpty());
        }
    }

    @Test
    void compatibilityIsCheckedAndEnforced() {
        try (HttpSchemaRegistry client = new HttpSchemaRegistry(new SerdeConfig(config()))) {
            client.register("it-compat-value", CallEvent.getClassSchema());
            assertTrue(client.isCompatible("it-compat-value", CallEvent.getClassSchema()));
            assertFalse(client.isCompatible("it-compat-value", OrderEvent.getClassSchema()));
            assertTrue(client.isCompatible("it-fresh-value", OrderEvent.getClassSchema()));
            SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                    () -> client.register("it-compat-value", OrderEvent.getClassSchema()));
            assertTrue(e.isIncompatible(), e.getMessage());
        }
    }

    @Test
    void unknownIdAndSubjectAreNotFound() {
        try (HttpSchemaRegistry client = new HttpSchemaRegistry(new SerdeConfig(config()))) {
            assertTrue(assertThrows(SchemaRegistryException.class, () -> client.schemaById(987_654)).isNotFound());
            assertTrue(assertThrows(SchemaRegistryException.class, () -> client.latest("it-none-value")).isNotFound());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContractRoundTripsThroughTheRegistry() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            for (SpecificRecord record : SampleEvents.everyContract()) {
                Serde<SpecificRecord> serde = serdes.forValues((Class<SpecificRecord>) record.getClass());
                String topic = "it-" + record.getClass().getSimpleName();
                byte[] bytes = serde.serializer().serialize(topic, record);
                assertEquals(record, serde.deserializer().deserialize(topic, bytes), topic);
            }
        }
    }

    @Test
    void unknownIdInAPayloadIsBadInput() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            byte[] payload = {0, 0, 0x0f, 0x42, 0x40, 2};
            SerializationException e = assertThrows(SerializationException.class,
                    () -> serdes.forValues(CallEvent.class).deserializer().deserialize("it-calls", payload));
            assertTrue(e.getMessage().startsWith("Unknown schema id 1000000"), e.getMessage());
        }
    }
}
