package dev.cdyn.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the schema-registry wire format: the writer's schema is fetched by the id in
 * the payload's prefix (or in a {@code __key_schema_id}/{@code __value_schema_id} header, with the
 * bare body as payload) and resolved against the reader's schema, so that producers on older and
 * newer versions of a contract can share one topic.
 *
 * <p>Bad bytes (no magic byte, unknown schema id, truncated or corrupt body) raise a
 * {@link SerializationException} that says which; a registry that cannot be reached raises
 * {@link SchemaRegistryUnavailableException}, which is not the record's fault.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    static {
        AvroDecoderLimits.install();
    }

    private final Class<T> readerClass;
    private final Schema readerSchema;
    private SchemaRegistry registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private boolean specificReader;
    private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    private record ReaderKey(Schema writer, Schema reader) {
    }

    /** Generic or, with {@code specific.avro.reader=true}, into the class the writer's schema names. */
    public AvroDeserializer() {
        this(null, null);
    }

    /** Into the given generated class, whatever version of its schema the writer used. */
    public AvroDeserializer(Class<T> readerClass) {
        this(null, readerClass);
    }

    /** With a registry the caller owns and closes. */
    public AvroDeserializer(SchemaRegistry registry, Class<T> readerClass) {
        this.registry = registry;
        this.readerClass = readerClass;
        this.readerSchema = readerClass == null ? null : SpecificData.get().getSchema(readerClass);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = new SerdeConfig(configs);
        this.isKey = isKey;
        this.specificReader = config.specificAvroReader();
        if (registry == null) {
            registry = SchemaRegistries.connect(config);
            ownsRegistry = true;
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        Header idHeader = headers == null ? null : headers.lastHeader(WireFormat.schemaIdHeader(isKey));
        WireFormat.SchemaRef ref;
        int bodyStart;
        if (idHeader != null) {
            ref = WireFormat.readHeader(idHeader.value());
            bodyStart = 0;
        } else {
            ref = WireFormat.readPrefix(data);
            bodyStart = WireFormat.PREFIX_LENGTH;
        }
        Schema writer = writerSchema(ref);
        return decode(data, bodyStart, ref, writer);
    }

    private Schema writerSchema(WireFormat.SchemaRef ref) {
        try {
            return ref.guid() != null ? registry.schemaByGuid(ref.guid()) : registry.schemaById(ref.id());
        } catch (SchemaRegistryException e) {
            // Only the registry's own "no such schema" makes the record unreadable. Any other refusal
            // (credentials rotated, a proxy's 404 or HTML page) is an outage: retried, never dead-lettered.
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw new SerializationException("Unknown " + ref + ": the registry has no such schema", e);
            }
            throw new SchemaRegistryUnavailableException("The registry refused to give " + ref + " ("
                    + e.getMessage() + "); the record is not at fault and is read again", e);
        }
    }

    @SuppressWarnings("unchecked")
    private T decode(byte[] data, int bodyStart, WireFormat.SchemaRef ref, Schema writer) {
        DatumReader<Object> reader = readers.computeIfAbsent(new ReaderKey(writer, readerSchemaFor(writer)), this::newReader);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, bodyStart, data.length - bodyStart, null);
        Object value;
        try {
            value = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new SerializationException("Truncated body: " + (data.length - bodyStart) + " bytes end before the "
                    + writer.getFullName() + " written with " + ref + " is complete", e);
        } catch (SystemLimitException e) {
            throw new SerializationException("Corrupt body: " + e.getMessage() + " (" + writer.getFullName()
                    + ", " + ref + ")", e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException | IllegalArgumentException | ArithmeticException | UnsupportedOperationException e) {
            // Found by fuzzing: a decimal of zero bytes (NumberFormatException), a string length past what
            // Avro reads (UnsupportedOperationException).
            throw new SerializationException("Corrupt body: cannot decode " + writer.getFullName() + " written with "
                    + ref + ": " + e, e);
        }
        if (readerClass != null && !readerClass.isInstance(value)) {
            throw new SerializationException("Expected " + readerClass.getName() + " but " + ref + " wrote "
                    + writer.getFullName());
        }
        return (T) value;
    }

    private Schema readerSchemaFor(Schema writer) {
        if (readerSchema != null) {
            return readerSchema;
        }
        if (specificReader) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated != null && generated != Object.class && !generated.isPrimitive()) {
                return SpecificData.get().getSchema(generated);
            }
        }
        return writer;
    }

    private DatumReader<Object> newReader(ReaderKey key) {
        if (readerClass != null) {
            return new SpecificDatumReader<>(key.writer(), key.reader(), SpecificData.getForClass(readerClass));
        }
        if (specificReader) {
            return new SpecificDatumReader<>(key.writer(), key.reader());
        }
        return new GenericDatumReader<>(key.writer(), key.reader(), GenericData.get());
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
