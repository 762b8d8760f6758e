package dev.cdyn.it;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.LoyaltyTier;
import dev.cdyn.scores.RiskBand;
import dev.cdyn.scores.ScoreKind;
import dev.cdyn.scores.ScoreReason;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerializer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cdyn command line against a real broker and registry. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandLineIT {

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    private static CdynRun cdyn(String... args) {
        return CdynRun.of(args);
    }

    private static List<String> connection(Settings settings) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", RealCluster.registryUrl()));
        for (Topic<?, ?> topic : List.of(Topics.ORDERS, Topics.CALLS)) {
            args.add("--set");
            args.add(topic.setting() + "=" + settings.topic(topic));
        }
        return args;
    }

    private static Path resource(String name) {
        return Path.of("src", "test", "resources", "produce", name);
    }

    @Test
    void produceSendsTheGoodLinesAndReportsEachBadOneByNumber() throws Exception {
        Settings settings = RealCluster.scenario("produce", Map.of());
        List<String> args = new ArrayList<>(List.of("produce", "--type", "orders",
                resource("orders-with-bad-lines.jsonl").toString()));
        args.addAll(connection(settings));
        CdynRun run = cdyn(args.toArray(String[]::new));

        assertEquals(1, run.exitCode(), "bad lines make the exit code 1: " + run.err());
        assertTrue(run.err().contains("orders-with-bad-lines.jsonl:2: skipped: not JSON"), run.err());
        assertTrue(run.err().contains(":4: skipped: missing field 'amount'"), run.err());
        assertTrue(run.err().contains(":5: skipped: amount -3.00 is below zero"), run.err());
        assertTrue(run.err().contains(":7: skipped: field 'status': 'SHIPPED' is not one of"), run.err());
        assertTrue(run.out().contains("Sent 3 orders event(s)"), run.out());

        AvroDeserializer<OrderEvent> values = new AvroDeserializer<>(OrderEvent.class);
        values.configure(settings.serdeConfig(), false);
        List<OrderEvent> sent = RealCluster.readAll(settings, settings.topic(Topics.ORDERS), values).stream()
                .map(ConsumerRecord::value).toList();
        assertEquals(List.of("o-1-placed", "o-2-placed", "o-6-delivered"),
                sent.stream().map(OrderEvent::getEventId).sorted().toList());
        assertEquals(new BigDecimal("80.00"), sent.stream().filter(o -> o.getOrderId().equals("o-2")).findFirst()
                .orElseThrow().getAmount());
    }

    @Test
    void produceReadsCsvWithAHeaderRow() throws Exception {
        Settings settings = RealCluster.scenario("produce-csv", Map.of());
        List<String> args = new ArrayList<>(List.of("produce", "--type", "calls", resource("calls.csv").toString()));
        args.addAll(connection(settings));
        CdynRun run = cdyn(args.toArray(String[]::new));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("calls.csv:3: skipped: field 'durationSeconds': 'abc' is not a valid int"), run.err());
        AvroDeserializer<CallEvent> values = new AvroDeserializer<>(CallEvent.class);
        values.configure(settings.serdeConfig(), false);
        assertEquals(2, RealCluster.readAll(settings, settings.topic(Topics.CALLS), values).size());
    }

    @Test
    void scoresShowsTheLatestScorePerCustomerAndForgetsTombstones() throws Exception {
        Settings settings = RealCluster.scenario("scores", Map.of());
        String topic = settings.topic(Topics.SCORES);
        AvroSerializer<CustomerScore> values = new AvroSerializer<>();
        values.configure(settings.serdeConfig(), false);
        try (KafkaProducer<String, CustomerScore> producer = new KafkaProducer<>(
                settings.adminProperties(), new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, "c-1", score("c-1", 0.2))).get();
            producer.send(new ProducerRecord<>(topic, "c-2", score("c-2", 0.4))).get();
            producer.send(new ProducerRecord<>(topic, "c-1", score("c-1", 0.7))).get();
            producer.send(new ProducerRecord<>(topic, "c-3", score("c-3", 0.9))).get();
            producer.send(new ProducerRecord<>(topic, "c-3", null)).get();
        }
        List<String> args = new ArrayList<>(List.of("scores", "--format", "json", "--set", "topics.scores=" + topic,
                "--bootstrap-servers", RealCluster.bootstrapServers(), "--schema-registry-url", RealCluster.registryUrl()));
        CdynRun all = cdyn(args.toArray(String[]::new));
        assertEquals(0, all.exitCode(), all.err());
        List<String> lines = all.out().lines().toList();
        assertEquals(2, lines.size(), all.out());
        assertTrue(lines.get(0).contains("\"customerId\":\"c-1\"") && lines.get(0).contains("\"churnRisk\":0.7"), lines.get(0));
        assertTrue(lines.get(1).contains("\"customerId\":\"c-2\""), lines.get(1));

        args.addAll(List.of("--customer", "c-2"));
        CdynRun one = cdyn(args.toArray(String[]::new));
        assertEquals(1, one.out().lines().count(), one.out());
        CdynRun table = cdyn("scores", "--set", "topics.scores=" + topic, "--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", RealCluster.registryUrl());
        assertTrue(table.out().lines().findFirst().orElseThrow().startsWith("CUSTOMER"), table.out());
    }

    private static CustomerScore score(String customer, double risk) {
        return CustomerScore.newBuilder().setCustomerId(customer).setLoyalty(50).setLoyaltyTier(LoyaltyTier.SILVER)
                .setChurnRisk(risk).setRiskBand(RiskBand.MEDIUM)
                .setReasons(List.of(new ScoreReason(ScoreKind.CHURN_RISK, "order_rhythm", "Order rhythm broken", 0.5)))
                .setFeatures(Map.of("orders_90d", 1.0)).setModelVersion("test").setAsOf(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }

    @Test
    void runStopsStartUpNamingTheHttpPortWhenItIsTaken() throws Exception {
        Settings settings = RealCluster.scenario("port", Map.of());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new ArrayList<>(List.of("run", "--application-id", settings.getString(Settings.APPLICATION_ID),
                    "--startup-timeout", "10", "--set", "http.bind.address=127.0.0.1", "--set",
                    "http.port=" + taken.getLocalPort(), "--bootstrap-servers", RealCluster.bootstrapServers(),
                    "--schema-registry-url", RealCluster.registryUrl()));
            Topics.prefixed(settings.getString(Settings.APPLICATION_ID)).forEach((key, value) -> {
                args.add("--set");
                args.add(key + "=" + value);
            });
            CdynRun run = cdyn(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().contains("http.port"), run.err());
        }
    }

    @Test
    void runStopsStartUpNamingAMissingInputTopic() {
        CdynRun run = cdyn("run", "--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", RealCluster.registryUrl(), "--set", "topics.calls=nobody-writes-here",
                "--startup-timeout", "10");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("nobody-writes-here (topics.calls)"), run.err());
    }

    @Test
    void runGivesUpOnAnUnreachableBrokerNamingTheSetting() {
        CdynRun run = cdyn("run", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", RealCluster.registryUrl(),
                "--startup-timeout", "5");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Kafka is not reachable at bootstrap.servers=[127.0.0.1:1]"), run.err());
    }

    @Test
    void runRejectsABadSettingNamingIt() {
        CdynRun run = cdyn("run", "--set", "events.grace.ms=soon");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("events.grace.ms"), run.err());
    }

    @Test
    void helpListsEveryCommand() {
        CdynRun run = cdyn("--help");
        assertEquals(0, run.exitCode());
        for (String command : List.of("run", "topics", "demo", "simulate", "produce", "scores", "fit", "lag")) {
            assertTrue(run.out().contains("  " + command + " "), command + " in: " + run.out());
        }
    }
}
