package dev.cdyn.ingest;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;

/** The fields every input contract has, read the same way from any of them. */
public final class EventFields {

    static final String EVENT_ID = "eventId";
    static final String CUSTOMER_ID = "customerId";
    static final String OCCURRED_AT = "occurredAt";

    private EventFields() {
    }

    public static String eventId(SpecificRecordBase event) {
        return (String) event.get(EVENT_ID);
    }

    public static String customerId(SpecificRecordBase event) {
        return (String) event.get(CUSTOMER_ID);
    }

    public static long occurredAtMillis(SpecificRecordBase event) {
        Object value = event.get(OCCURRED_AT);
        return value instanceof Instant instant ? instant.toEpochMilli() : (Long) value;
    }
}
