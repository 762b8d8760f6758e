package dev.cdyn.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API over HTTP. Schemas by id never change, so
 * they are cached for the client's life; the latest version of a subject is cached for
 * {@code latest.cache.ttl.sec}. Requests go through {@link RegistryTransport}, which retries what
 * the registry could not answer and fails with {@link SchemaRegistryUnavailableException}.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistry.class);

    private final RegistryTransport transport;
    private final Backoff backoff;

    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<UUID, Schema> schemasByGuid;
    private final LruCache<SubjectSchema, Integer> registeredIds;
    private final LruCache<SubjectSchema, RegisteredSchema> lookups;
    private final ExpiringCache<String, RegisteredSchema> latestBySubject;

    private record SubjectSchema(String subject, Schema schema) {
    }

    public HttpSchemaRegistry(SerdeConfig config) {
        this.backoff = Backoff.from(config);
        this.transport = new RegistryTransport(RegistryEndpoints.from(config), config, backoff);
        int capacity = config.cacheCapacity();
        this.schemasById = new LruCache<>(capacity);
        this.schemasByGuid = new LruCache<>(capacity);
        this.registeredIds = new LruCache<>(capacity);
        this.lookups = new LruCache<>(capacity);
        this.latestBySubject = new ExpiringCache<>(capacity, config.latestCacheTtlSec());
    }

    @Override
    public int register(String subject, Schema schema) {
        return registeredIds.get(new SubjectSchema(subject, schema), key -> {
            JsonNode answer;
            try {
                answer = post(subject, schema);
            } catch (SchemaRegistryException e) {
                // A conflict may be another client registering the same schema at the same moment: if
                // the schema is there now, that is success; if not, one more try after the race settles.
                if (e.httpStatus() != 409) {
                    throw e;
                }
                Optional<RegisteredSchema> there = lookup(subject, schema);
                if (there.isPresent()) {
                    return there.get().id();
                }
                long wait = backoff.waitMs(1);
                LOG.warn("Registering under {} met a conflict ({}), yet the schema is not there; trying once more in {} ms",
                        subject, e.getMessage(), wait);
                Backoff.sleep(wait, "POST " + subject);
                answer = post(subject, schema);
            }
            int id = answer.path("id").asInt(-1);
            schemasById.put(id, schema);
            return id;
        });
    }

    private JsonNode post(String subject, Schema schema) {
        return transport.send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            JsonNode answer = transport.send("POST", "/subjects/" + encode(subject), schemaBody(schema));
            RegisteredSchema found = new RegisteredSchema(subject, answer.path("id").asInt(),
                    answer.path("version").asInt(), schema);
            lookups.put(key, found);
            return Optional.of(found);
        } catch (SchemaRegistryException e) {
            // Confluent answers 40401 (no subject) or 40403 (not under it); some registries 40401 for both.
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.get(id, key -> parse(transport.send("GET", "/schemas/ids/" + key, null)));
    }

    @Override
    public Schema schemaByGuid(UUID guid) {
        return schemasByGuid.get(guid, key -> parse(transport.send("GET", "/schemas/guids/" + key, null)));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Optional<RegisteredSchema> cached = latestBySubject.getIfFresh(subject);
        if (cached.isPresent()) {
            return cached.get();
        }
        JsonNode answer = transport.send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        RegisteredSchema latest = new RegisteredSchema(answer.path("subject").asText(subject),
                answer.path("id").asInt(), answer.path("version").asInt(), parse(answer));
        latestBySubject.put(subject, latest);
        schemasById.put(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = transport.send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema));
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            // Nothing registered yet: any schema may be the first.
            if (e.isNotFound() && e.errorCode() != SchemaRegistryException.SCHEMA_NOT_FOUND) {
                return true;
            }
            throw e;
        }
    }

    private static String schemaBody(Schema schema) {
        return JsonNodeFactory.instance.objectNode().put("schema", schema.toString()).toString();
    }

    private static Schema parse(JsonNode answer) {
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("The registry's answer has no schema: " + answer, 200, 0);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException("The registry sent a schema that is not Avro: " + e.getMessage(), 200, 0);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
