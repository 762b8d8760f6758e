package dev.cdyn.serde;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes given to the Avro deserializer give a record or a {@link SerializationException},
 * never another exception (which would stop a stream thread instead of dead-lettering the record).
 * Every contract is registered in an in-memory registry, so that fuzzed schema ids find real
 * writers. A run of the tests replays the inputs under {@code src/test/resources/dev/cdyn/serde/
 * AvroDeserializerFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes (RELIABILITY.md, Fuzzing).
 *
 * <p>The first input byte chooses the reader (bits 0-1) and whether the schema id travels in a
 * header (bit 2, the next byte giving its length); the rest is the record's value.
 */
class AvroDeserializerFuzzTest {

    private static final String SCOPE = "avro-deserializer-fuzz";
    private static final List<AvroDeserializer<?>> READERS = readers();

    private static List<AvroDeserializer<?>> readers() {
        Map<String, String> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        AvroSerializer<SpecificRecord> writer = new AvroSerializer<>();
        writer.configure(config, false);
        for (SpecificRecord contract : SampleEvents.everyContract()) {
            writer.serialize(contract.getSchema().getName(), contract);
        }
        AvroDeserializer<OrderEvent> orders = new AvroDeserializer<>(OrderEvent.class);
        orders.configure(config, false);
        AvroDeserializer<CallEvent> calls = new AvroDeserializer<>(CallEvent.class);
        calls.configure(config, false);
        AvroDeserializer<Object> generic = new AvroDeserializer<>();
        generic.configure(config, false);
        AvroDeserializer<Object> specific = new AvroDeserializer<>();
        specific.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                SerdeConfig.SPECIFIC_AVRO_READER, "true"), false);
        return List.of(orders, calls, generic, specific);
    }

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void anyBytesGiveARecordOrASerializationException(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xff;
        AvroDeserializer<?> reader = READERS.get(mode & 3);
        RecordHeaders headers = new RecordHeaders();
        int bodyStart = 1;
        if ((mode & 4) != 0 && input.length > 1) {
            int headerLength = Math.min((input[1] & 0xff) % 24, input.length - 2);
            headers.add(WireFormat.VALUE_SCHEMA_ID_HEADER, Arrays.copyOfRange(input, 2, 2 + headerLength));
            bodyStart = 2 + headerLength;
        }
        byte[] value = Arrays.copyOfRange(input, bodyStart, input.length);
        try {
            reader.deserialize("fuzzed", headers, value);
        } catch (SerializationException expected) {
            // Bad bytes, said so: the dead-letter handler's case.
        }
    }
}
