package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.StartupChecks;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.local.KafkaProcess;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.serde.SerdeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application against a broker that only lets it in over SASL_SSL (SASL/PLAIN over TLS), and a
 * registry reached over HTTPS with basic authentication ({@link RegistryProxy} in front of the local
 * registry, which speaks plain HTTP only). Key and trust stores are made by {@code keytool}
 * for the test. Events in, scores out; wrong credentials are refused at either door.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecurityIT {

    private static final String STORE_PASSWORD = "store-secret";
    private static final String KAFKA_USER = "cdyn";
    private static final String KAFKA_PASSWORD = "cdyn-kafka-secret";
    private static final String REGISTRY_USER_INFO = "cdyn:cdyn-registry-secret";

    @TempDir
    static Path stores;

    private static KafkaProcess kafka;
    private static int saslSslPort;
    private static RegistryProxy registryProxy;

    @BeforeAll
    static void secureCluster() throws Exception {
        RealCluster.start();
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
                "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore().toString(),
                "-storepass", STORE_PASSWORD, "-file", stores.resolve("server.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", stores.resolve("server.pem").toString(),
                "-keystore", truststore().toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);

        kafka = KafkaProcess.create(ports -> {
            saslSslPort = ports.spare();
            Map<String, String> settings = new HashMap<>();
            settings.put("listeners", "PLAINTEXT://127.0.0.1:" + ports.broker() + ",CONTROLLER://127.0.0.1:"
                    + ports.controller() + ",SASL_SSL://127.0.0.1:" + ports.spare());
            settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports.broker() + ",SASL_SSL://127.0.0.1:"
                    + ports.spare());
            settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
            settings.put("inter.broker.listener.name", "PLAINTEXT");
            settings.put("sasl.enabled.mechanisms", "PLAIN");
            settings.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + KAFKA_USER + "=\""
                            + KAFKA_PASSWORD + "\";");
            settings.put("listener.name.sasl_ssl.ssl.keystore.location", keystore().toString());
            settings.put("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD);
            settings.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            settings.put("listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD);
            return settings;
        }).start(Duration.ofSeconds(60));
        registryProxy = RegistryProxy.https(RealCluster.registryUrl(), serverTls(), REGISTRY_USER_INFO);
    }

    @AfterAll
    static void stop() {
        if (registryProxy != null) {
            registryProxy.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Path keystore() {
        return stores.resolve("server.p12");
    }

    private static Path truststore() {
        return stores.resolve("trust.p12");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, process.exitValue(), "keytool " + args[0] + ": " + output);
    }

    /** The TLS context of the test's key store, for the registry's HTTPS. */
    private static SSLContext serverTls() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore())) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        return tls;
    }

    private static Map<String, Object> secureSettings(String kafkaPassword, String registryUserInfo) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(Settings.BOOTSTRAP_SERVERS, "127.0.0.1:" + saslSslPort);
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        settings.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + KAFKA_USER + "\" password=\"" + kafkaPassword + "\";");
        settings.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore().toString());
        settings.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        settings.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        settings.put(Settings.SCHEMA_REGISTRY_URL, registryProxy.confluentApiUrl());
        settings.put(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
        settings.put(SerdeConfig.BASIC_AUTH_USER_INFO, registryUserInfo);
        settings.put(SerdeConfig.SSL_TRUSTSTORE_LOCATION, truststore().toString());
        settings.put(SerdeConfig.SSL_TRUSTSTORE_PASSWORD, STORE_PASSWORD);
        settings.put(SerdeConfig.SSL_TRUSTSTORE_TYPE, "PKCS12");
        return settings;
    }

    @Test
    void eventsInScoresOutOverSaslSslAndAnAuthenticatedHttpsRegistry() throws Exception {
        Settings settings = RealCluster.scenario("secure", secureSettings(KAFKA_PASSWORD, REGISTRY_USER_INFO));
        StartupChecks.awaitBrokers(settings, Duration.ofSeconds(20));
        StartupChecks.awaitRegistry(settings, Duration.ofSeconds(20));
        int refusedBefore = registryProxy.refused.get();
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        Set<String> sent = new HashSet<>();
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            AvroSerializer<Object> avro = new AvroSerializer<>();
            avro.configure(settings.serdeConfig(), false);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.adminProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 30; i++) {
                    OrderEvent order = OutagesIT.order("secure-" + i, "c" + (i % 6), start.plusSeconds(i));
                    producer.send(new ProducerRecord<>(settings.topic(Topics.ORDERS),
                            order.getCustomerId().getBytes(StandardCharsets.UTF_8),
                            avro.serialize(settings.topic(Topics.ORDERS), order))).get();
                    sent.add(order.getEventId());
                }
            }
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
        }
        OutagesIT.assertEveryEventCountedOnceAndEveryCustomerScored(settings, sent, 6);
        assertTrue(registryProxy.authenticated.get() > 0, "the registry was reached through the authenticating proxy");
        assertEquals(refusedBefore, registryProxy.refused.get(), "no request of the application was refused");
    }

    @Test
    void wrongCredentialsAreRefusedAtEitherDoor() throws Exception {
        Settings wrongKafka = RealCluster.freshNames("wrong-kafka", secureSettings("not-the-password",
                REGISTRY_USER_INFO));
        Map<String, Object> admin = new HashMap<>();
        wrongKafka.adminProperties().forEach((k, v) -> admin.put(k.toString(), v));
        try (Admin client = Admin.create(admin)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> client.describeCluster().nodes().get(20, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
        Settings wrongRegistry = RealCluster.freshNames("wrong-registry", secureSettings(KAFKA_PASSWORD,
                "cdyn:not-the-password"));
        StartupChecks.StartupException e = assertThrows(StartupChecks.StartupException.class,
                () -> StartupChecks.awaitRegistry(wrongRegistry, Duration.ofSeconds(10)));
        assertTrue(e.getMessage().contains("refused our credentials (HTTP 401)"), e.getMessage());
        assertTrue(!e.getMessage().contains("not-the-password"), "no password in the message");
    }
}
