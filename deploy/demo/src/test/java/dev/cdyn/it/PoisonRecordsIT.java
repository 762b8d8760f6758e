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
import dev.cdyn.ingest.Source;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.simulate.SimulatedEvent;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poison records on a real broker: an order whose customer id is 400,000 characters and one whose
 * amount has more digits than the contract's decimal, among valid orders. Each poison record
 * reaches the dead letters with its reason, every dead letter fits a producer request, every valid
 * order is scored, and no stream thread dies on the way. Then every kind of poison at once on all six
 * inputs, among valid events: random bytes, a wrong magic byte, an unknown schema id, a truncated
 * body, a huge customer id, a missing one, an event time hours ahead, an enum symbol of a newer
 * version and an over-precise amount; each is dead-lettered once with its reason, and the
 * application never leaves RUNNING.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoisonRecordsIT {

    private static final Logger LOG = LoggerFactory.getLogger(PoisonRecordsIT.class);

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

    /** The first enum field of a contract (each input contract has one, with an UNKNOWN default). */
    private static String firstEnumField(Schema schema) {
        return schema.getFields().stream().filter(field -> field.schema().getType() == Schema.Type.ENUM)
                .map(Schema.Field::name).findFirst().orElseThrow();
    }

    /** A copy of the event with one field changed, and an event id of its own. */
    private static SpecificRecordBase variant(SpecificRecordBase event, String eventId, String field, Object value) {
        SpecificRecordBase copy = (SpecificRecordBase) SpecificData.getForClass(event.getClass())
                .deepCopy(event.getSchema(), event);
        copy.put("eventId", eventId);
        copy.put(field, value);
        return copy;
    }

    @Test
    void everyKindOfPoisonOnEveryInputIsDeadLetteredWithItsReasonAndEveryValidEventIsScored() throws Exception {
        Settings settings = RealCluster.scenario("poison-mix", Replays.ORDER_INDEPENDENT);
        // Ten customers over a month ending now: whether one of them has a meeting depends on the
        // day the test runs, so the next seed is taken until every input has a valid event.
        long end = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
        List<SimulatedEvent> drawn = List.of();
        Map<Source, SpecificRecordBase> templates = new EnumMap<>(Source.class);
        for (long seed = 31; seed < 51 && templates.size() < Source.values().length; seed++) {
            drawn = EndToEndIT.simulate(10, 30, end, seed);
            templates.clear();
            drawn.forEach(event -> templates.putIfAbsent(event.source(), (SpecificRecordBase) event.value()));
        }
        assertEquals(Set.of(Source.values()), templates.keySet(), "a valid event on every input");
        List<SimulatedEvent> valid = drawn;
        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(settings.serdeConfig(), false);
        Random random = new Random(3);
        List<ProducerRecord<byte[], byte[]>> poison = new ArrayList<>();
        Map<String, Long> expected = new TreeMap<>();
        for (Source source : Source.values()) {
            String topic = settings.topic(source.topic());
            SpecificRecordBase template = templates.get(source);
            String id = "poison-" + source.label() + "-";
            byte[] validBytes = avro.serialize(topic, template);
            byte[] randomBytes = new byte[64];
            random.nextBytes(randomBytes);
            byte[] wrongMagic = validBytes.clone();
            wrongMagic[0] = 1;
            byte[] unknownSchemaId = validBytes.clone();
            ByteBuffer.wrap(unknownSchemaId).putInt(1, 987_654);
            byte[] truncated = Arrays.copyOf(validBytes, 5 + (validBytes.length - 5) / 2);
            String enumField = firstEnumField(template.getSchema());
            Schema newerEnum = GenericEvents.withSymbol(template.getSchema(), enumField, "FROM_A_NEWER_VERSION");
            Map<RejectReason, List<byte[]>> kinds = new EnumMap<>(RejectReason.class);
            kinds.put(RejectReason.UNREADABLE, List.of(randomBytes, wrongMagic, unknownSchemaId, truncated));
            kinds.put(RejectReason.CUSTOMER_ID_TOO_LONG, List.of(avro.serialize(topic,
                    variant(template, id + "huge-id", "customerId", "h".repeat(100_000)))));
            kinds.put(RejectReason.MISSING_CUSTOMER_ID, List.of(avro.serialize(topic,
                    variant(template, id + "no-customer", "customerId", ""))));
            kinds.put(RejectReason.EVENT_TIME_IN_FUTURE, List.of(avro.serialize(topic,
                    variant(template, id + "future", "occurredAt", Instant.now().plus(2, ChronoUnit.HOURS)))));
            kinds.put(RejectReason.UNKNOWN_ENUM_SYMBOL, List.of(avro.serialize(topic, GenericEvents.under(newerEnum,
                    template, Map.of("eventId", id + "enum", enumField, "FROM_A_NEWER_VERSION")))));
            if (template instanceof OrderEvent order) {
                kinds.put(RejectReason.INVALID_AMOUNT, List.of(orderWithTwentyDigitAmount(validBytes,
                        (OrderEvent) variant(order, id + "amount", "eventId", id + "amount"))));
            }
            kinds.forEach((reason, values) -> values.forEach(value -> {
                poison.add(new ProducerRecord<>(topic, key(id + poison.size()), value));
                expected.merge(topic + " " + reason.code(), 1L, Long::sum);
            }));
        }

        List<KafkaStreams.State> leftRunning = new CopyOnWriteArrayList<>();
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings)) {
            app.onStateChange((now, before) -> {
                if (before == KafkaStreams.State.RUNNING) {
                    leftRunning.add(now);
                }
            });
            app.start();
            // A first start with several threads may rebalance once more as its internal topics appear.
            RealCluster.awaitSettled(app, Duration.ofSeconds(2), Duration.ofSeconds(60));
            leftRunning.clear();
            Set<String> threadsBefore = threadNames(app.streams());
            EndToEndIT.publish(settings, valid.subList(0, valid.size() / 2));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings.adminProperties(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (ProducerRecord<byte[], byte[]> record : poison) {
                    producer.send(record).get();
                }
            }
            EndToEndIT.publish(settings, valid.subList(valid.size() / 2, valid.size()));
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state(), "the app goes on");
            assertEquals(List.of(), leftRunning, "never left RUNNING");
            assertEquals(threadsBefore, threadNames(app.streams()), "no stream thread died and was replaced");
        }

        Map<String, Long> deadLettered = RealCluster.readAll(settings, settings.topic(Topics.DEAD_LETTERS),
                new ByteArrayDeserializer()).stream().collect(Collectors.groupingBy(letter ->
                DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC) + " "
                        + DeadLetters.text(letter.headers(), DeadLetters.REASON), TreeMap::new, Collectors.counting()));
        assertEquals(expected, deadLettered, "each poison record once, with its reason, from its topic");
        Replays.Result reference = Replays.inDriver(valid, Replays.ORDER_INDEPENDENT);
        assertEquals(0, reference.deadLetters(), "the valid events are valid");
        assertEquals(reference.interactions().stream().map(Interaction::getEventId).sorted().toList(),
                RestartAndBackfillIT.interactions(settings).stream().map(Interaction::getEventId).sorted().toList(),
                "every valid event gets through once, and only those");
        Set<String> scored = EndToEndIT.scores(settings).stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(reference.finalScores().keySet(), scored, "every customer with a valid event is scored");
        LOG.info("Poison records: {} valid and {} poison records in, {} dead-lettered ({}), {} customers scored",
                valid.size(), poison.size(), deadLettered.values().stream().mapToLong(Long::longValue).sum(),
                deadLettered, scored.size());
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
