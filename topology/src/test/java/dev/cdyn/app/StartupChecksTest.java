package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.cdyn.config.Settings;
import dev.cdyn.serde.SerdeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry check at start-up, against a loopback server answering as a registry, a proxy or a locked door would. */
class StartupChecksTest {

    private HttpServer server;

    private Settings answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return new Settings(Map.of(Settings.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + server.getAddress().getPort(),
                SerdeConfig.MAX_RETRIES, 0));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aRegistryThatKnowsNoSuchSubjectIsUpAndAcceptsUs() throws IOException {
        Settings settings = answering(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
        assertDoesNotThrow(() -> StartupChecks.awaitRegistry(settings, Duration.ofSeconds(5)));
    }

    @Test
    void aRegistryThatKnowsNoSuchVersionIsUpToo() throws IOException {
        // Apicurio's Confluent API answers a lookup of the latest version of an unknown subject so.
        Settings settings = answering(404, "{\"error_code\":40402,\"message\":\"No version 'latest' found\"}");
        assertDoesNotThrow(() -> StartupChecks.awaitRegistry(settings, Duration.ofSeconds(5)));
    }

    @Test
    void refusedCredentialsStopStartUpNamingTheSettings() throws IOException {
        Settings settings = answering(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
        StartupChecks.StartupException e = assertThrows(StartupChecks.StartupException.class,
                () -> StartupChecks.awaitRegistry(settings, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains(SerdeConfig.BASIC_AUTH_USER_INFO),
                e.getMessage());
    }

    @Test
    void somethingElseAtTheUrlStopsStartUpNamingTheSetting() throws IOException {
        Settings settings = answering(404, "<html><body>Not Found</body></html>");
        StartupChecks.StartupException e = assertThrows(StartupChecks.StartupException.class,
                () -> StartupChecks.awaitRegistry(settings, Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains(Settings.SCHEMA_REGISTRY_URL) && e.getMessage().contains("path"),
                e.getMessage());
    }

    /** A loopback port nothing listens on: connecting is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableRegistryIsNamedWithoutTheCredentialsInItsUrl() throws IOException {
        int port = closedPort();
        Settings settings = new Settings(Map.of(Settings.SCHEMA_REGISTRY_URL,
                "http://user:secret@127.0.0.1:" + port + ",http://user:secret@localhost:" + port,
                SerdeConfig.MAX_RETRIES, 0));

        StartupChecks.StartupException failure = assertThrows(StartupChecks.StartupException.class,
                () -> StartupChecks.awaitRegistry(settings, Duration.ZERO));

        String message = failure.getMessage();
        assertTrue(message.contains(Settings.SCHEMA_REGISTRY_URL), message);
        assertTrue(message.contains("http://***@127.0.0.1:" + port), "names the registry: " + message);
        assertFalse(message.contains("secret"), message);
        assertFalse(message.contains("user:"), message);
    }

    @Test
    void aUrlTheClientCannotUseStopsStartUpNamingTheSettingWithoutItsCredentials() {
        Settings settings = new Settings(Map.of(Settings.SCHEMA_REGISTRY_URL, "http://user:secret@127.0.0.1:1/bad path"));
        ConfigException failure = assertThrows(ConfigException.class,
                () -> StartupChecks.awaitRegistry(settings, Duration.ZERO));
        assertTrue(failure.getMessage().contains(Settings.SCHEMA_REGISTRY_URL), failure.getMessage());
        assertFalse(failure.getMessage().contains("secret"), failure.getMessage());
    }
}
