package dev.cdyn.it;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallDirection;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CallOutcome;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.simulate.Simulation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application on a real broker and registry: simulated events in, scores out. */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EndToEndIT {

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    static List<SimulatedEvent> simulate(int customers, int days, long end, long seed) {
        List<SimulatedEvent> events = new ArrayList<>();
        new Simulation(customers, days, end, seed).run(events::add);
        return events;
    }

    static void publish(Settings settings, List<SimulatedEvent> events) {
        try (Publisher publisher = new Publisher(settings, 0)) {
            events.forEach(publisher::send);
            publisher.flush();
        }
    }

    static List<ConsumerRecord<String, CustomerScore>> scores(Settings settings) {
        AvroDeserializer<CustomerScore> values = new AvroDeserializer<>(CustomerScore.class);
        values.configure(settings.serdeConfig(), false);
        return RealCluster.readAll(settings, settings.topic(Topics.SCORES), values);
    }

    @Test
    void everyCustomersFinalScoreEqualsTheTestDriversForTheSameEvents() throws Exception {
        Settings settings = RealCluster.scenario("e2e", Replays.ORDER_INDEPENDENT);
        List<SimulatedEvent> events = simulate(25, 60, System.currentTimeMillis(), 7);
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            publish(settings, events);
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
        }
        Replays.Result expected = Replays.inDriver(events, Replays.ORDER_INDEPENDENT);
        var actual = Replays.finalScores(scores(settings));
        assertEquals(25, expected.finalScores().size(), "every simulated customer has a score");
        assertEquals(expected.finalScores().keySet(), actual.keySet());
        for (String customer : expected.finalScores().keySet()) {
            assertEquals(expected.finalScores().get(customer), actual.get(customer), customer);
        }
    }

    @Test
    void unreadableAndInvalidRecordsReachTheDeadLettersOnARealBroker() throws Exception {
        Settings settings = RealCluster.scenario("dlq", Map.of());
        String calls = settings.topic(Topics.CALLS);
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            AvroSerializer<Object> avro = new AvroSerializer<>();
            avro.configure(settings.serdeConfig(), false);
            Properties props = settings.adminProperties();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(calls, 0, "k1".getBytes(StandardCharsets.UTF_8), garbage)).get();
                CallEvent invalid = CallEvent.newBuilder().setEventId("e-1").setCustomerId("").setOccurredAt(Instant.now())
                        .setDirection(CallDirection.INBOUND).setDurationSeconds(10)
                        .setOutcome(CallOutcome.CONNECTED).setSentiment(null).build();
                producer.send(new ProducerRecord<>(calls, 0, "k2".getBytes(StandardCharsets.UTF_8),
                        avro.serialize(calls, invalid))).get();
            }
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(60));
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "the app goes on");
        }
        List<ConsumerRecord<String, byte[]>> letters = RealCluster.readAll(settings,
                settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer());
        assertEquals(2, letters.size());
        ConsumerRecord<String, byte[]> unreadable = letters.stream()
                .filter(r -> RejectReason.UNREADABLE.code().equals(DeadLetters.text(r.headers(), DeadLetters.REASON))).findFirst()
                .orElseThrow();
        assertArrayEquals(garbage, unreadable.value(), "the bytes kept as they came");
        assertEquals(calls, DeadLetters.text(unreadable.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(unreadable.headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("0", DeadLetters.text(unreadable.headers(), DeadLetters.SOURCE_OFFSET));
        ConsumerRecord<String, byte[]> invalid = letters.stream()
                .filter(r -> RejectReason.MISSING_CUSTOMER_ID.code().equals(DeadLetters.text(r.headers(), DeadLetters.REASON)))
                .findFirst().orElseThrow();
        assertEquals("1", DeadLetters.text(invalid.headers(), DeadLetters.SOURCE_OFFSET));
    }
}
