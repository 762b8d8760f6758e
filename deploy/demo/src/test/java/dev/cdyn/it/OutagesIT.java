package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.cli.Cdyn;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallDirection;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CallOutcome;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.local.KafkaProcess;
import dev.cdyn.local.LocalRegistryProcess;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * Outages of what the application depends on, on a real broker and a real registry: the registry
 * down at start-up, the registry down while the application runs, and the broker stopped and
 * started again on the same ports. Nothing good is dead-lettered, nothing is lost or counted twice,
 * and the application recovers by itself. RELIABILITY.md keeps the figures.
 */
@Tag("integration")
class OutagesIT {

    private static final Path REGISTRY_JAR = Path.of(System.getProperty("cdyn.registry.jar",
            "../deploy/registry/target/cdyn-registry-runner.jar"));
    /** How long the broker stays down. */
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    /**
     * A stream thread that dies does not leave the group: a shorter session than the default 45 s
     * lets its replacement take its tasks over sooner, and keeps the test short.
     */
    private static final Map<String, Object> SHORT_SESSIONS = Map.of("consumer.session.timeout.ms", 10_000,
            "consumer.heartbeat.interval.ms", 3_000);

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void registryDownAtStartUpGivesUpAfterBoundedRetriesNamingTheUrlSetting() throws Exception {
        int nobody = EmbeddedKafka.freePort();
        String url = "http://127.0.0.1:" + nobody + "/apis/ccompat/v7";
        StringWriter err = new StringWriter();
        CommandLine line = Cdyn.commandLine();
        line.setOut(new PrintWriter(new StringWriter(), true));
        line.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int code = line.execute("run", "--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", url, "--startup-timeout", "4");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertEquals(2, code, err.toString());
        String message = err.toString().strip();
        assertTrue(message.startsWith("cdyn: The schema registry is not reachable at schema.registry.url=[" + url + "]"),
                message);
        assertTrue(message.matches("(?s).* after \\d+ attempts over 4 s: .*"), message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(seconds < 30, "gave up within the start-up timeout and the registry's bounded request: " + seconds);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void registryDownWhileRunningDeadLettersNothingAndCatchesUpWhenBack() throws Exception {
        Path storage = Files.createTempDirectory("cdyn-registry-");
        AtomicReference<LocalRegistryProcess> registry = new AtomicReference<>(
                LocalRegistryProcess.start(REGISTRY_JAR, 0, storage, Duration.ofSeconds(90)));
        int port = registry.get().port();
        try {
            throughRegistryOutage("registry-outage", registry.get().confluentApiUrl(), 40, 8, new RegistryOutage() {
                @Override
                public void begin() {
                    registry.get().close();
                }

                @Override
                public void end() throws Exception {
                    registry.set(LocalRegistryProcess.start(REGISTRY_JAR, port, storage, Duration.ofSeconds(90)));
                }
            });
        } finally {
            registry.get().close();
            EmbeddedKafka.deleteQuietly(storage);
        }
    }

    /**
     * A registry that is up but answers nothing: each request must give up well before the broker
     * aborts the transaction it runs in (10 s under exactly-once), where the serde's own defaults
     * would wait 487 s; the thread is replaced, and everything is scored once the registry answers.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aRegistryThatAnswersNothingFailsEachRequestWithinTheTransactionTimeout() throws Exception {
        try (RegistryProxy registry = RegistryProxy.plain(RealCluster.registryUrl())) {
            Duration givenUpAfter = throughRegistryOutage("registry-hangs", registry.confluentApiUrl(), 20, 5,
                    new RegistryOutage() {
                        @Override
                        public void begin() {
                            registry.hang(true);
                        }

                        @Override
                        public void end() {
                            registry.hang(false);
                        }
                    });
            assertTrue(registry.held.get() > 0, "the application asked the registry while it hung");
            assertTrue(givenUpAfter.toSeconds() < 10, "gave the registry up within the transaction timeout: "
                    + givenUpAfter);
        }
    }

    /** What a registry outage does, and undoes. */
    private interface RegistryOutage {
        void begin() throws Exception;

        void end() throws Exception;
    }

    /**
     * {@code events} orders while the registry at {@code registryUrl} answers, then as many calls
     * during {@code outage}: calls are a contract the application has not read yet, so it must ask
     * the registry (the test serializes them beforehand). A stream thread meets the outage and is
     * replaced; once it ends, the application catches up by itself, nothing is dead-lettered and
     * every event is counted once. Returns how long the thread took to give the registry up.
     */
    private static Duration throughRegistryOutage(String scenario, String registryUrl, int events, int customers,
                                                  RegistryOutage outage) throws Exception {
        Map<String, Object> overrides = new HashMap<>(SHORT_SESSIONS);
        overrides.put(Settings.SCHEMA_REGISTRY_URL, registryUrl);
        Settings settings = RealCluster.scenario(scenario, overrides);
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(settings.serdeConfig(), false);
        List<ProducerRecord<byte[], byte[]>> duringOutage = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            CallEvent call = call("call-" + i, "c" + (i % customers), start.plusSeconds(100 + i));
            duringOutage.add(record(settings.topic(Topics.CALLS), call.getCustomerId(),
                    avro.serialize(settings.topic(Topics.CALLS), call)));
        }
        Set<String> sent = new HashSet<>();
        Duration givenUpAfter;
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start();
             KafkaProducer<byte[], byte[]> producer = producer(settings)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            for (int i = 0; i < events; i++) {
                OrderEvent order = order("order-" + i, "c" + (i % customers), start.plusSeconds(i));
                producer.send(record(settings.topic(Topics.ORDERS), order.getCustomerId(),
                        avro.serialize(settings.topic(Topics.ORDERS), order))).get();
                sent.add(order.getEventId());
            }
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(60));
            Set<String> threadsBefore = threadNames(app.streams());

            outage.begin();
            long since = System.nanoTime();
            for (int i = 0; i < duringOutage.size(); i++) {
                producer.send(duringOutage.get(i)).get();
                sent.add("call-" + i);
            }
            awaitThreadReplaced(app, threadsBefore, Duration.ofSeconds(60));
            givenUpAfter = Duration.ofNanos(System.nanoTime() - since);

            outage.end();
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(120));
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "recovered by itself");
        }
        assertEveryEventCountedOnceAndEveryCustomerScored(settings, sent, customers);
        return givenUpAfter;
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void brokerStoppedAndStartedAgainRecoversByItselfAndScoresEverything() throws Exception {
        brokerOutage("broker-outage", false);
    }

    /** As above, the broker killed (SIGKILL) while the application is writing what it just read. */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void brokerKilledMidStreamAndStartedAgainRecoversByItselfAndScoresEverything() throws Exception {
        brokerOutage("broker-crash", true);
    }

    private static void brokerOutage(String scenario, boolean crash) throws Exception {
        try (KafkaProcess kafka = KafkaProcess.create().start(Duration.ofSeconds(60))) {
            Map<String, Object> overrides = new HashMap<>(SHORT_SESSIONS);
            overrides.put(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            Settings settings = RealCluster.scenario(scenario, overrides);
            Instant start = Instant.now().minus(2, ChronoUnit.HOURS);
            AvroSerializer<Object> avro = new AvroSerializer<>();
            avro.configure(settings.serdeConfig(), false);
            Set<String> sent = new HashSet<>();
            try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start();
                 KafkaProducer<byte[], byte[]> producer = producer(settings)) {
                assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                CompletableFuture<Void> restarted = null;
                for (int i = 0; i < 90; i++) {
                    if (i == 30) {
                        producer.flush();
                        if (crash) {
                            kafka.kill();
                        } else {
                            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(60));
                            kafka.stop(Duration.ofSeconds(30));
                        }
                        restarted = CompletableFuture.runAsync(() -> restart(kafka));
                    }
                    // Before the stop, while it is down (send waits for the broker), and after it is back.
                    OrderEvent order = order("order-" + i, "c" + (i % 10), start.plusSeconds(i));
                    acks.add(producer.send(record(settings.topic(Topics.ORDERS), order.getCustomerId(),
                            avro.serialize(settings.topic(Topics.ORDERS), order))));
                    sent.add(order.getEventId());
                }
                restarted.get(90, TimeUnit.SECONDS);
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(120, TimeUnit.SECONDS);
                }
                RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(120));
                assertTrue(app.streams().state().isRunningOrRebalancing(), "recovered by itself: "
                        + app.streams().state());
            }
            assertEveryEventCountedOnceAndEveryCustomerScored(settings, sent, 10);
        }
    }

    /** Starts the stopped broker again on its ports after a while, as an operator would. */
    private static void restart(KafkaProcess kafka) {
        try {
            Thread.sleep(OUTAGE.toMillis());
            kafka.start(Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("The broker did not come back", e);
        }
    }

    /** Nothing dead-lettered, each event sent in the interactions exactly once, every customer scored. */
    static void assertEveryEventCountedOnceAndEveryCustomerScored(Settings settings, Set<String> sent, int customers) {
        assertEquals(List.of(), RealCluster.readAll(settings, settings.topic(Topics.DEAD_LETTERS),
                new ByteArrayDeserializer()), "no good record is dead-lettered");
        AvroDeserializer<Interaction> interactions = new AvroDeserializer<>(Interaction.class);
        interactions.configure(settings.serdeConfig(), false);
        List<String> accepted = RealCluster.readAll(settings, settings.topic(Topics.INTERACTIONS), interactions)
                .stream().map(r -> r.value().getEventId()).toList();
        assertEquals(sent.size(), accepted.size(), "each event once: none lost, none twice");
        assertEquals(sent, new HashSet<>(accepted));
        Set<String> scored = EndToEndIT.scores(settings).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(customers, scored.size(), "every customer scored: " + scored);
    }

    private static void awaitThreadReplaced(CustomerDynamicsApp app, Set<String> before, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!threadNames(app.streams()).equals(before)) {
                return;
            }
            Thread.sleep(200);
        }
        assertNotEquals(before, threadNames(app.streams()), "a stream thread met the outage and was replaced");
    }

    private static Set<String> threadNames(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).collect(Collectors.toSet());
    }

    private static KafkaProducer<byte[], byte[]> producer(Settings settings) {
        Map<String, Object> props = new HashMap<>();
        settings.adminProperties().forEach((k, v) -> props.put(k.toString(), v));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String customer, byte[] value) {
        return new ProducerRecord<>(topic, customer.getBytes(StandardCharsets.UTF_8), value);
    }

    static OrderEvent order(String eventId, String customerId, Instant at) {
        return OrderEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setOrderId("o-" + eventId).setStatus(OrderStatus.PLACED).setAmount(new BigDecimal("42.00"))
                .setCurrency("EUR").setChannel(OrderChannel.WEB).setDeliveryDelayHours(null).build();
    }

    static CallEvent call(String eventId, String customerId, Instant at) {
        return CallEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setDirection(CallDirection.INBOUND).setDurationSeconds(120).setOutcome(CallOutcome.CONNECTED)
                .setSentiment(0.2).build();
    }
}
