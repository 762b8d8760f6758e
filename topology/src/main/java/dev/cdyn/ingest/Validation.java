package dev.cdyn.ingest;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What the contracts forbid beyond what Avro's types can say. Pure: no Kafka types, so every rule
 * is tested on its own. The first broken rule is reported.
 */
public final class Validation {

    /** Longer ids are refused: they are remembered for de-duplication, so their size is memory. */
    public static final int MAX_EVENT_ID_LENGTH = 200;
    /**
     * Longer customer, order and ticket ids are refused: each becomes a key or part of a state
     * (the customer id is the repartition key and appears three times in its record; order and
     * ticket ids are remembered in the customer's activity), so their size is memory and record size.
     * Every other text field (an account's region and plan) has the same bound.
     */
    public static final int MAX_ID_LENGTH = 200;
    /** The contract's decimal: an amount it cannot hold would fail when written back, not when read. */
    private static final Schema AMOUNT_SCHEMA = OrderEvent.getClassSchema().getField("amount").schema();
    private static final Conversions.DecimalConversion DECIMAL = new Conversions.DecimalConversion();
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final long maxFutureMs;

    public Validation(Duration maxFuture) {
        this.maxFutureMs = maxFuture.toMillis();
    }

    /**
     * Whether an event time is too far ahead of {@code referenceMs} (see {@link #reference}) to be
     * written back to Kafka (the broker refuses timestamps far ahead of its clock) or to be trusted.
     */
    public boolean tooFarAhead(long occurredAtMs, long referenceMs) {
        return referenceMs >= 0 && occurredAtMs - referenceMs > maxFutureMs;
    }

    /**
     * What the future is judged against: the earlier of the record's timestamp and the clock. A
     * producer sets the timestamp (CreateTime), so a producer whose clock runs ahead would otherwise
     * vouch for its own future events; on a topic with LogAppendTime the timestamp is the broker's
     * clock. A record without a timestamp is judged against the clock alone.
     */
    public static long reference(long recordTimestampMs, long clockMs) {
        return recordTimestampMs >= 0 ? Math.min(recordTimestampMs, clockMs) : clockMs;
    }

    public Optional<Rejection> check(SpecificRecordBase event, long recordTimestampMs) {
        return common(event, recordTimestampMs).or(() -> specific(event)).or(() -> longText(event));
    }

    /** Every other text field is bounded too: it travels in the repartition record and may be kept in state. */
    private static Optional<Rejection> longText(SpecificRecordBase event) {
        for (Schema.Field field : event.getSchema().getFields()) {
            if (event.get(field.pos()) instanceof CharSequence text && text.length() > MAX_ID_LENGTH) {
                return reject(RejectReason.FIELD_TOO_LONG, tooLong(field.name(), text.toString(), MAX_ID_LENGTH));
            }
        }
        return Optional.empty();
    }

    private Optional<Rejection> common(SpecificRecordBase event, long recordTimestampMs) {
        String customerId = EventFields.customerId(event);
        if (customerId == null || customerId.isBlank()) {
            return reject(RejectReason.MISSING_CUSTOMER_ID, "customerId is empty");
        }
        if (customerId.length() > MAX_ID_LENGTH) {
            return reject(RejectReason.CUSTOMER_ID_TOO_LONG, tooLong("customerId", customerId, MAX_ID_LENGTH));
        }
        String eventId = EventFields.eventId(event);
        if (eventId == null || eventId.isBlank()) {
            return reject(RejectReason.MISSING_EVENT_ID, "eventId is empty");
        }
        if (eventId.length() > MAX_EVENT_ID_LENGTH) {
            return reject(RejectReason.EVENT_ID_TOO_LONG, tooLong("eventId", eventId, MAX_EVENT_ID_LENGTH));
        }
        long occurredAt = EventFields.occurredAtMillis(event);
        if (occurredAt < 0) {
            return reject(RejectReason.INVALID_EVENT_TIME, "occurredAt " + occurredAt + " is before 1970");
        }
        if (tooFarAhead(occurredAt, recordTimestampMs)) {
            return reject(RejectReason.EVENT_TIME_IN_FUTURE, "occurredAt is " + (occurredAt - recordTimestampMs)
                    + " ms ahead of the record's timestamp or the clock, whichever is earlier; at most "
                    + maxFutureMs + " ms is allowed");
        }
        for (Schema.Field field : event.getSchema().getFields()) {
            Object value = event.get(field.pos());
            if (value instanceof Enum<?> symbol && "UNKNOWN".equals(symbol.name())) {
                return reject(RejectReason.UNKNOWN_ENUM_SYMBOL, field.name()
                        + " holds a symbol this version does not know (read as UNKNOWN)");
            }
        }
        Double sentiment = EventFields.sentiment(event);
        if (sentiment != null && !(sentiment >= -1.0 && sentiment <= 1.0)) {
            return reject(RejectReason.SENTIMENT_OUT_OF_RANGE, "sentiment " + sentiment + " is outside [-1, 1]");
        }
        return Optional.empty();
    }

    private Optional<Rejection> specific(SpecificRecordBase event) {
        if (event instanceof CallEvent call && call.getDurationSeconds() < 0) {
            return reject(RejectReason.NEGATIVE_DURATION, "durationSeconds is " + call.getDurationSeconds());
        }
        if (event instanceof EmailEvent email && email.getReplyLatencySeconds() != null
                && email.getReplyLatencySeconds() < 0) {
            return reject(RejectReason.NEGATIVE_REPLY_LATENCY, "replyLatencySeconds is " + email.getReplyLatencySeconds());
        }
        if (event instanceof MeetingEvent meeting && meeting.getDurationMinutes() < 0) {
            return reject(RejectReason.NEGATIVE_DURATION, "durationMinutes is " + meeting.getDurationMinutes());
        }
        if (event instanceof OrderEvent order) {
            return order(order);
        }
        if (event instanceof SupportTicketEvent ticket) {
            if (ticket.getTicketId().isBlank()) {
                return reject(RejectReason.MISSING_TICKET_ID, "ticketId is empty");
            }
            if (ticket.getTicketId().length() > MAX_ID_LENGTH) {
                return reject(RejectReason.TICKET_ID_TOO_LONG, tooLong("ticketId", ticket.getTicketId(), MAX_ID_LENGTH));
            }
            if (ticket.getCsat() != null && (ticket.getCsat() < 1 || ticket.getCsat() > 5)) {
                return reject(RejectReason.CSAT_OUT_OF_RANGE, "csat " + ticket.getCsat() + " is outside 1 to 5");
            }
        }
        if (event instanceof CustomerAccount account && account.getCreatedAt().toEpochMilli() < 0) {
            return reject(RejectReason.INVALID_CREATED_AT, "createdAt " + account.getCreatedAt() + " is before 1970");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> order(OrderEvent order) {
        if (order.getOrderId().isBlank()) {
            return reject(RejectReason.MISSING_ORDER_ID, "orderId is empty");
        }
        if (order.getOrderId().length() > MAX_ID_LENGTH) {
            return reject(RejectReason.ORDER_ID_TOO_LONG, tooLong("orderId", order.getOrderId(), MAX_ID_LENGTH));
        }
        Optional<Rejection> amount = amount(order.getAmount());
        if (amount.isPresent()) {
            return amount;
        }
        if (order.getAmount().signum() < 0) {
            return reject(RejectReason.NEGATIVE_AMOUNT, "amount " + order.getAmount().toPlainString() + " is below zero");
        }
        if (!CURRENCY.matcher(order.getCurrency()).matches()) {
            return reject(RejectReason.INVALID_CURRENCY, "currency '" + order.getCurrency()
                    + "' is not an ISO 4217 code of three capital letters");
        }
        return Optional.empty();
    }

    /** Whether the amount can be written back under the contract's decimal: Avro's own check, run on write only. */
    private static Optional<Rejection> amount(BigDecimal amount) {
        try {
            DECIMAL.toBytes(amount, AMOUNT_SCHEMA, AMOUNT_SCHEMA.getLogicalType());
            return Optional.empty();
        } catch (AvroTypeException e) {
            return reject(RejectReason.INVALID_AMOUNT, "amount " + truncated(amount.toPlainString())
                    + " does not fit the contract's decimal: " + e.getMessage());
        }
    }

    /** Whether a customer id read from a key (an account tombstone's) is longer than {@link #MAX_ID_LENGTH}. */
    public static Optional<Rejection> customerIdKey(String customerId) {
        return customerId.length() > MAX_ID_LENGTH
                ? reject(RejectReason.CUSTOMER_ID_TOO_LONG, tooLong("the key (customer id)", customerId, MAX_ID_LENGTH))
                : Optional.empty();
    }

    private static String tooLong(String field, String value, int limit) {
        return field + " has " + value.length() + " characters, more than " + limit + ": "
                + truncated(value);
    }

    /** The start of a long value, for a message that must stay short. */
    private static String truncated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
