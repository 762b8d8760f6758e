package dev.cdyn.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API over HTTP. Schemas by id never change, so
 * they are cached for the client's life; the latest version of a subject is cached for
 * {@code latest.cache.ttl.sec}. A request the registry does not answer, or answers with 408, 429
 * or 5xx, is retried with exponential backoff across the configured URLs, then fails with
 * {@link SchemaRegistryUnavailableException}.
 */
public final class HttpSchemaRegistry implements SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistry.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<URI> baseUris;
    private final String authorization;
    private final HttpClient http;
    private final Duration readTimeout;
    private final int maxRetries;
    private final long retryWaitMs;
    private final long retryMaxWaitMs;
    private final long latestTtlNanos;
    private final ObjectMapper json = new ObjectMapper();

    private final LruCache<Integer, Schema> schemasById;
    private final LruCache<UUID, Schema> schemasByGuid;
    private final LruCache<SubjectSchema, Integer> registeredIds;
    private final LruCache<SubjectSchema, RegisteredSchema> lookups;
    private final LruCache<String, TimedLatest> latestBySubject;

    private int preferredUri;

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record TimedLatest(RegisteredSchema schema, long fetchedAtNanos) {
    }

    public HttpSchemaRegistry(SerdeConfig config) {
        RegistryEndpoints endpoints = RegistryEndpoints.from(config);
        this.baseUris = endpoints.baseUris();
        this.authorization = endpoints.authorization().orElse(null);
        this.http = HttpClient.newBuilder()
                // Plain HTTP/1.1: the client's default h2c upgrade attempt on http:// URLs was seen to
                // make a registry handle one registration twice ("already exists", unique-key errors).
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .build();
        this.readTimeout = Duration.ofMillis(config.readTimeoutMs());
        this.maxRetries = config.maxRetries();
        this.retryWaitMs = config.retriesWaitMs();
        this.retryMaxWaitMs = config.retriesMaxWaitMs();
        this.latestTtlNanos = config.latestCacheTtlSec() < 0 ? Long.MAX_VALUE
                : Duration.ofSeconds(config.latestCacheTtlSec()).toNanos();
        int capacity = config.cacheCapacity();
        this.schemasById = new LruCache<>(capacity);
        this.schemasByGuid = new LruCache<>(capacity);
        this.registeredIds = new LruCache<>(capacity);
        this.lookups = new LruCache<>(capacity);
        this.latestBySubject = new LruCache<>(capacity);
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
                pause(1, "POST " + subject, e);
                answer = post(subject, schema);
            }
            int id = answer.path("id").asInt(-1);
            schemasById.put(id, schema);
            return id;
        });
    }

    private JsonNode post(String subject, Schema schema) {
        return send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
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
        return schemasById.get(id, key -> parse(send("GET", "/schemas/ids/" + key, null)));
    }

    @Override
    public Schema schemaByGuid(UUID guid) {
        return schemasByGuid.get(guid, key -> parse(send("GET", "/schemas/guids/" + key, null)));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        TimedLatest cached = latestBySubject.getIfPresent(subject);
        if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < latestTtlNanos) {
            return cached.schema();
        }
        JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        RegisteredSchema latest = new RegisteredSchema(answer.path("subject").asText(subject),
                answer.path("id").asInt(), answer.path("version").asInt(), parse(answer));
        latestBySubject.put(subject, new TimedLatest(latest, System.nanoTime()));
        schemasById.put(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        try {
            JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
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

    private String schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private Schema parse(JsonNode answer) {
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

    /** One request, retried across the URLs with backoff while the registry cannot answer. */
    private JsonNode send(String method, String path, String body) {
        Exception lastFailure = null;
        String lastTarget = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                pause(attempt, lastTarget, lastFailure);
            }
            int uriIndex = currentUri();
            URI target = URI.create(baseUris.get(uriIndex) + path);
            lastTarget = method + " " + target;
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(readTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                moveOn(uriIndex);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while waiting for " + lastTarget, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return readJson(response.body(), status);
            }
            if (status == 408 || status == 429 || status >= 500) {
                lastFailure = new IOException("HTTP " + status + ": " + response.body());
                moveOn(uriIndex);
                continue;
            }
            throw error(response, lastTarget);
        }
        throw new SchemaRegistryUnavailableException("The schema registry did not answer " + lastTarget
                + " after " + (maxRetries + 1) + " attempts: " + lastFailure, lastFailure);
    }

    private synchronized int currentUri() {
        return preferredUri % baseUris.size();
    }

    private synchronized void moveOn(int failedIndex) {
        if (preferredUri % baseUris.size() == failedIndex) {
            preferredUri = (failedIndex + 1) % baseUris.size();
        }
    }

    private void pause(int attempt, String target, Exception failure) {
        long exponential = retryWaitMs * (1L << Math.min(attempt - 1, 20));
        long wait = Math.min(retryMaxWaitMs, exponential);
        // Jitter keeps many clients that lost the registry together from coming back in step.
        wait = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
        LOG.warn("Schema registry did not answer {} ({}); retry {} of {} in {} ms",
                target, failure, attempt, maxRetries, wait);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while waiting to retry " + target, e);
        }
    }

    private JsonNode readJson(String text, int status) {
        try {
            return json.readTree(text == null || text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            throw new SchemaRegistryException("The registry's answer is not JSON: " + abbreviate(text), status, 0);
        }
    }

    private SchemaRegistryException error(HttpResponse<String> response, String target) {
        int status = response.statusCode();
        int code = status;
        String message = abbreviate(response.body());
        try {
            JsonNode body = json.readTree(response.body());
            code = body.path("error_code").asInt(status);
            message = body.path("message").asText(message);
        } catch (IOException | RuntimeException e) {
            // Not JSON: keep the status as the code and the raw text as the message.
        }
        return new SchemaRegistryException(target + ": " + message, status, code);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
