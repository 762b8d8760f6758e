package dev.cdyn.ingest;

/**
 * Why a record was turned away: a stable code for machines and dashboards (the
 * {@value DeadLetters#REASON} header) and a sentence for the operator reading it.
 */
public record Rejection(String reason, String detail) {

    public static final String MISSING_CUSTOMER_ID = "missing-customer-id";
    public static final String MISSING_EVENT_ID = "missing-event-id";
    public static final String EVENT_ID_TOO_LONG = "event-id-too-long";
    public static final String INVALID_EVENT_TIME = "invalid-event-time";
    public static final String EVENT_TIME_IN_FUTURE = "event-time-in-future";
    public static final String UNKNOWN_ENUM_SYMBOL = "unknown-enum-symbol";
    public static final String SENTIMENT_OUT_OF_RANGE = "sentiment-out-of-range";
    public static final String NEGATIVE_DURATION = "negative-duration";
    public static final String NEGATIVE_REPLY_LATENCY = "negative-reply-latency";
    public static final String MISSING_ORDER_ID = "missing-order-id";
    public static final String NEGATIVE_AMOUNT = "negative-amount";
    public static final String INVALID_CURRENCY = "invalid-currency";
    public static final String MISSING_TICKET_ID = "missing-ticket-id";
    public static final String CSAT_OUT_OF_RANGE = "csat-out-of-range";
    public static final String INVALID_CREATED_AT = "invalid-created-at";
    public static final String NULL_VALUE = "null-value";
    public static final String TOMBSTONE_WITHOUT_KEY = "tombstone-without-key";
    /** Bytes that could not be deserialized (set by {@link DeadLetterDeserializationHandler}). */
    public static final String UNREADABLE = "unreadable";
}
