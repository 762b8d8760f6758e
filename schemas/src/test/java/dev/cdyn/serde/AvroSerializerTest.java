package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerializerTest {

    private static final String SCOPE = "serializer-test";

    /** The scope's registry, with every register and lookup it answers written down. */
    private final InMemorySchemaRegistry scope = InMemorySchemaRegistry.forScope(SCOPE);
    private final List<String> asked = new ArrayList<>();
    private final SchemaRegistry registry = new SchemaRegistry() {
        @Override
        public int register(String subject, Schema schema) {
            asked.add("register " + subject);
            return scope.register(subject, schema);
        }

        @Override
        public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
            asked.add("lookup " + subject);
            return scope.lookup(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            return scope.schemaById(id);
        }

        @Override
        public Schema schemaByGuid(UUID guid) {
            return scope.schemaByGuid(guid);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            asked.add("latest " + subject);
            return scope.latest(subject);
        }

        @Override
        public boolean isCompatible(String subject, Schema schema) {
            return scope.isCompatible(subject, schema);
        }
    };

    @AfterEach
    void forgetRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private <T> AvroSerializer<T> serializer(Map<String, Object> config) {
        AvroSerializer<T> serializer = new AvroSerializer<>(registry);
        serializer.configure(config, false);
        return serializer;
    }

    private <T> T read(Class<T> type, String topic, byte[] bytes) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(registry, type);
        deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
        return deserializer.deserialize(topic, bytes);
    }

    @Test
    void asksTheRegistryOncePerTopicAndSchema() {
        AvroSerializer<Object> serializer = serializer(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE));
        byte[] first = serializer.serialize("calls", SampleEvents.call());
        byte[] again = serializer.serialize("calls", SampleEvents.call());
        serializer.serialize("calls-copy", SampleEvents.call());
        serializer.serialize("calls", SampleEvents.call());

        assertArrayEquals(first, again);
        assertEquals(List.of("register calls-value", "register calls-copy-value"), asked);
        assertEquals(SampleEvents.call(), read(CallEvent.class, "calls", again));
    }

    @Test
    void eachSchemaOfATopicIsResolvedOnce() {
        AvroSerializer<Object> serializer = serializer(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"));
        byte[] call = serializer.serialize("mixed", SampleEvents.call());
        byte[] order = serializer.serialize("mixed", SampleEvents.order());
        byte[] callAgain = serializer.serialize("mixed", SampleEvents.call());

        assertEquals(List.of("register mixed-dev.cdyn.events.CallEvent", "register mixed-dev.cdyn.events.OrderEvent"),
                asked);
        assertArrayEquals(call, callAgain);
        assertEquals(SampleEvents.order(), read(OrderEvent.class, "mixed", order));
    }

    @Test
    void underUseLatestVersionTheSubjectsLatestIsAskedEveryTime() {
        scope.register("calls-value", CallEvent.getClassSchema());
        AvroSerializer<Object> serializer = serializer(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                SerdeConfig.AUTO_REGISTER_SCHEMAS, false, SerdeConfig.USE_LATEST_VERSION, true));
        serializer.serialize("calls", SampleEvents.call());
        serializer.serialize("calls", SampleEvents.call());

        assertEquals(List.of("latest calls-value", "latest calls-value"), asked);
    }

    @Test
    void aBodyWriterThatFailsOtherwiseLeavesNothingForTheNextEither() {
        AvroSerializer<Object> serializer = serializer(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE));
        boolean[] fail = {true};
        serializer.writeWith(CallEvent.class, new RecordBodyWriter<CallEvent>() {
            @Override
            public Schema schema() {
                return CallEvent.getClassSchema();
            }

            @Override
            public void write(CallEvent call, Encoder out) throws IOException {
                out.writeString(call.getEventId()); // some bytes first, then a failure of no listed kind
                if (fail[0]) {
                    throw new IllegalStateException("half-written");
                }
                out.writeString(call.getCustomerId());
            }
        });
        assertThrows(IllegalStateException.class, () -> serializer.serialize("calls", SampleEvents.call()));

        fail[0] = false;
        byte[] next = serializer.serialize("calls", SampleEvents.call());
        assertEquals(WireFormat.PREFIX_LENGTH + 2 * (1 + "e1".length()), next.length, "the prefix and two short strings");
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesNothingForTheNext() {
        AvroSerializer<Object> serializer = serializer(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE));
        CallEvent broken = SampleEvents.call();
        broken.setOutcome(null); // a required enum: the writer fails part-way through the record
        assertThrows(SerializationException.class, () -> serializer.serialize("calls", broken));

        byte[] next = serializer.serialize("calls", SampleEvents.call());
        assertEquals(SampleEvents.call(), read(CallEvent.class, "calls", next));
        assertArrayEquals(serializer(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE))
                .serialize("calls", SampleEvents.call()), next);
    }
}
