package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries and fail-over, against loopback servers that answer with a given status. */
class RegistryTransportTest {

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    /** A registry named {@code name} that answers with these statuses in turn, then 200. */
    private String registry(String name, Integer... statuses) throws IOException {
        Deque<Integer> answers = new ArrayDeque<>(List.of(statuses));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            exchange.getRequestBody().readAllBytes();
            int status = answers.isEmpty() ? 200 : answers.poll();
            byte[] body = ("{\"error_code\":" + status + ",\"message\":\"from " + name + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static RegistryTransport transport(String urls) {
        SerdeConfig config = new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, urls,
                SerdeConfig.MAX_RETRIES, "2", SerdeConfig.RETRIES_WAIT_MS, "1"));
        return new RegistryTransport(RegistryEndpoints.from(config), config, Backoff.from(config));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 503})
    void answersThatMeanNotNowAreRetried(int status) throws IOException {
        RegistryTransport transport = transport(registry("a", status));
        assertEquals(200, transport.send("GET", "/schemas/ids/1", null).path("error_code").asInt());
        assertEquals(List.of("a GET /schemas/ids/1", "a GET /schemas/ids/1"), requests);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void answersThatMeanNoAreNotRetried(int status) throws IOException {
        RegistryTransport transport = transport(registry("a", status));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> transport.send("GET", "/schemas/ids/1", null));
        assertEquals(status, e.httpStatus());
        assertEquals(status, e.errorCode());
        assertEquals(List.of("a GET /schemas/ids/1"), requests);
    }

    @Test
    void aFailingRegistryIsLeftForTheNextUrlByLaterRequestsToo() throws IOException {
        RegistryTransport transport = transport(registry("a", 503) + "," + registry("b"));
        transport.send("GET", "/schemas/ids/1", null);
        transport.send("GET", "/schemas/ids/2", null);
        assertEquals(List.of("a GET /schemas/ids/1", "b GET /schemas/ids/1", "b GET /schemas/ids/2"), requests);
    }

    @Test
    void anUnreachableRegistryIsLeftForTheNextUrl() throws IOException {
        RegistryTransport transport = transport("http://127.0.0.1:1," + registry("b"));
        transport.send("GET", "/subjects", null);
        assertEquals(List.of("b GET /subjects"), requests);
    }
}
