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
    ORDERS_PLACED,
    /** Value of placed orders, in hundredths of the currency unit. */
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
