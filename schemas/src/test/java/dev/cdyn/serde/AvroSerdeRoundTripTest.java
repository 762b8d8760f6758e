package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeRoundTripTest {

    private static final String SCOPE = "round-trip-test";

    @AfterEach
    void forgetRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private static Map<String, Object> config(Object... pairs) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        for (int i = 0; i < pairs.length; i += 2) {
            config.put((String) pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyContractRoundTripsThroughTheInMemoryRegistry() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            for (SpecificRecord record : SampleEvents.everyContract()) {
                Serde<SpecificRecord> serde = serdes.forValues((Class<SpecificRecord>) record.getClass());
                String topic = record.getClass().getSimpleName();
                byte[] bytes = serde.serializer().serialize(topic, record);
                assertEquals(record, serde.deserializer().deserialize(topic, bytes), topic);
            }
        }
    }

    @Test
    void serdesOfOneScopeShareOneRegistry() {
        AvroSerializer<CallEvent> producerSide = new AvroSerializer<>();
        producerSide.configure(config(), false);
        byte[] bytes = producerSide.serialize("calls", SampleEvents.call());

        AvroDeserializer<CallEvent> consumerSide = new AvroDeserializer<>(CallEvent.class);
        consumerSide.configure(config(), false);
        assertEquals(SampleEvents.call(), consumerSide.deserialize("calls", bytes));
        assertEquals(1, InMemorySchemaRegistry.forScope(SCOPE).latest("calls-value").version());
    }

    @Test
    void tombstoneStaysNull() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            Serde<CallEvent> serde = serdes.forValues(CallEvent.class);
            assertNull(serde.serializer().serialize("calls", null));
            assertNull(serde.deserializer().deserialize("calls", null));
        }
    }

    @Test
    void topicNameStrategyRegistersUnderTopicValueAndTopicKey() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            serdes.forValues(CallEvent.class).serializer().serialize("calls", SampleEvents.call());
            serdes.forKeys(CallEvent.class).serializer().serialize("calls", SampleEvents.call());
            assertEquals(CallEvent.getClassSchema(), serdes.registry().latest("calls-value").schema());
            assertEquals(CallEvent.getClassSchema(), serdes.registry().latest("calls-key").schema());
        }
    }

    @Test
    void recordNameStrategyRegistersUnderTheRecordsFullName() {
        Map<String, Object> config = config(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy");
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config)) {
            serdes.forValues(CallEvent.class).serializer().serialize("calls", SampleEvents.call());
            assertEquals(1, serdes.registry().latest("dev.cdyn.events.CallEvent").version());
        }
    }

    @Test
    void topicRecordNameStrategyLetsSeveralTypesShareATopic() {
        Map<String, Object> config = config(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy");
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config)) {
            byte[] call = serdes.forValues(CallEvent.class).serializer().serialize("mixed", SampleEvents.call());
            byte[] order = serdes.forValues(OrderEvent.class).serializer().serialize("mixed", SampleEvents.order());
            assertEquals(1, serdes.registry().latest("mixed-dev.cdyn.events.CallEvent").version());
            assertEquals(1, serdes.registry().latest("mixed-dev.cdyn.events.OrderEvent").version());

            AvroDeserializer<Object> anyType = new AvroDeserializer<>();
            anyType.configure(config(SerdeConfig.SPECIFIC_AVRO_READER, true), false);
            assertInstanceOf(CallEvent.class, anyType.deserialize("mixed", call));
            assertInstanceOf(OrderEvent.class, anyType.deserialize("mixed", order));
        }
    }

    @Test
    void withoutSpecificReaderRecordsDecodeAsGeneric() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            byte[] bytes = serdes.forValues(CallEvent.class).serializer().serialize("calls", SampleEvents.call());
            AvroDeserializer<Object> generic = new AvroDeserializer<>();
            generic.configure(config(), false);
            GenericRecord read = (GenericRecord) generic.deserialize("calls", bytes);
            assertEquals("c7", read.get("customerId").toString());
        }
    }

    @Test
    void withAutoRegisterOffAnUnregisteredSchemaIsRefused() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config(SerdeConfig.AUTO_REGISTER_SCHEMAS, false))) {
            var serializer = serdes.forValues(CallEvent.class).serializer();
            SerializationException refused = assertThrows(SerializationException.class,
                    () -> serializer.serialize("calls", SampleEvents.call()));
            assertTrue(refused.getMessage().contains("not registered under subject calls-value"), refused.getMessage());
        }
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchemaId() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        registry.register("other-value", OrderEvent.getClassSchema());
        int callId = registry.register("calls-value", CallEvent.getClassSchema());
        Map<String, Object> config = config(SerdeConfig.USE_LATEST_VERSION, true, SerdeConfig.AUTO_REGISTER_SCHEMAS, false);
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config)) {
            byte[] bytes = serdes.forValues(CallEvent.class).serializer().serialize("calls", SampleEvents.call());
            assertEquals(callId, WireFormat.readPrefix(bytes).id());
            assertEquals(SampleEvents.call(), serdes.forValues(CallEvent.class).deserializer().deserialize("calls", bytes));
        }
    }

    @Test
    void incompatibleSchemaIsRefusedUnderBackwardCompatibility() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
        registry.register("calls-value", CallEvent.getClassSchema());
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(config())) {
            var serializer = serdes.forValues(OrderEvent.class).serializer();
            SerializationException refused = assertThrows(SerializationException.class,
                    () -> serializer.serialize("calls", SampleEvents.order()));
            assertTrue(((SchemaRegistryException) refused.getCause()).isIncompatible());
        }
    }
}
