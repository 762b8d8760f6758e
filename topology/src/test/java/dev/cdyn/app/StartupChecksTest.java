package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.config.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartupChecksTest {

    /** A loopback port nothing listens on: connecting is refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnreachableRegistryIsNamedWithoutTheCredentialsInItsUrl() throws IOException {
        int port = closedPort();
        // The second URL cannot even be sent to: the client's error quotes it whole.
        Settings settings = new Settings(Map.of(Settings.SCHEMA_REGISTRY_URL,
                "http://user:secret@127.0.0.1:" + port + ",http://user:secret@127.0.0.1:" + port + "/bad path"));

        StartupChecks.StartupException failure = assertThrows(StartupChecks.StartupException.class,
                () -> StartupChecks.awaitRegistry(settings, Duration.ZERO));

        String message = failure.getMessage();
        assertTrue(message.contains(Settings.SCHEMA_REGISTRY_URL), message);
        assertTrue(message.contains("http://***@127.0.0.1:" + port), "names the registry: " + message);
        assertFalse(message.contains("secret"), message);
        assertFalse(message.contains("user:"), message);
    }
}
