package dev.cdyn.serde;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing of a schema-registry record. In the payload: magic byte 0, the schema id as
 * a 4-byte big-endian integer, then the Avro binary body. Newer serializers may instead put the id
 * in a record header ({@value #KEY_SCHEMA_ID_HEADER} / {@value #VALUE_SCHEMA_ID_HEADER}) and send
 * the bare body: the header holds magic byte 0 and the 4-byte id, or magic byte 1 and a 16-byte GUID.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final byte MAGIC_BYTE_GUID = 1;
    public static final int PREFIX_LENGTH = 5;
    public static final String KEY_SCHEMA_ID_HEADER = "__key_schema_id";
    public static final String VALUE_SCHEMA_ID_HEADER = "__value_schema_id";

    private WireFormat() {
    }

    /** Which schema wrote a record: an id, or (from a header only) a GUID. */
    public record SchemaRef(int id, UUID guid) {
        static SchemaRef ofId(int id) {
            return new SchemaRef(id, null);
        }

        static SchemaRef ofGuid(UUID guid) {
            return new SchemaRef(-1, guid);
        }

        @Override
        public String toString() {
            return guid == null ? "schema id " + id : "schema guid " + guid;
        }
    }

    public static String schemaIdHeader(boolean isKey) {
        return isKey ? KEY_SCHEMA_ID_HEADER : VALUE_SCHEMA_ID_HEADER;
    }

    /** Writes the 5-byte prefix for the id at the buffer's position. */
    public static void writePrefix(ByteBuffer target, int schemaId) {
        target.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Reads the schema id from a payload's prefix; the body starts at {@link #PREFIX_LENGTH}. */
    public static SchemaRef readPrefix(byte[] payload) {
        if (payload.length == 0) {
            throw new SerializationException("No magic byte: the payload is empty");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "No magic byte: the payload starts with 0x%02x, not 0x00, so it was not written in the"
                            + " schema-registry wire format", payload[0]));
        }
        if (payload.length < PREFIX_LENGTH) {
            throw new SerializationException("Truncated payload: " + payload.length
                    + " bytes, shorter than the 5-byte magic byte and schema id");
        }
        return SchemaRef.ofId(ByteBuffer.wrap(payload, 1, 4).getInt());
    }

    /** Reads the schema reference from a {@code __key_schema_id} / {@code __value_schema_id} header value. */
    public static SchemaRef readHeader(byte[] value) {
        if (value == null || value.length == 0) {
            throw new SerializationException("Empty schema-id header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value);
        byte magic = buffer.get();
        if (magic == MAGIC_BYTE && buffer.remaining() >= 4) {
            return SchemaRef.ofId(buffer.getInt());
        }
        if (magic == MAGIC_BYTE_GUID && buffer.remaining() >= 16) {
            return SchemaRef.ofGuid(new UUID(buffer.getLong(), buffer.getLong()));
        }
        throw new SerializationException(String.format(
                "Unreadable schema-id header: magic byte 0x%02x with %d bytes after it", magic, buffer.remaining()));
    }
}
