package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS to the registry: a registry whose certificate only the configured trust store vouches for. */
class RegistryTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static Path serverKeys;
    private static Path truststore;
    private HttpsServer server;
    private String url;

    /** A self-signed certificate for 127.0.0.1 made with the JDK's keytool, and a trust store holding it alone. */
    private static synchronized void stores() throws IOException, InterruptedException {
        if (serverKeys != null) {
            return;
        }
        Path keys = dir.resolve("registry.p12");
        Path certificate = dir.resolve("registry.crt");
        Path trust = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-rfc", "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", PASSWORD);
        serverKeys = keys;
        truststore = trust;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }

    @BeforeEach
    void registryOverHttps() throws Exception {
        stores();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        server.createContext("/", exchange -> {
            byte[] body = "{\"answered\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeys)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private RegistryTransport transport(Map<String, String> tls) {
        Map<String, Object> settings = new HashMap<>(tls);
        settings.put(SerdeConfig.SCHEMA_REGISTRY_URL, url);
        settings.put(SerdeConfig.MAX_RETRIES, "0");
        SerdeConfig config = new SerdeConfig(settings);
        return new RegistryTransport(RegistryEndpoints.from(config), config, Backoff.from(config));
    }

    @Test
    void theConfiguredTruststoreIsWhatTheClientTrustsTheRegistryBy() {
        RegistryTransport trusting = transport(Map.of(SerdeConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString(),
                SerdeConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD, SerdeConfig.SSL_TRUSTSTORE_TYPE, "PKCS12"));

        assertTrue(trusting.send("GET", "/subjects", null).path("answered").asBoolean());
        assertThrows(SchemaRegistryUnavailableException.class, () -> transport(Map.of()).send("GET", "/subjects", null),
                "without it the JVM's default trust does not know this certificate");
    }

    @Test
    void aTruststoreThatIsNotThereFailsNamingTheSetting() {
        String missing = dir.resolve("missing.p12").toString();

        ConfigException e = assertThrows(ConfigException.class,
                () -> transport(Map.of(SerdeConfig.SSL_TRUSTSTORE_LOCATION, missing)));

        assertTrue(e.getMessage().contains(SerdeConfig.SSL_TRUSTSTORE_LOCATION), e.getMessage());
        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @Test
    void aTruststoreWithTheWrongPasswordFailsNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> transport(Map.of(SerdeConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString(),
                        SerdeConfig.SSL_TRUSTSTORE_PASSWORD, "wrong", SerdeConfig.SSL_TRUSTSTORE_TYPE, "PKCS12")));

        assertTrue(e.getMessage().contains(SerdeConfig.SSL_TRUSTSTORE_LOCATION), e.getMessage());
        assertTrue(!e.getMessage().contains("wrong"), "no password in the message: " + e.getMessage());
    }

    @Test
    void aKeystoreThatCannotBeLoadedFailsNamingItsSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> transport(Map.of(SerdeConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString(),
                        SerdeConfig.SSL_TRUSTSTORE_PASSWORD, PASSWORD, SerdeConfig.SSL_TRUSTSTORE_TYPE, "PKCS12",
                        SerdeConfig.SSL_KEYSTORE_LOCATION, serverKeys.toString(),
                        SerdeConfig.SSL_KEYSTORE_PASSWORD, "wrong", SerdeConfig.SSL_KEYSTORE_TYPE, "PKCS12")));

        assertTrue(e.getMessage().contains(SerdeConfig.SSL_KEYSTORE_LOCATION), e.getMessage());
    }
}
