package dev.cdyn.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the schema-registry wire format (magic byte, schema id, Avro binary),
 * registering or looking up the schema under the subject the strategy names. Usable as a plain
 * Kafka serializer by class name ({@code value.serializer=dev.cdyn.serde.AvroSerializer}).
 *
 * <p>It always writes the id into the payload and removes any schema-id header from the record,
 * so that an id read from an input record's header cannot travel onto an output record whose
 * payload another schema wrote.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private SchemaRegistry registry;
    private boolean ownsRegistry;
    private boolean isKey;
    private SubjectNameStrategy subjectNames;
    private boolean autoRegister;
    private boolean useLatestVersion;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    /** Per thread that writes with this serializer: one output buffer and its encoder, reused record after record. */
    private final ThreadLocal<Encoding> encodings = ThreadLocal.withInitial(Encoding::new);
    /**
     * The id written for each topic and schema. A registered schema's id never changes, so each
     * pair asks the registry (and its cache) once; not used under {@code use.latest.version},
     * whose answer may change.
     */
    private final Map<TopicSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Class<?>, RecordBodyWriter<?>> bodyWriters = new ConcurrentHashMap<>();

    /** For Kafka clients that create serializers by class name; the registry comes from {@link #configure}. */
    public AvroSerializer() {
    }

    /** With a registry the caller owns and closes. */
    public AvroSerializer(SchemaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = new SerdeConfig(configs);
        this.isKey = isKey;
        this.subjectNames = config.subjectNameStrategy(isKey);
        this.autoRegister = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
        if (registry == null) {
            registry = SchemaRegistries.connect(config);
            ownsRegistry = true;
        }
    }

    /**
     * Writes records of this class with a writer of their own wherever the schema written is the
     * writer's (not under {@code use.latest.version}, whose latest schema may differ); Avro's
     * generic writer otherwise.
     */
    public <R extends T> AvroSerializer<T> writeWith(Class<R> type, RecordBodyWriter<R> writer) {
        bodyWriters.put(type, writer);
        return this;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (headers != null) {
            headers.remove(WireFormat.schemaIdHeader(isKey));
        }
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        if (!(data instanceof GenericContainer record)) {
            throw new SerializationException("Cannot write " + data.getClass().getName()
                    + " as Avro: expected a generated record or a GenericRecord");
        }
        Schema schema = record.getSchema();
        TopicSchema written = new TopicSchema(topic, schema);
        Integer known = ids.get(written);
        if (known != null) {
            return encode(data, schema, known);
        }
        String subject = subjectNames.subject(topic, isKey, schema);
        int schemaId;
        Schema writerSchema = schema;
        try {
            if (useLatestVersion) {
                SchemaRegistry.RegisteredSchema latest = registry.latest(subject);
                schemaId = latest.id();
                writerSchema = latest.schema();
            } else {
                if (autoRegister) {
                    schemaId = registry.register(subject, schema);
                } else {
                    schemaId = registry.lookup(subject, schema)
                            .orElseThrow(() -> new SerializationException("The schema of " + schema.getFullName()
                                    + " is not registered under subject " + subject + " and "
                                    + SerdeConfig.AUTO_REGISTER_SCHEMAS + " is false"))
                            .id();
                }
                if (ids.size() >= MAX_IDS) {
                    ids.clear(); // schemas made on the fly, each new: ask again rather than hold them all
                }
                ids.put(written, schemaId);
            }
        } catch (SchemaRegistryException e) {
            throw new SerializationException("The registry refused the schema of " + schema.getFullName()
                    + " under subject " + subject + ": " + e.getMessage(), e);
        }
        return encode(data, writerSchema, schemaId);
    }

    private byte[] encode(T data, Schema writerSchema, int schemaId) {
        Encoding encoding = encodings.get();
        ByteArrayOutputStream out = encoding.out;
        out.reset();
        encoding.prefix.clear();
        WireFormat.writePrefix(encoding.prefix, schemaId);
        out.write(encoding.prefix.array(), 0, WireFormat.PREFIX_LENGTH);
        boolean whole = false;
        try {
            BinaryEncoder encoder = encoding.encoder;
            @SuppressWarnings("unchecked")
            RecordBodyWriter<T> own = (RecordBodyWriter<T>) bodyWriters.get(data.getClass());
            if (own != null && own.schema() == writerSchema) {
                own.write(data, encoder);
            } else {
                writerFor(writerSchema, data).write(data, encoder);
            }
            encoder.flush();
            whole = true;
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new SerializationException("Cannot encode " + writerSchema.getFullName() + " with schema id "
                    + schemaId + ": " + e.getMessage(), e);
        } finally {
            if (!whole) {
                // Whatever failed, the record may have left bytes in the encoder's own buffer: the next starts afresh.
                encodings.remove();
            }
        }
        byte[] written = out.toByteArray();
        if (written.length > KEPT_BUFFER_BYTES) {
            encodings.remove(); // a rare large record does not keep its buffer for the thread's life
        }
        return written;
    }

    private static final int KEPT_BUFFER_BYTES = 64 * 1024;
    private static final int MAX_IDS = 1_024;

    /** A topic (null for none) and a schema, equal as Avro compares schemas (whose hash is kept once computed). */
    private record TopicSchema(String topic, Schema schema) {
    }

    /**
     * A thread's buffer, kept at the size of the largest record it wrote (so a record is copied
     * once, into its own array, instead of on every growth), and an encoder bound to it: buffered,
     * it writes into an array of its own and hands the buffer whole chunks.
     */
    private static final class Encoding {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1_024);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        final ByteBuffer prefix = ByteBuffer.allocate(WireFormat.PREFIX_LENGTH);
    }

    private DatumWriter<Object> writerFor(Schema schema, Object data) {
        return writers.computeIfAbsent(schema, s -> data instanceof SpecificRecord
                ? new SpecificDatumWriter<>(s, SpecificData.getForClass(data.getClass()))
                : new GenericDatumWriter<>(s, GenericData.get()));
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
