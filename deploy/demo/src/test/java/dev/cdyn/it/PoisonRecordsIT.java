package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerializer;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Poison records on a real broker: an order whose customer id is 400,000 characters and one whose
 * amount has more digits than the contract's decimal, among valid orders. Each poison record
 * reaches the dead letters with its reason, every dead letter fits a producer request, every valid
 * order is scored, and no stream thread dies on the way.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoisonRecordsIT {

    private static final int MAX_REQUEST_SIZE = 1_048_576;

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    private static OrderEvent order(String eventId, String customerId, Instant at) {
        return OrderEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setOrderId("o-" + eventId).setStatus(OrderStatus.PLACED).setAmount(new BigDecimal("120.00"))
                .setCurrency("EUR").setChannel(OrderChannel.WEB).setDeliveryDelayHours(null).build();
    }

    /**
     * The wire bytes of a producer whose decimal is wider than the contract's (precision 38): the
     * same layout and schema id as a valid order, with a 20-digit amount that Avro refuses only on write.
     */
    private static byte[] orderWithTwentyDigitAmount(byte[] validWireBytes, OrderEvent template) throws Exception {
        Schema wider = new Schema.Parser().parse(OrderEvent.getClassSchema().toString()
                .replace("\"precision\":18", "\"precision\":38"));
        GenericRecord order = new GenericData.Record(wider);
        for (Schema.Field field : wider.getFields()) {
            order.put(field.name(), switch (field.name()) {
                case "occurredAt" -> template.getOccurredAt().toEpochMilli();
                case "status" -> new GenericData.EnumSymbol(field.schema(), "PLACED");
                case "channel" -> new GenericData.EnumSymbol(field.schema(), "WEB");
                case "amount" -> ByteBuffer.wrap(new BigInteger("12345678901234567890").toByteArray());
                default -> template.get(field.name());
            });
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Arrays.copyOf(validWireBytes, 5)); // magic byte and schema id
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(wider).write(order, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Set<String> threadNames(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).collect(Collectors.toSet());
    }

    @Test
    void poisonRecordsGoToTheDeadLettersAndEveryValidOrderIsScored() throws Exception {
        Settings settings = RealCluster.scenario("poison", Map.of());
        String orders = settings.topic(Topics.ORDERS);
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        Set<String> validIds = new HashSet<>();
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            Set<String> threadsBefore = threadNames(app.streams());
            AvroSerializer<Object> avro = new AvroSerializer<>();
            avro.configure(settings.serdeConfig(), false);
            var props = settings.adminProperties();
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * MAX_REQUEST_SIZE);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < 20; i++) {
                    String customer = "c" + (i % 5);
                    OrderEvent valid = order("valid-" + i, customer, start.plusSeconds(i));
                    validIds.add(valid.getEventId());
                    byte[] bytes = avro.serialize(orders, valid);
                    producer.send(new ProducerRecord<>(orders, i % 2, key(customer), bytes)).get();
                    if (i == 5) {
                        OrderEvent longId = order("long-id", "x".repeat(400_000), start.plusSeconds(i));
                        producer.send(new ProducerRecord<>(orders, 0, key("k-long"), avro.serialize(orders, longId)))
                                .get();
                    }
                    if (i == 12) {
                        OrderEvent wide = order("wide-amount", "c9", start.plusSeconds(i));
                        producer.send(new ProducerRecord<>(orders, 1, key("k-wide"),
                                orderWithTwentyDigitAmount(bytes, wide))).get();
                    }
                }
            }
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "the app goes on");
            assertEquals(threadsBefore, threadNames(app.streams()), "no stream thread died and was replaced");
        }

        List<ConsumerRecord<String, byte[]>> letters = RealCluster.readAll(settings,
                settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer());
        Map<String, ConsumerRecord<String, byte[]>> byReason = letters.stream().collect(Collectors.toMap(
                r -> DeadLetters.text(r.headers(), DeadLetters.REASON), r -> r));
        assertEquals(Set.of(RejectReason.CUSTOMER_ID_TOO_LONG.code(), RejectReason.INVALID_AMOUNT.code()),
                byReason.keySet(), "exactly the two poison records, each once");
        assertNull(byReason.get(RejectReason.INVALID_AMOUNT.code()).value(), "an amount that cannot be written");
        for (ConsumerRecord<String, byte[]> letter : letters) {
            assertEquals(orders, DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
            int headerBytes = 0;
            for (Header header : letter.headers()) {
                headerBytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
            }
            int size = Math.max(0, letter.serializedKeySize()) + Math.max(0, letter.serializedValueSize()) + headerBytes;
            assertTrue(size < MAX_REQUEST_SIZE, "a dead letter of " + size + " bytes fits a producer request");
        }

        AvroDeserializer<Interaction> interactions = new AvroDeserializer<>(Interaction.class);
        interactions.configure(settings.serdeConfig(), false);
        Set<String> accepted = RealCluster.readAll(settings, settings.topic(Topics.INTERACTIONS), interactions).stream()
                .map(r -> r.value().getEventId()).collect(Collectors.toSet());
        assertEquals(validIds, accepted, "every valid order gets through, and only those");
        Set<String> scored = EndToEndIT.scores(settings).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(Set.of("c0", "c1", "c2", "c3", "c4"), scored, "every customer with a valid order is scored");
    }

    @Test
    void aRecordTooLargeForTheProducerIsDeadLetteredAsAReferenceUnderAtLeastOnce() throws Exception {
        // The limit is lowered so that a valid order with ids at their longest cannot be written to
        // the repartition topic (its envelope repeats the ids), while every other record can. Its
        // customer id hashes to the other partition than the one it is written to, so that it takes
        // the repartition topic (an order already in its customer's partition would not).
        // At least once only: under exactly-once, the transactional producer itself enters an error
        // state on a record too large, whatever the handler answers (Kafka 4.3); there the limits of
        // Validation keep every record Streams writes far below max.request.size.
        Settings settings = RealCluster.scenario("too-large", Map.of(
                "producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_200,
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE));
        String orders = settings.topic(Topics.ORDERS);
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            Set<String> threadsBefore = threadNames(app.streams());
            AvroSerializer<Object> avro = new AvroSerializer<>();
            avro.configure(settings.serdeConfig(), false);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.adminProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                String customer = "c".repeat(200);
                for (int i = 0; BuiltInPartitioner.partitionForKey(key(customer), 2) != 1; i++) {
                    customer = "c".repeat(196) + String.format("%04d", i);
                }
                OrderEvent large = OrderEvent.newBuilder(order("e".repeat(200), customer, start))
                        .setOrderId("o".repeat(200)).build();
                producer.send(new ProducerRecord<>(orders, 0, key("k-large"), avro.serialize(orders, large))).get();
                OrderEvent after = order("after", "c1", start.plusSeconds(1));
                producer.send(new ProducerRecord<>(orders, 0, key("c1"), avro.serialize(orders, after))).get();
            }
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "the app goes on");
            assertEquals(threadsBefore, threadNames(app.streams()), "no stream thread died and was replaced");
        }
        List<ConsumerRecord<String, byte[]>> letters = RealCluster.readAll(settings,
                settings.topic(Topics.DEAD_LETTERS), new ByteArrayDeserializer());
        assertEquals(1, letters.size());
        ConsumerRecord<String, byte[]> letter = letters.get(0);
        assertEquals(RejectReason.PRODUCTION_FAILED.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertEquals(orders, DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
        assertNull(letter.value(), "a reference, not a copy");
        AvroDeserializer<Interaction> interactions = new AvroDeserializer<>(Interaction.class);
        interactions.configure(settings.serdeConfig(), false);
        assertEquals(List.of("after"), RealCluster.readAll(settings, settings.topic(Topics.INTERACTIONS), interactions)
                .stream().map(r -> r.value().getEventId()).toList(), "the next record is processed");
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
