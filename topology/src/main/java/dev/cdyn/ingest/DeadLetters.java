package dev.cdyn.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead letter. Coordinates and exception use the names of Kafka Streams' own
 * dead-letter records (KIP-1034), so one consumer reads both kinds; {@value #REASON} adds a short
 * stable code. Every value is UTF-8 text.
 */
public final class DeadLetters {

    public static final String REASON = "cdyn.reject.reason";
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String SOURCE_TOPIC = "__streams.errors.topic";
    public static final String SOURCE_PARTITION = "__streams.errors.partition";
    public static final String SOURCE_OFFSET = "__streams.errors.offset";

    /** What {@value #EXCEPTION} says for a record our own checks turned away. */
    public static final String REJECTED = "dev.cdyn.ingest.Rejected";

    private DeadLetters() {
    }

    /** A copy of the record's headers with the rejection's reason and the record's coordinates added. */
    public static Headers describe(Headers original, Rejection rejection, String topic, int partition, long offset) {
        return describe(original, rejection.reason(), REJECTED, rejection.detail(), topic, partition, offset);
    }

    /** A copy of the headers with a reason code, the exception and its message, and the coordinates added. */
    public static Headers describe(Headers original, RejectReason reason, String exception, String message, String topic,
                                   int partition, long offset) {
        Headers headers = new RecordHeaders(original.toArray());
        add(headers, REASON, reason.code());
        add(headers, EXCEPTION, exception);
        add(headers, MESSAGE, message);
        add(headers, SOURCE_TOPIC, topic);
        add(headers, SOURCE_PARTITION, Integer.toString(partition));
        add(headers, SOURCE_OFFSET, Long.toString(offset));
        return headers;
    }

    private static void add(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A header's text, or null. */
    public static String text(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
