package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.CallEvent;
import dev.cdyn.scores.CustomerScore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BadInputTest {

    private static final String SCOPE = "bad-input-test";

    private AvroSerializer<CallEvent> serializer;
    private AvroDeserializer<CallEvent> calls;

    @BeforeEach
    void setUp() {
        Map<String, String> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        calls = new AvroDeserializer<>(CallEvent.class);
        calls.configure(config, false);
    }

    @AfterEach
    void forgetRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    private byte[] goodCall() {
        return serializer.serialize("calls", SampleEvents.call());
    }

    private SerializationException rejected(byte[] payload) {
        return assertThrows(SerializationException.class, () -> calls.deserialize("calls", payload));
    }

    private static void assertSays(SerializationException e, String words) {
        assertTrue(e.getMessage().contains(words), () -> "expected '" + words + "' in: " + e.getMessage());
    }

    @Test
    void payloadWithoutMagicByteIsRejected() {
        assertSays(rejected("{\"customerId\":\"c7\"}".getBytes()), "No magic byte");
    }

    @Test
    void emptyPayloadIsRejected() {
        assertSays(rejected(new byte[0]), "No magic byte: the payload is empty");
    }

    @Test
    void payloadShorterThanThePrefixIsTruncated() {
        assertSays(rejected(new byte[] {0, 0, 1}), "Truncated payload");
    }

    @Test
    void unknownSchemaIdIsRejected() {
        byte[] payload = goodCall();
        ByteBuffer.wrap(payload).putInt(1, 4242);
        assertSays(rejected(payload), "Unknown schema id 4242");
    }

    @Test
    void truncatedBodyIsRejected() {
        byte[] good = goodCall();
        assertSays(rejected(Arrays.copyOf(good, good.length - 4)), "Truncated body");
    }

    @Test
    void hostileStringLengthFailsWithoutAllocatingIt() throws Exception {
        byte[] prefix = Arrays.copyOf(goodCall(), WireFormat.PREFIX_LENGTH);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        encoder.writeLong(Integer.MAX_VALUE - 16L); // eventId's length prefix: ~2 GiB
        encoder.flush();
        assertSays(rejected(concat(prefix, body.toByteArray())), "Corrupt body");
        assertTrue(AvroDecoderLimits.inForce());
    }

    @Test
    void hostileCollectionCountFailsWithoutLooping() throws Exception {
        Map<String, String> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        AvroDeserializer<CustomerScore> scores = new AvroDeserializer<>(CustomerScore.class);
        scores.configure(config, false);
        int id = InMemorySchemaRegistry.forScope(SCOPE).register("scores-value", CustomerScore.getClassSchema());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(body, null);
        encoder.writeString("c7");
        encoder.writeDouble(50);
        encoder.writeEnum(1);
        encoder.writeDouble(0.2);
        encoder.writeEnum(0);
        encoder.writeLong(1_000_000_000L); // reasons: a billion items announced
        encoder.flush();
        byte[] prefix = ByteBuffer.allocate(5).put((byte) 0).putInt(id).array();
        SerializationException e = assertThrows(SerializationException.class,
                () -> scores.deserialize("scores", concat(prefix, body.toByteArray())));
        assertSays(e, "Corrupt body");
    }

    @Test
    void unreadableSchemaIdHeaderIsRejected() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WireFormat.VALUE_SCHEMA_ID_HEADER, HexFormat.of().parseHex("07"));
        SerializationException e = assertThrows(SerializationException.class,
                () -> calls.deserialize("calls", headers, goodCall()));
        assertSays(e, "Unreadable schema-id header");
    }

    @Test
    void unreachableRegistryIsRetriableNotBadInput() {
        Map<String, String> config = Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
                SerdeConfig.MAX_RETRIES, "2",
                SerdeConfig.RETRIES_WAIT_MS, "1",
                SerdeConfig.HTTP_CONNECT_TIMEOUT_MS, "500");
        AvroDeserializer<CallEvent> remote = new AvroDeserializer<>(CallEvent.class);
        remote.configure(config, false);
        byte[] payload = goodCall();
        RuntimeException e = assertThrows(RuntimeException.class, () -> remote.deserialize("calls", payload));
        assertInstanceOf(SchemaRegistryUnavailableException.class, e);
        assertInstanceOf(RetriableException.class, e);
        assertFalse(e instanceof SerializationException);
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
