package dev.cdyn.it;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.OpsEndpoint;
import dev.cdyn.cli.Cdyn;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallDirection;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CallOutcome;
import dev.cdyn.events.Channel;
import dev.cdyn.serde.AvroSerializer;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import dev.cdyn.ingest.Source;
import dev.cdyn.simulate.SimulatedEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running application's metrics and lag: what an operator watches. Also checks that the
 * monitoring files (deploy/monitoring) name only metrics the application exports.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MetricsAndLagIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)", Pattern.MULTILINE);

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    /** Sum of a metric's samples whose labels contain {@code labelPart}. */
    static double sum(String scrape, String metric, String labelPart) {
        double total = 0;
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (m.group(1).equals(metric) && (labelPart == null || (m.group(3) != null && m.group(3).contains(labelPart)))) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }

    static String scrape(String url) throws Exception {
        HttpResponse<String> response = Http.get(url + "/metrics", null);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return response.body();
    }

    private static int lagCommand(Settings settings, StringWriter out, String... extra) {
        CommandLine line = Cdyn.commandLine();
        line.setOut(new PrintWriter(out));
        String[] base = {"lag", "--bootstrap-servers", RealCluster.bootstrapServers(), "--application-id",
                settings.getString(Settings.APPLICATION_ID), "--schema-registry-url", RealCluster.registryUrl()};
        String[] topics = Topics.prefixed(settings.getString(Settings.APPLICATION_ID)).entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue())).toArray(String[]::new);
        String[] args = java.util.stream.Stream.of(base, topics, extra).flatMap(java.util.Arrays::stream)
                .toArray(String[]::new);
        return line.execute(args);
    }

    /** A call without a customer id: refused, to the dead letters. */
    private static void sendCallWithoutCustomer(Settings settings) throws Exception {
        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(settings.serdeConfig(), false);
        String calls = settings.topic(Topics.CALLS);
        CallEvent invalid = CallEvent.newBuilder().setEventId("no-customer").setCustomerId("").setOccurredAt(Instant.now())
                .setDirection(CallDirection.INBOUND).setDurationSeconds(10).setOutcome(CallOutcome.CONNECTED)
                .setSentiment(null).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.adminProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(calls, 0, null, avro.serialize(calls, invalid))).get();
        }
    }

    @Test
    void metricsCountWhatCameInAndLagFallsToZeroOnceCaughtUp() throws Exception {
        Settings settings = RealCluster.scenario("metrics", Map.of(Settings.HTTP_BIND_ADDRESS, "127.0.0.1",
                Settings.HTTP_PORT, 0));
        List<SimulatedEvent> events = EndToEndIT.simulate(20, 30, System.currentTimeMillis(), 11);
        Map<Channel, Integer> sent = new EnumMap<>(Channel.class);
        events.forEach(e -> sent.merge(e.source().channel(), 1, Integer::sum));

        try (OpsEndpoint endpoint = OpsEndpoint.bind(settings);
             CustomerDynamicsApp app = new CustomerDynamicsApp(settings, endpoint.streamsOverrides(settings))) {
            endpoint.start(app);
            assertEquals(503, Http.get(endpoint.url() + "/health/ready", null).statusCode(), "not ready before running");
            EndToEndIT.publish(settings, events);
            sendCallWithoutCustomer(settings);
            sent.merge(Channel.CALL, 1, Integer::sum);
            StringWriter before = new StringWriter();
            assertEquals(3, lagCommand(settings, before, "--max-lag", String.valueOf(events.size())),
                    "everything published is lag before the application reads it: " + before);
            assertTrue(before.toString().contains("all topics"), before.toString());
            Thread.sleep(1100);
            StringWriter aged = new StringWriter();
            assertEquals(4, lagCommand(settings, aged, "--format", "json", "--max-lag-seconds", "1"),
                    "the oldest unread record was published more than a second ago: " + aged);
            assertTrue(Http.JSON.readTree(aged.toString()).get("timeLagMs").asLong() >= 1000, aged.toString());

            app.start();
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            assertEquals(200, Http.get(endpoint.url() + "/health/ready", null).statusCode());
            assertEquals(200, Http.get(endpoint.url() + "/health/live", null).statusCode());

            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(120));
            StringWriter lag = new StringWriter();
            assertEquals(0, lagCommand(settings, lag, "--format", "json", "--max-lag", "0", "--max-lag-seconds", "0"),
                    lag.toString());
            var json = Http.JSON.readTree(lag.toString());
            assertEquals(0, json.get("lag").asLong());
            assertEquals(Topics.consumed(settings).size(), json.get("topics").size(), "every consumed topic");
            try (Admin admin = Admin.create(settings.adminProperties())) {
                List<ConsumerLag.Partition> partitions = ConsumerLag.describe(admin,
                        settings.getString(Settings.APPLICATION_ID), Topics.consumed(settings));
                assertTrue(partitions.stream().allMatch(p -> p.committed() == p.end()), partitions.toString());
            }

            // The binder picks up new Streams metrics every 10 s: wait for the counts to be complete.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String scrape = scrape(endpoint.url());
            while (System.nanoTime() < deadline && (sum(scrape, "kafka_stream_cdyn_records_in_total", null) < events.size() + 1
                    || !scrape.contains("kafka_stream_cdyn_dead_lettered_total{")
                    || !scrape.contains("kafka_stream_cdyn_scores_emitted_total{"))) {
                Thread.sleep(1000);
                scrape = scrape(endpoint.url());
            }
            Files.writeString(Path.of("target", "metrics-sample.txt"), scrape); // a real scrape, for reading
            for (Source source : Source.values()) {
                assertEquals(sent.getOrDefault(source.channel(), 0), sum(scrape, "kafka_stream_cdyn_records_in_total",
                        "channel=\"" + source.channel().name() + "\""), 0.0, source.name());
            }
            assertEquals(1.0, sum(scrape, "kafka_stream_cdyn_dead_lettered_total", "reason=\"missing-customer-id\""));
            assertTrue(sum(scrape, "kafka_stream_cdyn_scores_emitted_total", null) > 0, "scores counted");
            assertTrue(sum(scrape, "cdyn_event_to_score_latency_seconds_count", null) > 0, "latency observed");
            assertTrue(scrape.contains("cdyn_event_to_score_latency_seconds_bucket{"), "latency as a histogram");
            assertEquals(1.0, sum(scrape, "cdyn_application_running", null));
            double customers = sum(scrape, "cdyn_customers_in_state", null);
            assertTrue(customers > 0 && customers <= 20, "the simulated customers in state, counted: " + customers);
            assertTrue(scrape.contains("kafka_consumer_fetch_manager_records_lag{"), "lag per partition");
            assertTrue(scrape.contains("jvm_memory_used_bytes{"), "JVM metrics");

            MonitoringFiles.assertEveryNamedMetricIsExported(scrape);
        }
    }
}
