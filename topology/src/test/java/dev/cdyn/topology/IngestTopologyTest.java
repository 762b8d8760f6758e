package dev.cdyn.topology;

import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CallOutcome;
import dev.cdyn.events.Channel;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.serde.SchemaRegistryUnavailableException;
import dev.cdyn.serde.SerdeConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static dev.cdyn.topology.Events.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestTopologyTest {

    private TopologyFixture app;

    @BeforeEach
    void start() {
        app = new TopologyFixture();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private TestInputTopic<byte[], CallEvent> calls() {
        return app.input(Topics.CALLS);
    }

    private TestInputTopic<byte[], OrderEvent> orders() {
        return app.input(Topics.ORDERS);
    }

    /** Pipes one bad record, then a good one, and returns the single dead letter. */
    private <T> TestRecord<byte[], Object> rejectedThenGoesOn(TestInputTopic<byte[], T> topic, T bad, Instant recordTime) {
        topic.pipeInput(new TestRecord<>(key("k-bad"), bad, recordTime));
        calls().pipeInput(key("k-good"), Events.call("good-1", "c-good", T0).build(), T0);
        List<TestRecord<byte[], Object>> letters = app.deadLetters().readRecordsToList();
        assertEquals(1, letters.size(), "exactly one dead letter");
        List<Interaction> out = app.interactions().readValuesToList();
        assertEquals(List.of("good-1"), out.stream().map(Interaction::getEventId).toList(), "the app goes on");
        return letters.get(0);
    }

    private static void assertDeadLetter(TestRecord<byte[], Object> letter, String reason, String topic) {
        Headers headers = letter.headers();
        assertEquals(reason, DeadLetters.text(headers, DeadLetters.REASON));
        assertEquals(topic, DeadLetters.text(headers, DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(headers, DeadLetters.SOURCE_PARTITION));
        assertTrue(Long.parseLong(DeadLetters.text(headers, DeadLetters.SOURCE_OFFSET)) >= 0);
        assertTrue(DeadLetters.text(headers, DeadLetters.MESSAGE).length() > 0);
    }

    @Test
    void missingCustomerIdGoesToDeadLettersAndTheAppGoesOn() {
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(calls(),
                Events.call("e1", " ", T0).build(), T0);
        assertDeadLetter(letter, RejectReason.MISSING_CUSTOMER_ID.code(), "cdyn.calls");
        assertEquals("e1", ((CallEvent) letter.value()).getEventId(), "the rejected event is kept whole");
        assertArrayEquals(key("k-bad"), letter.key(), "the original key is kept");
    }

    @Test
    void negativeAmountGoesToDeadLetters() {
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(orders(),
                Events.order("o1", "c1", T0).setAmount(new BigDecimal("-5.00")).build(), T0);
        assertDeadLetter(letter, RejectReason.NEGATIVE_AMOUNT.code(), "cdyn.orders");
        assertInstanceOf(OrderEvent.class, letter.value());
    }

    @Test
    void unknownEnumSymbolFromANewerProducerGoesToDeadLetters() {
        Schema newer = new Schema.Parser().parse(CallEvent.getClassSchema().toString()
                .replace("\"DROPPED\",", "\"DROPPED\",\"TRANSFERRED\","));
        GenericRecord call = new GenericData.Record(newer);
        CallEvent template = Events.call("e-new", "c1", T0).build();
        for (Schema.Field field : newer.getFields()) {
            call.put(field.name(), switch (field.name()) {
                case "occurredAt" -> T0.toEpochMilli();
                case "direction" -> new GenericData.EnumSymbol(field.schema(), "INBOUND");
                case "outcome" -> new GenericData.EnumSymbol(field.schema(), "TRANSFERRED");
                default -> template.get(field.name());
            });
        }
        TestInputTopic<byte[], GenericRecord> newerProducer = app.input(Topics.CALLS);
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(newerProducer, call, T0);
        assertDeadLetter(letter, RejectReason.UNKNOWN_ENUM_SYMBOL.code(), "cdyn.calls");
        assertEquals(CallOutcome.UNKNOWN, ((CallEvent) letter.value()).getOutcome());
    }

    @Test
    void sentimentOutsideItsRangeGoesToDeadLetters() {
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(calls(),
                Events.call("e1", "c1", T0).setSentiment(1.5).build(), T0);
        assertDeadLetter(letter, RejectReason.SENTIMENT_OUT_OF_RANGE.code(), "cdyn.calls");
    }

    @Test
    void csatOutsideOneToFiveGoesToDeadLetters() {
        TestInputTopic<byte[], SupportTicketEvent> tickets = app.input(Topics.SUPPORT_TICKETS);
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(tickets,
                Events.ticket("t1", "c1", T0).setCsat(9).build(), T0);
        assertDeadLetter(letter, RejectReason.CSAT_OUT_OF_RANGE.code(), "cdyn.support-tickets");
    }

    @Test
    void currencyThatIsNotAnIsoCodeGoesToDeadLetters() {
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(orders(),
                Events.order("o1", "c1", T0).setCurrency("euro").build(), T0);
        assertDeadLetter(letter, RejectReason.INVALID_CURRENCY.code(), "cdyn.orders");
    }

    @Test
    void nullValueOnAnEventTopicGoesToDeadLetters() {
        app.rawInput(Topics.CALLS).pipeInput(key("k-null"), null, T0);
        calls().pipeInput(key("k-good"), Events.call("good-1", "c-good", T0).build(), T0);
        TestRecord<byte[], byte[]> letter = app.rawDeadLetters().readRecord();
        assertEquals(RejectReason.NULL_VALUE.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertNull(letter.value());
        assertEquals(1, app.interactions().readValuesToList().size());
    }

    @Test
    void unreadableBytesAreSkippedAndTheAppGoesOn() {
        // The dead letter itself is written by Streams' record collector, which the test driver does
        // not run for deserialization errors: DeadLetterDeserializationHandlerTest checks the letter.
        byte[] garbage = "{\"customerId\":\"c1\"}".getBytes(StandardCharsets.UTF_8);
        app.rawInput(Topics.CALLS).pipeInput(key("k-garbage"), garbage, T0);
        calls().pipeInput(key("k-good"), Events.call("good-1", "c-good", T0).build(), T0);
        assertEquals(List.of("good-1"),
                app.interactions().readValuesToList().stream().map(Interaction::getEventId).toList());
    }

    @Test
    void unreachableRegistryFailsInsteadOfDeadLetteringGoodData() {
        app.close();
        app = new TopologyFixture(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:1",
                SerdeConfig.MAX_RETRIES, "0", SerdeConfig.HTTP_CONNECT_TIMEOUT_MS, "200"));
        byte[] wellFormed = {0, 0, 0, 0, 1, 2, 0x61};
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> app.rawInput(Topics.CALLS).pipeInput(key("k"), wellFormed, T0));
        assertTrue(causedBy(failure, SchemaRegistryUnavailableException.class), failure.toString());
        assertTrue(app.rawDeadLetters().isEmpty(), "nothing was dead-lettered");
    }

    @Test
    void recordsKeyedByOrderIdArriveKeyedByCustomer() {
        orders().pipeInput(key("order-77"), Events.order("order-77", "customer-3", T0).build(), T0);
        TestRecord<String, Interaction> out = app.interactions().readRecord();
        assertEquals("customer-3", out.key());
        assertEquals(Channel.ORDER, out.value().getChannel());
        TestRecord<String, Interaction> repartitioned = app.repartitioned().readRecord();
        assertEquals("customer-3", repartitioned.key(), "re-keyed before the repartition by customer");
    }

    @Test
    void everyChannelFlowsIntoOneStreamPerCustomer() {
        app.<CustomerAccount>input(Topics.ACCOUNTS).pipeInput(key("c1"), Events.account("c1", T0).build(), T0);
        calls().pipeInput(key("x"), Events.call("call-1", "c1", T0).build(), T0);
        app.<EmailEvent>input(Topics.EMAILS).pipeInput(key("y"), Events.email("mail-1", "c1", T0).build(), T0);
        app.input(Topics.MEETINGS).pipeInput(key("z"), Events.meeting("meet-1", "c1", T0).build(), T0);
        orders().pipeInput(key("o"), Events.order("o1", "c1", T0).build(), T0);
        app.input(Topics.SUPPORT_TICKETS).pipeInput(key("t"), Events.ticket("t1", "c1", T0).build(), T0);
        List<TestRecord<String, Interaction>> out = app.interactions().readRecordsToList();
        assertEquals(List.of(Channel.ACCOUNT, Channel.CALL, Channel.EMAIL, Channel.MEETING, Channel.ORDER,
                Channel.SUPPORT_TICKET), out.stream().map(r -> r.value().getChannel()).toList());
        assertTrue(out.stream().allMatch(r -> r.key().equals("c1")));
    }

    @Test
    void eventTimeComesFromOccurredAtNotTheBrokerClock() {
        Instant occurred = T0.minus(Duration.ofHours(5));
        calls().pipeInput(key("k"), Events.call("e1", "c1", occurred).build(), T0);
        assertEquals(occurred, app.interactions().readRecord().getRecordTime());
    }

    @Test
    void duplicateEventIsDroppedAndCountedOnce() {
        CallEvent call = Events.call("retry-1", "c1", T0).build();
        calls().pipeInput(key("k"), call, T0);
        calls().pipeInput(key("k"), call, T0.plusSeconds(2));
        calls().pipeInput(key("k"), Events.call("other", "c1", T0).build(), T0.plusSeconds(3));
        assertEquals(List.of("retry-1", "other"),
                app.interactions().readValuesToList().stream().map(Interaction::getEventId).toList());
        assertEquals(1.0, app.duplicatesDropped());
    }

    @Test
    void sameEventIdOnAnotherChannelIsNotADuplicate() {
        calls().pipeInput(key("k"), Events.call("42", "c1", T0).build(), T0);
        app.<EmailEvent>input(Topics.EMAILS).pipeInput(key("k"), Events.email("42", "c1", T0).build(), T0);
        assertEquals(2, app.interactions().readValuesToList().size());
        assertEquals(0.0, app.duplicatesDropped());
    }

    @Test
    void aProducerClockHoursAheadVouchesForNoEventAndMovesNoStreamTime() {
        app.close();
        app = new TopologyFixture(Map.of(), Clock.fixed(T0, ZoneOffset.UTC));
        Instant threeHoursAhead = T0.plus(Duration.ofHours(3));
        calls().pipeInput(new TestRecord<>(key("k1"), Events.call("ahead", "c1", threeHoursAhead).build(),
                threeHoursAhead));
        calls().pipeInput(new TestRecord<>(key("k2"), Events.call("on-time", "c2", T0.minusSeconds(60)).build(),
                threeHoursAhead));
        List<TestRecord<byte[], Object>> letters = app.deadLetters().readRecordsToList();
        assertEquals(1, letters.size());
        assertDeadLetter(letters.get(0), RejectReason.EVENT_TIME_IN_FUTURE.code(), "cdyn.calls");
        assertEquals(T0, letters.get(0).getRecordTime(), "dated by the clock, not by the producer's");
        List<TestRecord<String, Interaction>> accepted = app.interactions().readRecordsToList();
        assertEquals(List.of("on-time"), accepted.stream().map(r -> r.value().getEventId()).toList(),
                "an event whose own time is true is taken whatever the record's timestamp");
        assertEquals(T0.minusSeconds(60), accepted.get(0).getRecordTime(), "at its own time");
    }

    @Test
    void recordFromTheFutureIsRejectedBeforeItCanStopTheApp() {
        Instant twoHoursAhead = T0.plus(Duration.ofHours(2));
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(calls(),
                Events.call("future", "c1", twoHoursAhead).build(), T0);
        assertDeadLetter(letter, RejectReason.EVENT_TIME_IN_FUTURE.code(), "cdyn.calls");
        assertEquals(T0, letter.getRecordTime(), "the dead letter keeps the broker's time, not the future one");
        assertTrue(app.repartitioned().readRecordsToList().stream()
                .noneMatch(r -> r.value().getEventId().equals("future")), "never written to the repartition topic");
    }

    @Test
    void yearsOldRecordIsAcceptedForBackfill() {
        Instant threeYearsAgo = T0.minus(Duration.ofDays(3 * 365));
        calls().pipeInput(key("k"), Events.call("old", "c1", threeYearsAgo).build(), T0);
        TestRecord<String, Interaction> out = app.interactions().readRecord();
        assertEquals("old", out.value().getEventId());
        assertEquals(threeYearsAgo, out.getRecordTime());
        assertTrue(app.deadLetters().isEmpty());
    }

    @Test
    void accountTombstoneReachesTheScoresTopicAsATombstone() {
        app.<CustomerAccount>input(Topics.ACCOUNTS).pipeInput(key("c9"), Events.account("c9", T0).build(), T0);
        app.rawInput(Topics.ACCOUNTS).pipeInput(key("c9"), null, T0.plusSeconds(60));

        List<TestRecord<String, byte[]>> scores = app.rawScores().readRecordsToList();
        TestRecord<String, byte[]> tombstone = scores.get(scores.size() - 1);
        assertEquals("c9", tombstone.key());
        assertNull(tombstone.value());
        List<Interaction> out = app.interactions().readValuesToList();
        assertEquals(2, out.size());
        assertNull(out.get(1).getPayload(), "the erasure travels through the interaction stream too");
    }

    @Test
    void accountTombstoneWithoutKeyGoesToDeadLetters() {
        app.rawInput(Topics.ACCOUNTS).pipeInput((byte[]) null, null, T0);
        TestRecord<byte[], byte[]> letter = app.rawDeadLetters().readRecord();
        assertEquals(RejectReason.TOMBSTONE_WITHOUT_KEY.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertTrue(app.rawScores().isEmpty());
    }

    @Test
    void overlongCustomerIdGoesToDeadLettersWithItsPayloadWhenThatFits() {
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(orders(),
                Events.order("o1", "c".repeat(400_000), T0).build(), T0);
        assertDeadLetter(letter, RejectReason.CUSTOMER_ID_TOO_LONG.code(), "cdyn.orders");
        assertTrue(DeadLetters.text(letter.headers(), DeadLetters.MESSAGE).length() <= DeadLetters.MAX_HEADER_CHARS);
        assertInstanceOf(OrderEvent.class, letter.value());
        assertNull(DeadLetters.text(letter.headers(), DeadLetters.PAYLOAD_OMITTED));
    }

    @Test
    void payloadTooLargeToCopyIsReferencedByItsCoordinatesInstead() {
        orders().pipeInput(new TestRecord<>(key("k-bad"), Events.order("o1", "c".repeat(600_000), T0).build(), T0));
        calls().pipeInput(key("k-good"), Events.call("good-1", "c-good", T0).build(), T0);
        TestRecord<byte[], byte[]> letter = app.rawDeadLetters().readRecord();
        assertEquals(RejectReason.CUSTOMER_ID_TOO_LONG.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertNull(letter.value(), "the payload is not copied");
        assertTrue(DeadLetters.text(letter.headers(), DeadLetters.PAYLOAD_OMITTED).contains("too large"));
        assertEquals("cdyn.orders", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
        assertEquals(List.of("good-1"), app.interactions().readValuesToList().stream().map(Interaction::getEventId)
                .toList(), "the app goes on");
    }

    @Test
    void amountWithMoreDigitsThanTheContractHoldsGoesToDeadLettersWithoutPayload() {
        // A producer with a wider decimal writes 20 digits; Avro checks precision on write only, so
        // the record is read, and would fail when written to the repartition topic.
        Schema wider = new Schema.Parser().parse(OrderEvent.getClassSchema().toString()
                .replace("\"precision\":18", "\"precision\":38"));
        GenericRecord order = new GenericData.Record(wider);
        OrderEvent template = Events.order("o1", "c1", T0).build();
        for (Schema.Field field : wider.getFields()) {
            order.put(field.name(), switch (field.name()) {
                case "occurredAt" -> T0.toEpochMilli();
                case "status" -> new GenericData.EnumSymbol(field.schema(), "PLACED");
                case "channel" -> new GenericData.EnumSymbol(field.schema(), "WEB");
                case "amount" -> ByteBuffer.wrap(new BigInteger("123456789012345678900").toByteArray());
                default -> template.get(field.name());
            });
        }
        TestInputTopic<byte[], GenericRecord> widerProducer = app.input(Topics.ORDERS);
        TestRecord<byte[], Object> letter = rejectedThenGoesOn(widerProducer, order, T0);
        assertDeadLetter(letter, RejectReason.INVALID_AMOUNT.code(), "cdyn.orders");
        assertNull(letter.value(), "an amount that cannot be written is not copied");
        assertTrue(DeadLetters.text(letter.headers(), DeadLetters.PAYLOAD_OMITTED).contains("cannot be written"));
    }

    @Test
    void accountTombstoneWithAnOverlongKeyGoesToDeadLetters() {
        app.rawInput(Topics.ACCOUNTS).pipeInput(key("c".repeat(201)), null, T0);
        TestRecord<byte[], byte[]> letter = app.rawDeadLetters().readRecord();
        assertEquals(RejectReason.CUSTOMER_ID_TOO_LONG.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertTrue(app.rawScores().isEmpty());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
