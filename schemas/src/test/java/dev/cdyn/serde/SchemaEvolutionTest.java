package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CallOutcome;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scores.ScoringModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract stays readable both ways against its last released version (kept under
 * src/test/resources/contracts), and the evolution rules the contracts rely on hold in Avro's own
 * compatibility checker and through the serde.
 */
class SchemaEvolutionTest {

    private static final String SCOPE = "evolution-test";
    private static final Schema CALL = CallEvent.getClassSchema();

    @AfterEach
    void forgetRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    static Stream<Schema> currentContracts() {
        return Stream.of(CustomerAccount.getClassSchema(), CallEvent.getClassSchema(), EmailEvent.getClassSchema(),
                MeetingEvent.getClassSchema(), OrderEvent.getClassSchema(), SupportTicketEvent.getClassSchema(),
                CustomerScore.getClassSchema(), ScoreAlert.getClassSchema(), Interaction.getClassSchema(),
                ScoringModel.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("currentContracts")
    void contractIsFullyCompatibleWithItsReleasedVersion(Schema current) throws IOException {
        Schema released = released(current.getName());
        assertCompatible(current, released, "new consumers must read what old producers wrote");
        assertCompatible(released, current, "old consumers must read what new producers write");
    }

    @Test
    void addingAnOptionalFieldWithDefaultIsCompatibleBothWays() {
        Schema withExtra = withField(CALL, new Schema.Field("agentId",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "id of the agent", Schema.Field.NULL_DEFAULT_VALUE));
        assertCompatible(withExtra, CALL, "backward");
        assertCompatible(CALL, withExtra, "forward");
    }

    @Test
    void removingAnOptionalFieldIsCompatibleBothWays() {
        Schema withoutSentiment = withoutField(CALL, "sentiment");
        assertCompatible(withoutSentiment, CALL, "backward");
        assertCompatible(CALL, withoutSentiment, "forward");
    }

    @Test
    void addingAnEnumSymbolIsReadableByOldConsumersThanksToTheEnumDefault() {
        assertCompatible(CALL, withNewOutcome(CALL), "old reader, new writer");
    }

    @Test
    void addingARequiredFieldWithoutDefaultBreaksBackwardCompatibility() {
        Schema withRequired = withField(CALL, new Schema.Field("agentId", Schema.create(Schema.Type.STRING),
                "id of the agent", (Object) null));
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(withRequired, CALL).getType());
    }

    @Test
    void v1ProducerIsReadByV2Consumer() {
        Schema v1 = withoutField(CALL, "sentiment");
        GenericRecord written = new GenericData.Record(v1);
        SampleEvents.call().getSchema().getFields().stream().filter(f -> !f.name().equals("sentiment"))
                .forEach(f -> written.put(f.name(), genericValue(f.name())));
        byte[] bytes = serializer().serialize("calls", written);

        CallEvent read = deserializer().deserialize("calls", bytes);
        assertEquals("c7", read.getCustomerId());
        assertEquals(300, read.getDurationSeconds());
        assertNull(read.getSentiment());
    }

    @Test
    void v3ProducerWithNewFieldAndNewSymbolIsReadByV2Consumer() {
        Schema v3 = withNewOutcome(withField(CALL, new Schema.Field("agentId",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "id of the agent", Schema.Field.NULL_DEFAULT_VALUE)));
        GenericRecord written = new GenericData.Record(v3);
        for (Schema.Field field : CALL.getFields()) {
            written.put(field.name(), genericValue(field.name()));
        }
        written.put("outcome", new GenericData.EnumSymbol(v3.getField("outcome").schema(), "TRANSFERRED"));
        written.put("agentId", "agent-5");
        byte[] bytes = serializer().serialize("calls", written);

        CallEvent read = deserializer().deserialize("calls", bytes);
        assertEquals(CallOutcome.UNKNOWN, read.getOutcome());
        assertEquals(0.5, read.getSentiment());
        assertEquals(v3, InMemorySchemaRegistry.forScope(SCOPE).latest("calls-value").schema());
    }

    private static Object genericValue(String field) {
        CallEvent call = SampleEvents.call();
        return switch (field) {
            case "eventId" -> call.getEventId();
            case "customerId" -> call.getCustomerId();
            case "occurredAt" -> call.getOccurredAt().toEpochMilli();
            case "direction" -> new GenericData.EnumSymbol(CALL.getField("direction").schema(), "OUTBOUND");
            case "durationSeconds" -> call.getDurationSeconds();
            case "outcome" -> new GenericData.EnumSymbol(CALL.getField("outcome").schema(), "CONNECTED");
            case "sentiment" -> call.getSentiment();
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static AvroSerializer<Object> serializer() {
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
        return serializer;
    }

    private static AvroDeserializer<CallEvent> deserializer() {
        AvroDeserializer<CallEvent> deserializer = new AvroDeserializer<>(CallEvent.class);
        deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
        return deserializer;
    }

    private static void assertCompatible(Schema reader, Schema writer, String why) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(),
                () -> why + ": " + result.getResult().getIncompatibilities());
    }

    private static Schema released(String name) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/contracts/v1/" + name + ".avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static Schema withoutField(Schema record, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            if (!field.name().equals(name)) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static Schema withField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static Schema withNewOutcome(Schema record) {
        return new Schema.Parser().parse(record.toString().replace("\"DROPPED\",", "\"DROPPED\",\"TRANSFERRED\","));
    }
}
