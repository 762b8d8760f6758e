package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes derived by hand from the documented formats (Confluent's wire format: magic 0 and a
 * big-endian int id; Avro binary: zig-zag varints, length-prefixed UTF-8, enum index, union branch
 * index, little-endian doubles, decimal as big-endian two's-complement bytes), not from our serializer.
 */
class WireFormatTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final String SCOPE = "wire-format-test";

    /** CallEvent e1/c7 at 1_700_000_000_000 ms, OUTBOUND, 300 s, CONNECTED, sentiment 0.5. */
    private static final String CALL_BODY = String.join(" ",
            "04 65 31",            // eventId "e1": length 2 -> zig-zag 4, then UTF-8
            "04 63 37",            // customerId "c7"
            "80 a0 ab fe f9 62",   // occurredAt 1_700_000_000_000 -> zig-zag 3_400_000_000_000 as varint
            "02",                  // direction OUTBOUND: enum index 1 -> zig-zag 2
            "d8 04",               // durationSeconds 300 -> zig-zag 600 -> varint 0xd8 0x04
            "00",                  // outcome CONNECTED: index 0
            "02 00 00 00 00 00 00 e0 3f"); // sentiment: union branch 1 (double), 0.5 little-endian

    /** OrderEvent o-1-placed/c7, PLACED, 12.34 EUR on WEB, no delivery delay. */
    private static final String ORDER_BODY = String.join(" ",
            "14 6f 2d 31 2d 70 6c 61 63 65 64", // eventId "o-1-placed": length 10 -> 0x14
            "04 63 37",                         // customerId "c7"
            "80 a0 ab fe f9 62",                // occurredAt
            "06 6f 2d 31",                      // orderId "o-1"
            "00",                               // status PLACED
            "04 04 d2",                         // amount 12.34 at scale 2 -> unscaled 1234 = 0x04d2, 2 bytes
            "06 45 55 52",                      // currency "EUR"
            "00",                               // channel WEB
            "00");                              // deliveryDelayHours: union branch 0 (null)

    private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);

    @AfterEach
    void forgetRegistry() {
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void prefixIsMagicByteZeroThenBigEndianId() {
        byte[] prefix = new byte[5];
        WireFormat.writePrefix(ByteBuffer.wrap(prefix), 258);
        assertArrayEquals(HEX.parseHex("00 00 00 01 02"), prefix);
        assertEquals(258, WireFormat.readPrefix(HEX.parseHex("00 00 00 01 02 ff")).id());
    }

    @Test
    void serializerWritesTheDocumentedBytesForACall() {
        int id = registry.register("calls-value", CallEvent.getClassSchema());
        byte[] bytes = serializer().serialize("calls", SampleEvents.call());
        assertEquals("00 " + idHex(id) + " " + CALL_BODY, HEX.formatHex(bytes));
    }

    @Test
    void serializerWritesDecimalAmountsAsUnscaledBigEndianBytes() {
        int id = registry.register("orders-value", OrderEvent.getClassSchema());
        byte[] bytes = serializer().serialize("orders", SampleEvents.order());
        assertEquals("00 " + idHex(id) + " " + ORDER_BODY, HEX.formatHex(bytes));
    }

    @Test
    void deserializerReadsGoldenBytesFromAnotherProducer() {
        int id = registry.register("calls-value", CallEvent.getClassSchema());
        byte[] golden = HEX.parseHex("00 " + idHex(id) + " " + CALL_BODY);
        assertEquals(SampleEvents.call(), deserializer(CallEvent.class).deserialize("calls", golden));
    }

    @Test
    void deserializerReadsSchemaIdFromValueHeaderWithBareBody() {
        int id = registry.register("calls-value", CallEvent.getClassSchema());
        RecordHeaders headers = new RecordHeaders();
        headers.add(WireFormat.VALUE_SCHEMA_ID_HEADER, HEX.parseHex("00 " + idHex(id)));
        CallEvent read = deserializer(CallEvent.class).deserialize("calls", headers, HEX.parseHex(CALL_BODY));
        assertEquals(SampleEvents.call(), read);
    }

    @Test
    void deserializerReadsSchemaGuidFromValueHeader() {
        Schema schema = CallEvent.getClassSchema();
        registry.register("calls-value", schema);
        UUID guid = InMemorySchemaRegistry.guidOf(schema);
        ByteBuffer header = ByteBuffer.allocate(17).put((byte) 1)
                .putLong(guid.getMostSignificantBits()).putLong(guid.getLeastSignificantBits());
        RecordHeaders headers = new RecordHeaders();
        headers.add(WireFormat.VALUE_SCHEMA_ID_HEADER, header.array());
        CallEvent read = deserializer(CallEvent.class).deserialize("calls", headers, HEX.parseHex(CALL_BODY));
        assertEquals(SampleEvents.call(), read);
    }

    @Test
    void serializerDropsAnInputsSchemaIdHeaderAndWritesThePrefix() {
        int id = registry.register("calls-value", CallEvent.getClassSchema());
        RecordHeaders headers = new RecordHeaders();
        headers.add(WireFormat.VALUE_SCHEMA_ID_HEADER, HEX.parseHex("00 00 00 00 63"));
        headers.add("trace-id", new byte[] {7});
        byte[] bytes = serializer().serialize("calls", headers, SampleEvents.call());
        assertNull(headers.lastHeader(WireFormat.VALUE_SCHEMA_ID_HEADER));
        assertArrayEquals(new byte[] {7}, headers.lastHeader("trace-id").value());
        assertEquals(id, WireFormat.readPrefix(bytes).id());
    }

    private static String idHex(int id) {
        return HEX.formatHex(ByteBuffer.allocate(4).putInt(id).array());
    }

    private static AvroSerializer<Object> serializer() {
        AvroSerializer<Object> serializer = new AvroSerializer<>();
        serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);
        return serializer;
    }

    private static <T> AvroDeserializer<T> deserializer(Class<T> type) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
        deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false);
        return deserializer;
    }
}
