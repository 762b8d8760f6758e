package dev.cdyn.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry held in memory, for tests and the embedded demo, answering as Confluent's does: ids
 * from 1 shared across subjects for the same schema, versions per subject from 1, BACKWARD
 * compatibility against the latest version, and Confluent's error codes. Selected with the URL
 * {@code mock://SCOPE}; every serde in the JVM that names the same scope shares one registry.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    /** The registry of a {@code mock://} scope, created on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, name -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope, so that a later test starts from an empty registry. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Optional<RegisteredSchema> existing = lookup(subject, schema);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        if (!isCompatible(subject, schema)) {
            throw new SchemaRegistryException("Schema being registered is incompatible with the latest version of "
                    + subject, 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> {
            schemasById.add(s);
            return schemasById.size();
        });
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer id = idsBySchema.get(schema);
        int index = id == null ? -1 : versions.indexOf(id);
        return index < 0 ? Optional.empty() : Optional.of(new RegisteredSchema(subject, id, index + 1, schema));
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException("Schema " + id + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized Schema schemaByGuid(UUID guid) {
        for (Schema schema : schemasById) {
            if (guidOf(schema).equals(guid)) {
                return schema;
            }
        }
        throw new SchemaRegistryException("Schema " + guid + " not found", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    /** The GUID this registry gives a schema: derived from its text, so the same schema always gets the same one. */
    public static UUID guidOf(Schema schema) {
        return UUID.nameUUIDFromBytes(schema.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found", 404,
                    SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id - 1));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            return true;
        }
        Schema latest = schemasById.get(versions.get(versions.size() - 1) - 1);
        // BACKWARD: consumers on the new schema can read what producers wrote with the latest one.
        return SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }
}
