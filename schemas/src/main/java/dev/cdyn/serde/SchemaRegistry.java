package dev.cdyn.serde;

import java.io.Closeable;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API the serde needs. Implemented over HTTP
 * ({@link HttpSchemaRegistry}) and in memory ({@link InMemorySchemaRegistry}, {@code mock://scope}).
 *
 * <p>Errors: {@link SchemaRegistryException} for an answer that says no (its error code tells which
 * no), {@link SchemaRegistryUnavailableException} when the registry did not answer after retries.
 */
public interface SchemaRegistry extends Closeable {

    /** Registers the schema under the subject, or finds it there; returns its id. */
    int register(String subject, Schema schema);

    /** The id and version of the schema under the subject, if it is registered there. */
    Optional<RegisteredSchema> lookup(String subject, Schema schema);

    /** The schema with this id; {@link SchemaRegistryException#isNotFound()} when there is none. */
    Schema schemaById(int id);

    /** The schema with this GUID (newer registries identify schemas by GUID as well as by id). */
    Schema schemaByGuid(UUID guid);

    /** The latest version registered under the subject. */
    RegisteredSchema latest(String subject);

    /** Whether the schema may be registered under the subject by its compatibility rule. */
    boolean isCompatible(String subject, Schema schema);

    @Override
    default void close() {
    }

    /** A schema as registered under a subject. */
    record RegisteredSchema(String subject, int id, int version, Schema schema) {
    }
}
