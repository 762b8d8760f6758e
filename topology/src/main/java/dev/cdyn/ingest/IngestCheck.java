package dev.cdyn.ingest;

import dev.cdyn.events.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Checks one input record against its contract before anything is written back to Kafka, and
 * wraps it in the {@link Interaction} envelope; a rejected record gets dead-letter headers naming
 * the reason and its coordinates, and is sent without its payload when that is too large to copy
 * or cannot be written back (see {@link DeadLetters#payloadOmission}). An account tombstone becomes an erasure: an interaction without
 * payload, for the customer id the tombstone's key holds.
 */
public final class IngestCheck implements FixedKeyProcessor<byte[], SpecificRecordBase, Checked> {

    /** Counted per channel: every record read from an input, and every record sent to the dead letters, by reason. */
    public static final String RECORDS_IN = "records-in";
    public static final String DEAD_LETTERED = "dead-lettered";
    public static final String CHANNEL_TAG = "channel";
    public static final String REASON_TAG = "reason";

    private final Source source;
    private final Validation validation;
    private FixedKeyProcessorContext<byte[], Checked> context;
    private ProcessorCounters counters;
    private Sensor recordsIn;

    public IngestCheck(Source source, Validation validation) {
        this.source = source;
        this.validation = validation;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], Checked> context) {
        this.context = context;
        this.counters = new ProcessorCounters(context.metrics(), context.taskId() + "." + source.label());
        this.recordsIn = counters.sensor(RECORDS_IN, CHANNEL_TAG, source.channel().name());
    }

    @Override
    public void process(FixedKeyRecord<byte[], SpecificRecordBase> record) {
        RecordMetadata where = context.recordMetadata().orElseThrow();
        SpecificRecordBase event = record.value();
        Checked checked = event == null
                ? tombstone(record.key(), record.timestamp(), where)
                : validation.check(event, record.timestamp())
                        .<Checked>map(why -> new Checked.Rejected(event, why))
                        .orElseGet(() -> new Checked.Accepted(envelope(EventFields.customerId(event),
                                EventFields.eventId(event), record.timestamp(), where, event)));
        recordsIn.record();
        if (checked instanceof Checked.Rejected rejected) {
            counters.count(DEAD_LETTERED, CHANNEL_TAG, source.channel().name(), REASON_TAG,
                    rejected.rejection().reason().code());
            Headers headers = DeadLetters.describe(
                    record.headers(), rejected.rejection(), where.topic(), where.partition(), where.offset());
            Optional<String> omission = rejected.event() == null
                    ? Optional.empty() : DeadLetters.payloadOmission(record.key(), rejected.event());
            if (omission.isPresent()) {
                DeadLetters.add(headers, DeadLetters.PAYLOAD_OMITTED, omission.get());
                checked = new Checked.Rejected(null, rejected.rejection());
            }
            context.forward(record.withValue(checked).withHeaders(headers));
        } else {
            context.forward(record.withValue(checked));
        }
    }

    private Checked tombstone(byte[] key, long timestamp, RecordMetadata where) {
        if (!source.acceptsTombstones()) {
            return rejected(RejectReason.NULL_VALUE, "a null value means nothing on " + where.topic());
        }
        String customerId = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        if (customerId.isBlank()) {
            return rejected(RejectReason.TOMBSTONE_WITHOUT_KEY, "an account tombstone must be keyed by the customer id");
        }
        Optional<Rejection> tooLong = Validation.customerIdKey(customerId);
        if (tooLong.isPresent()) {
            return new Checked.Rejected(null, tooLong.get());
        }
        String erasureId = "erasure:" + where.topic() + ":" + where.partition() + ":" + where.offset();
        return new Checked.Accepted(envelope(customerId, erasureId, timestamp, where, null));
    }

    private Interaction envelope(String customerId, String eventId, long timestamp, RecordMetadata where,
                                 SpecificRecordBase payload) {
        return envelope(source, customerId, eventId, timestamp, where.topic(), where.partition(), where.offset(),
                payload);
    }

    /** The envelope of a valid event of {@code source}, read at the given coordinates (a file's, for a replay). */
    public static Interaction envelope(Source source, String customerId, String eventId, long occurredAt, String topic,
                                       int partition, long offset, SpecificRecordBase payload) {
        return Interaction.newBuilder()
                .setCustomerId(customerId)
                .setChannel(source.channel())
                .setEventId(eventId)
                .setOccurredAt(Instant.ofEpochMilli(occurredAt))
                .setSourceTopic(topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setPayload(payload)
                .build();
    }

    private static Checked rejected(RejectReason reason, String detail) {
        return new Checked.Rejected(null, new Rejection(reason, detail));
    }

    /** Whether an interaction is an erasure: the customer asked to be forgotten. */
    public static boolean isErasure(Interaction interaction) {
        return interaction.getPayload() == null;
    }

    @Override
    public void close() {
        counters.close();
    }
}
