package dev.cdyn.ingest;

import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What the contracts forbid beyond what Avro's types can say. Pure: no Kafka types, so every rule
 * is tested on its own. The first broken rule is reported.
 */
public final class Validation {

    /** Longer ids are refused: they are remembered for de-duplication, so their size is memory. */
    public static final int MAX_EVENT_ID_LENGTH = 200;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final long maxFutureMs;

    public Validation(Duration maxFuture) {
        this.maxFutureMs = maxFuture.toMillis();
    }

    /**
     * Whether an event time is too far ahead of its record's timestamp to be written back to Kafka
     * (the broker refuses timestamps far ahead of its clock) or to be trusted.
     */
    public boolean tooFarAhead(long occurredAtMs, long recordTimestampMs) {
        return recordTimestampMs >= 0 && occurredAtMs - recordTimestampMs > maxFutureMs;
    }

    public Optional<Rejection> check(SpecificRecordBase event, long recordTimestampMs) {
        return common(event, recordTimestampMs).or(() -> specific(event));
    }

    private Optional<Rejection> common(SpecificRecordBase event, long recordTimestampMs) {
        String customerId = EventFields.customerId(event);
        if (customerId == null || customerId.isBlank()) {
            return reject(RejectReason.MISSING_CUSTOMER_ID, "customerId is empty");
        }
        String eventId = EventFields.eventId(event);
        if (eventId == null || eventId.isBlank()) {
            return reject(RejectReason.MISSING_EVENT_ID, "eventId is empty");
        }
        if (eventId.length() > MAX_EVENT_ID_LENGTH) {
            return reject(RejectReason.EVENT_ID_TOO_LONG, "eventId has " + eventId.length() + " characters, more than "
                    + MAX_EVENT_ID_LENGTH);
        }
        long occurredAt = EventFields.occurredAtMillis(event);
        if (occurredAt < 0) {
            return reject(RejectReason.INVALID_EVENT_TIME, "occurredAt " + occurredAt + " is before 1970");
        }
        if (tooFarAhead(occurredAt, recordTimestampMs)) {
            return reject(RejectReason.EVENT_TIME_IN_FUTURE, "occurredAt is " + (occurredAt - recordTimestampMs)
                    + " ms ahead of the record's timestamp; at most " + maxFutureMs + " ms is allowed");
        }
        for (Schema.Field field : event.getSchema().getFields()) {
            Object value = event.get(field.pos());
            if (value instanceof Enum<?> symbol && "UNKNOWN".equals(symbol.name())) {
                return reject(RejectReason.UNKNOWN_ENUM_SYMBOL, field.name()
                        + " holds a symbol this version does not know (read as UNKNOWN)");
            }
        }
        if (event.getSchema().getField("sentiment") != null) {
            Double sentiment = (Double) event.get("sentiment");
            if (sentiment != null && !(sentiment >= -1.0 && sentiment <= 1.0)) {
                return reject(RejectReason.SENTIMENT_OUT_OF_RANGE, "sentiment " + sentiment + " is outside [-1, 1]");
            }
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
        if (order.getAmount().signum() < 0) {
            return reject(RejectReason.NEGATIVE_AMOUNT, "amount " + order.getAmount().toPlainString() + " is below zero");
        }
        if (!CURRENCY.matcher(order.getCurrency()).matches()) {
            return reject(RejectReason.INVALID_CURRENCY, "currency '" + order.getCurrency()
                    + "' is not an ISO 4217 code of three capital letters");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
