package dev.cdyn.ingest;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the event's {@code occurredAt}, not the broker's clock. A record whose event time
 * cannot be trusted (before 1970, or too far ahead of the record's timestamp) keeps its record
 * timestamp instead, so that it neither advances stream time into the future nor is dropped
 * silently by Streams; {@link IngestCheck} then turns it away with the reason.
 */
public final class OccurredAtExtractor implements TimestampExtractor {

    private final Validation validation;

    public OccurredAtExtractor(Validation validation) {
        this.validation = validation;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long recordTimestamp = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
        if (record.value() instanceof SpecificRecordBase event) {
            long occurredAt = EventFields.occurredAtMillis(event);
            if (occurredAt >= 0 && !validation.tooFarAhead(occurredAt, record.timestamp())) {
                return occurredAt;
            }
        }
        return recordTimestamp;
    }
}
