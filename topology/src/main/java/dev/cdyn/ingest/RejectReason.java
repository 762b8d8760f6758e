package dev.cdyn.ingest;

/** Why a record was turned away: a stable code for machines and dashboards (the {@value DeadLetters#REASON} header). */
public enum RejectReason {
    MISSING_CUSTOMER_ID("missing-customer-id"),
    /** A customer id longer than {@link Validation#MAX_ID_LENGTH} characters (in the value, or an account tombstone's key). */
    CUSTOMER_ID_TOO_LONG("customer-id-too-long"),
    MISSING_EVENT_ID("missing-event-id"),
    EVENT_ID_TOO_LONG("event-id-too-long"),
    INVALID_EVENT_TIME("invalid-event-time"),
    /**
     * Any other text field longer than {@link Validation#MAX_ID_LENGTH} characters (an account's
     * region or plan): it travels in the repartition record and is kept in state.
     */
    FIELD_TOO_LONG("field-too-long"),
    EVENT_TIME_IN_FUTURE("event-time-in-future"),
    UNKNOWN_ENUM_SYMBOL("unknown-enum-symbol"),
    SENTIMENT_OUT_OF_RANGE("sentiment-out-of-range"),
    NEGATIVE_DURATION("negative-duration"),
    NEGATIVE_REPLY_LATENCY("negative-reply-latency"),
    MISSING_ORDER_ID("missing-order-id"),
    /** An order id longer than {@link Validation#MAX_ID_LENGTH} characters. */
    ORDER_ID_TOO_LONG("order-id-too-long"),
    /** An amount the contract's decimal (precision 18, scale 2) cannot hold: too many digits, or more than two decimals. */
    INVALID_AMOUNT("invalid-amount"),
    NEGATIVE_AMOUNT("negative-amount"),
    INVALID_CURRENCY("invalid-currency"),
    MISSING_TICKET_ID("missing-ticket-id"),
    /** A ticket id longer than {@link Validation#MAX_ID_LENGTH} characters. */
    TICKET_ID_TOO_LONG("ticket-id-too-long"),
    CSAT_OUT_OF_RANGE("csat-out-of-range"),
    INVALID_CREATED_AT("invalid-created-at"),
    NULL_VALUE("null-value"),
    TOMBSTONE_WITHOUT_KEY("tombstone-without-key"),
    /** Bytes that could not be deserialized (set by {@link DeadLetterDeserializationHandler}). */
    UNREADABLE("unreadable"),
    /** An interaction later than the grace behind its customer's latest event. */
    LATE("late"),
    /**
     * An interaction of a customer erased lately (its account tombstone came first): nothing of it
     * is kept, not even its key; the letter has the reason and the source coordinates only.
     */
    ERASED("erased"),
    /**
     * A processor threw on the record (set by {@link DeadLetterProcessingHandler}); the letter holds
     * the source record's raw bytes when they fit, and always its coordinates.
     */
    PROCESSING_FAILED("processing-failed"),
    /**
     * A record derived from the source record could not be written: too large, refused by the
     * broker, or not serializable (set by {@link DeadLetterProductionHandler}); the letter references
     * the source record by its coordinates, without payload.
     */
    PRODUCTION_FAILED("production-failed");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The code written in the dead letter's {@value DeadLetters#REASON} header, such as {@code missing-customer-id}. */
    public String code() {
        return code;
    }
}
