package dev.cdyn.ingest;

import static dev.cdyn.topology.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.CallOutcome;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.topology.Events;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private final Validation validation = new Validation(Duration.ofMinutes(5));
    private final long brokerTime = T0.toEpochMilli();

    private String reason(SpecificRecordBase event) {
        return validation.check(event, brokerTime).map(rejection -> rejection.reason().code()).orElse("accepted");
    }

    @Test
    void validEventsOfEveryChannelAreAccepted() {
        assertEquals(Optional.empty(), validation.check(Events.account("c1", T0).build(), brokerTime));
        assertEquals(Optional.empty(), validation.check(Events.call("e", "c1", T0).build(), brokerTime));
        assertEquals(Optional.empty(), validation.check(Events.email("e", "c1", T0).build(), brokerTime));
        assertEquals(Optional.empty(), validation.check(Events.meeting("e", "c1", T0).build(), brokerTime));
        assertEquals(Optional.empty(), validation.check(Events.order("o", "c1", T0).build(), brokerTime));
        assertEquals(Optional.empty(), validation.check(Events.ticket("t", "c1", T0).build(), brokerTime));
    }

    @Test
    void blankCustomerIdIsMissing() {
        assertEquals(RejectReason.MISSING_CUSTOMER_ID.code(), reason(Events.call("e", "", T0).build()));
    }

    @Test
    void blankEventIdIsMissing() {
        assertEquals(RejectReason.MISSING_EVENT_ID.code(), reason(Events.call(" ", "c1", T0).build()));
    }

    @Test
    void overlongEventIdIsRefused() {
        assertEquals(RejectReason.EVENT_ID_TOO_LONG.code(), reason(Events.call("x".repeat(201), "c1", T0).build()));
    }

    @Test
    void eventTimeBefore1970IsInvalid() {
        assertEquals(RejectReason.INVALID_EVENT_TIME.code(), reason(Events.call("e", "c1", Instant.ofEpochMilli(-1)).build()));
    }

    @Test
    void eventTimeJustInsideTheToleranceIsAccepted() {
        assertEquals("accepted", reason(Events.call("e", "c1", T0.plus(Duration.ofMinutes(5))).build()));
        assertEquals(RejectReason.EVENT_TIME_IN_FUTURE.code(),
                reason(Events.call("e", "c1", T0.plus(Duration.ofMinutes(5)).plusMillis(1)).build()));
    }

    @Test
    void tooFarAheadIsMeasuredAgainstTheRecordTimestamp() {
        assertTrue(validation.tooFarAhead(brokerTime + 300_001, brokerTime));
        assertFalse(validation.tooFarAhead(brokerTime + 300_000, brokerTime));
        assertFalse(validation.tooFarAhead(brokerTime - 10 * 365 * 86_400_000L, brokerTime), "backfills are fine");
    }

    @Test
    void theFutureIsJudgedAgainstTheRecordTimestampOrTheClockWhicheverIsEarlier() {
        long threeHours = 3 * 3_600_000L;
        assertEquals(brokerTime, Validation.reference(brokerTime + threeHours, brokerTime), "a producer's clock ahead");
        assertEquals(brokerTime - threeHours, Validation.reference(brokerTime - threeHours, brokerTime));
        assertEquals(brokerTime, Validation.reference(-1, brokerTime), "no timestamp: the clock");
        assertTrue(validation.tooFarAhead(brokerTime + threeHours,
                Validation.reference(brokerTime + threeHours, brokerTime)));
    }

    @Test
    void unknownEnumSymbolIsRefusedNamingTheField() {
        Optional<Rejection> rejection = validation.check(
                Events.call("e", "c1", T0).setOutcome(CallOutcome.UNKNOWN).build(), brokerTime);
        assertEquals(RejectReason.UNKNOWN_ENUM_SYMBOL.code(), rejection.orElseThrow().reason().code());
        assertTrue(rejection.get().detail().startsWith("outcome"), rejection.get().detail());
        assertEquals(RejectReason.UNKNOWN_ENUM_SYMBOL.code(),
                reason(Events.order("o", "c1", T0).setStatus(OrderStatus.UNKNOWN).build()));
    }

    @Test
    void sentimentMustLieBetweenMinusOneAndOne() {
        assertEquals("accepted", reason(Events.call("e", "c1", T0).setSentiment(-1.0).build()));
        assertEquals(RejectReason.SENTIMENT_OUT_OF_RANGE.code(), reason(Events.call("e", "c1", T0).setSentiment(-1.01).build()));
        assertEquals(RejectReason.SENTIMENT_OUT_OF_RANGE.code(),
                reason(Events.meeting("e", "c1", T0).setSentiment(Double.NaN).build()));
    }

    @Test
    void negativeDurationsAndLatenciesAreRefused() {
        assertEquals(RejectReason.NEGATIVE_DURATION.code(), reason(Events.call("e", "c1", T0).setDurationSeconds(-1).build()));
        assertEquals(RejectReason.NEGATIVE_DURATION.code(),
                reason(Events.meeting("e", "c1", T0).setDurationMinutes(-30).build()));
        assertEquals(RejectReason.NEGATIVE_REPLY_LATENCY.code(),
                reason(Events.email("e", "c1", T0).setReplyLatencySeconds(-5L).build()));
    }

    @Test
    void orderRules() {
        assertEquals(RejectReason.MISSING_ORDER_ID.code(), reason(Events.order("", "c1", T0).setEventId("e").build()));
        assertEquals(RejectReason.NEGATIVE_AMOUNT.code(),
                reason(Events.order("o", "c1", T0).setAmount(new BigDecimal("-0.01")).build()));
        assertEquals("accepted", reason(Events.order("o", "c1", T0).setAmount(BigDecimal.ZERO).build()));
        assertEquals(RejectReason.INVALID_CURRENCY.code(), reason(Events.order("o", "c1", T0).setCurrency("EU").build()));
    }

    @Test
    void ticketRules() {
        assertEquals(RejectReason.MISSING_TICKET_ID.code(), reason(Events.ticket("", "c1", T0).setEventId("e").build()));
        assertEquals(RejectReason.CSAT_OUT_OF_RANGE.code(), reason(Events.ticket("t", "c1", T0).setCsat(0).build()));
        assertEquals("accepted", reason(Events.ticket("t", "c1", T0).setCsat(5).build()));
    }

    @Test
    void accountCreatedBefore1970IsInvalid() {
        assertEquals(RejectReason.INVALID_CREATED_AT.code(),
                reason(Events.account("c1", T0).setCreatedAt(Instant.ofEpochMilli(-5)).build()));
    }

    @Test
    void overlongCustomerIdIsRefused() {
        assertEquals("accepted", reason(Events.call("e", "c".repeat(200), T0).build()));
        Optional<Rejection> rejection = validation.check(Events.call("e", "c".repeat(400_000), T0).build(), brokerTime);
        assertEquals(RejectReason.CUSTOMER_ID_TOO_LONG, rejection.orElseThrow().reason());
        assertTrue(rejection.get().detail().length() < 200, "the detail quotes only the start: " + rejection.get().detail());
    }

    @Test
    void overlongOrderAndTicketIdsAreRefused() {
        assertEquals("accepted", reason(Events.order("o".repeat(200), "c1", T0).setEventId("e").build()));
        assertEquals(RejectReason.ORDER_ID_TOO_LONG.code(), reason(Events.order("o".repeat(201), "c1", T0).setEventId("e").build()));
        assertEquals("accepted", reason(Events.ticket("t".repeat(200), "c1", T0).setEventId("e").build()));
        assertEquals(RejectReason.TICKET_ID_TOO_LONG.code(), reason(Events.ticket("t".repeat(201), "c1", T0).setEventId("e").build()));
    }

    @Test
    void overlongCustomerIdInAnAccountKeyIsRefused() {
        assertEquals(Optional.empty(), Validation.customerIdKey("c".repeat(200)));
        assertEquals(RejectReason.CUSTOMER_ID_TOO_LONG,
                Validation.customerIdKey("c".repeat(201)).orElseThrow().reason());
    }

    @Test
    void amountTheContractsDecimalCannotHoldIsInvalid() {
        // precision 18, scale 2: sixteen digits before the point at most
        assertEquals("accepted", reason(Events.order("o", "c1", T0).setAmount(new BigDecimal("9999999999999999.99")).build()));
        assertEquals(RejectReason.INVALID_AMOUNT.code(),
                reason(Events.order("o", "c1", T0).setAmount(new BigDecimal("99999999999999999.99")).build()));
        assertEquals(RejectReason.INVALID_AMOUNT.code(),
                reason(Events.order("o", "c1", T0).setAmount(new BigDecimal("12345678901234567890")).build()));
        assertEquals(RejectReason.INVALID_AMOUNT.code(),
                reason(Events.order("o", "c1", T0).setAmount(new BigDecimal("1.005")).build()), "three decimals");
        assertEquals("accepted", reason(Events.order("o", "c1", T0).setAmount(new BigDecimal("1.5")).build()),
                "fewer decimals are written exactly");
    }

    @Test
    void anyOtherOverlongTextFieldIsRefusedNamingIt() {
        assertEquals("accepted", reason(Events.account("c1", T0).setPlan("p".repeat(200)).build()));
        Optional<Rejection> rejection = validation.check(Events.account("c1", T0).setRegion("r".repeat(201)).build(),
                brokerTime);
        assertEquals(RejectReason.FIELD_TOO_LONG, rejection.orElseThrow().reason());
        assertTrue(rejection.get().detail().startsWith("region has 201 characters"), rejection.get().detail());
    }
}
