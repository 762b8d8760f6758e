package dev.cdyn.ingest;

import java.time.Clock;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the event's {@code occurredAt}, not the broker's clock. A record whose event time
 * cannot be trusted (before 1970, or too far ahead of {@link Validation#reference}: its record
 * timestamp or the clock, whichever is earlier) takes that reference instead, so that it neither
 * advances stream time into the future nor is dropped silently by Streams; {@link IngestCheck}
 * then turns it away with the reason. Records without an event time (tombstones) are bounded by
 * the clock too: a producer whose clock runs ahead cannot move stream time with its timestamps.
 */
public final class OccurredAtExtractor implements TimestampExtractor {

    private final Validation validation;
    private final Clock clock;

    public OccurredAtExtractor(Validation validation, Clock clock) {
        this.validation = validation;
        this.clock = clock;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long reference = Validation.reference(record.timestamp(), clock.millis());
        if (record.value() instanceof SpecificRecordBase event) {
            long occurredAt = EventFields.occurredAtMillis(event);
            if (occurredAt >= 0 && !validation.tooFarAhead(occurredAt, reference)) {
                return occurredAt;
            }
        }
        return record.timestamp() >= 0 ? reference : Math.max(partitionTime, 0);
    }
}
