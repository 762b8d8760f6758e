package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cdyn.events.CallEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against recorded answers of the Confluent API, replayed by a loopback server:
 * each documented error code becomes the error the caller can act on.
 */
class HttpSchemaRegistryErrorCodesTest {

    private static JsonNode exchanges;

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    private record Answer(int status, String body) {
    }

    @BeforeEach
    void startServer() throws IOException {
        if (exchanges == null) {
            try (InputStream in = getClass().getResourceAsStream("/confluent-error-exchanges.json")) {
                exchanges = new ObjectMapper().readTree(in).path("exchanges");
            }
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getRequestBody().readAllBytes();
        Answer answer = answers.isEmpty() ? new Answer(500, "{\"error_code\":50001,\"message\":\"no answer recorded\"}")
                : answers.poll();
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void replay(String name) {
        JsonNode exchange = exchanges.path(name);
        answers.add(new Answer(exchange.path("status").asInt(), exchange.path("body").toString()));
    }

    private String recordedRequest(String name) {
        JsonNode exchange = exchanges.path(name);
        return exchange.path("method").asText() + " " + exchange.path("path").asText();
    }

    private HttpSchemaRegistry client(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + server.getAddress().getPort(),
                SerdeConfig.MAX_RETRIES, "2",
                SerdeConfig.RETRIES_WAIT_MS, "1"));
        config.putAll(extra);
        return new HttpSchemaRegistry(new SerdeConfig(config));
    }

    private HttpSchemaRegistry client() {
        return client(Map.of());
    }

    @Test
    void subjectNotFoundIs40401() {
        replay("subject-not-found");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client().latest("calls-value"));
        assertEquals(SchemaRegistryException.SUBJECT_NOT_FOUND, e.errorCode());
        assertTrue(e.isNotFound());
        assertEquals(List.of(recordedRequest("subject-not-found")), requests);
    }

    @Test
    void versionNotFoundIs40402() {
        replay("version-not-found");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client().latest("calls-value"));
        assertEquals(SchemaRegistryException.VERSION_NOT_FOUND, e.errorCode());
        assertTrue(e.isNotFound());
    }

    @Test
    void schemaNotFoundIs40403AndTheDeserializerNamesTheUnknownId() {
        replay("schema-not-found");
        AvroDeserializer<CallEvent> deserializer = new AvroDeserializer<>(client(), CallEvent.class);
        deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://unused"), false);
        byte[] payload = {0, 0, 0, 0, 99, 2};
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializer.deserialize("calls", payload));
        assertTrue(e.getMessage().startsWith("Unknown schema id 99"), e.getMessage());
        assertEquals(SchemaRegistryException.SCHEMA_NOT_FOUND, ((SchemaRegistryException) e.getCause()).errorCode());
        assertEquals(List.of(recordedRequest("schema-not-found")), requests);
    }

    @Test
    void anyOtherRefusalOfASchemaIsAnOutageNotBadData() {
        // Credentials rotated (401, 403), a proxy's 404 without the registry's code, a proxy's HTML page.
        answers.add(new Answer(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}"));
        answers.add(new Answer(403, "{\"error_code\":40301,\"message\":\"Forbidden\"}"));
        answers.add(new Answer(404, "{\"message\":\"HTTP 404 Not Found\"}"));
        answers.add(new Answer(404, "<html><body>Not Found</body></html>"));
        byte[] payload = {0, 0, 0, 0, 99, 2};
        for (int i = 0; i < 4; i++) {
            AvroDeserializer<CallEvent> deserializer = new AvroDeserializer<>(client(), CallEvent.class);
            deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://unused"), false);
            SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
                    () -> deserializer.deserialize("calls", payload), "answer " + i);
            assertTrue(e.getMessage().contains("schema id 99"), e.getMessage());
        }
        assertEquals(4, requests.size(), "each asked once: none of these is retried by the client");
    }

    @Test
    void lookupOfAnUnregisteredSchemaIsEmpty() {
        replay("lookup-schema-not-found");
        assertTrue(client().lookup("calls-value", CallEvent.getClassSchema()).isEmpty());
        assertEquals(List.of(recordedRequest("lookup-schema-not-found")), requests);
    }

    @Test
    void incompatibleSchemaIs409() {
        replay("incompatible-schema");
        replay("lookup-schema-not-found");
        replay("incompatible-schema");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client().register("calls-value", CallEvent.getClassSchema()));
        assertEquals(409, e.httpStatus());
        assertTrue(e.isIncompatible());
        assertTrue(e.getMessage().contains("incompatible with an earlier schema"), e.getMessage());
        assertEquals(List.of(recordedRequest("incompatible-schema"), recordedRequest("lookup-schema-not-found"),
                recordedRequest("incompatible-schema")), requests,
                "a conflict is checked against the subject, and tried once more, before it is believed");
    }

    @Test
    void conflictWithARegistrationRacingOursFindsTheSchemaRegistered() {
        answers.add(new Answer(409, "{\"error_code\":409,\"message\":\"An artifact with ID 'calls-value' already exists.\"}"));
        answers.add(new Answer(200, "{\"subject\":\"calls-value\",\"id\":12,\"version\":1,\"schema\":\"{}\"}"));
        assertEquals(12, client().register("calls-value", CallEvent.getClassSchema()));
        assertEquals(List.of("POST /subjects/calls-value/versions", "POST /subjects/calls-value"), requests);
    }

    @Test
    void invalidSchemaIs42201() {
        replay("invalid-schema");
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> client().register("calls-value", CallEvent.getClassSchema()));
        assertEquals(SchemaRegistryException.INVALID_SCHEMA, e.errorCode());
        assertTrue(e.isInvalid());
    }

    @Test
    void serverErrorsAreRetriedThenReportedAsUnavailable() {
        replay("store-error");
        replay("store-error");
        replay("store-error");
        SchemaRegistryUnavailableException e = assertThrows(SchemaRegistryUnavailableException.class,
                () -> client().schemaById(1));
        assertEquals(3, requests.size());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void aBlipIsRetriedAndTheAnswerCached() {
        replay("store-error");
        answers.add(new Answer(200, "{\"schema\":" + new ObjectMapper().valueToTree(CallEvent.getClassSchema().toString())
                + "}"));
        HttpSchemaRegistry client = client();
        assertEquals(CallEvent.getClassSchema(), client.schemaById(1));
        assertEquals(CallEvent.getClassSchema(), client.schemaById(1));
        assertEquals(List.of("GET /schemas/ids/1", "GET /schemas/ids/1"), requests);
    }

    @Test
    void userInfoIsSentAsBasicAuthentication() {
        answers.add(new Answer(200, "{\"id\":7}"));
        HttpSchemaRegistry client = client(Map.of(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                SerdeConfig.BASIC_AUTH_USER_INFO, "ops:s3cret"));
        assertEquals(7, client.register("calls-value", CallEvent.getClassSchema()));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)),
                authorizations.get(0));
        assertEquals("POST /subjects/calls-value/versions", requests.get(0));
    }

    @Test
    void credentialsInTheUrlAreSentAsBasicAuthentication() {
        answers.add(new Answer(200, "{\"id\":7}"));
        HttpSchemaRegistry client = client(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                "http://ops:s%40id@127.0.0.1:" + server.getAddress().getPort()));
        client.register("calls-value", CallEvent.getClassSchema());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:s@id".getBytes(StandardCharsets.UTF_8)),
                authorizations.get(0));
    }

    @Test
    void subjectsAreEscapedInThePath() {
        answers.add(new Answer(200, "{\"id\":3}"));
        client().register("orders/eu value", CallEvent.getClassSchema());
        assertEquals("POST /subjects/orders%2Feu%20value/versions", requests.get(0));
    }
}
