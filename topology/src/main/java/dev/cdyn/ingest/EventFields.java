package dev.cdyn.ingest;

import java.time.Instant;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The fields every input contract has, read the same way from any of them. Read by position, found
 * once per contract class: reading by name looks the field up in the schema's map for every record,
 * and this runs several times per record read.
 */
public final class EventFields {

    static final String EVENT_ID = "eventId";
    static final String CUSTOMER_ID = "customerId";
    static final String OCCURRED_AT = "occurredAt";
    static final String SENTIMENT = "sentiment";

    /** Where a contract keeps its common fields; -1 for one it does not have. */
    private record Positions(int eventId, int customerId, int occurredAt, int sentiment) {

        static Positions of(Schema schema) {
            return new Positions(position(schema, EVENT_ID), position(schema, CUSTOMER_ID),
                    position(schema, OCCURRED_AT), position(schema, SENTIMENT));
        }

        private static int position(Schema schema, String name) {
            Schema.Field field = schema.getField(name);
            return field == null ? -1 : field.pos();
        }
    }

    // A generated class's schema is its own, whatever the writer's: its fields are where the class puts them.
    private static final ClassValue<Positions> POSITIONS = new ClassValue<>() {
        @Override
        protected Positions computeValue(Class<?> type) {
            return Positions.of(SpecificData.get().getSchema(type));
        }
    };

    private EventFields() {
    }

    public static String eventId(SpecificRecordBase event) {
        return (String) field(event, positions(event).eventId(), EVENT_ID);
    }

    public static String customerId(SpecificRecordBase event) {
        return (String) field(event, positions(event).customerId(), CUSTOMER_ID);
    }

    public static long occurredAtMillis(SpecificRecordBase event) {
        Object value = field(event, positions(event).occurredAt(), OCCURRED_AT);
        return value instanceof Instant instant ? instant.toEpochMilli() : (Long) value;
    }

    /** The sentiment of a conversation, or null for a contract without one (or a conversation without it). */
    public static Double sentiment(SpecificRecordBase event) {
        int position = positions(event).sentiment();
        return position < 0 ? null : (Double) event.get(position);
    }

    private static Object field(SpecificRecordBase event, int position, String name) {
        if (position < 0) {
            throw new AvroRuntimeException(event.getSchema().getFullName() + " has no field " + name);
        }
        return event.get(position);
    }

    private static Positions positions(SpecificRecordBase event) {
        return POSITIONS.get(event.getClass());
    }
}
