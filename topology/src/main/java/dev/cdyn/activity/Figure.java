package dev.cdyn.activity;

/**
 * What is counted per customer per day. The order is part of the stored format: append new
 * figures at the end, never reorder or remove (the codec writes them by position).
 */
public enum Figure {
    CALLS_INBOUND,
    CALLS_OUTBOUND,
    EMAILS_INBOUND,
    EMAILS_OUTBOUND,
    MEETINGS,
    /** Orders counted, each once at its first event whatever its status (the name is older than that rule). */
    ORDERS_PLACED,
    /** Value of those orders still standing (not cancelled, failed or returned), in hundredths of the currency unit. */
    ORDER_VALUE_CENTS,
    ORDERS_CANCELLED,
    ORDERS_RETURNED,
    ORDERS_FAILED,
    LATE_DELIVERIES,
    TICKETS_OPENED,
    ESCALATIONS,
    REOPENINGS,
    TICKETS_RESOLVED,
    /** Hours from opening to resolution, summed over TICKETS_RESOLVED. */
    RESOLUTION_HOURS,
    SENTIMENT_COUNT,
    /** Sentiment in thousandths, summed over SENTIMENT_COUNT. */
    SENTIMENT_MILLIS,
    CSAT_COUNT,
    CSAT_SUM;

    static final Figure[] ALL = values();
}
