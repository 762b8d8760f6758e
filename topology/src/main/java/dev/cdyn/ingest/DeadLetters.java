package dev.cdyn.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead letter. Coordinates and exception use the names of Kafka Streams' own
 * dead-letter records (KIP-1034), so one consumer reads both kinds; {@value #REASON} adds a short
 * stable code. Every value is UTF-8 text, at most {@value #MAX_HEADER_CHARS} characters: a dead
 * letter must always fit.
 */
public final class DeadLetters {

    public static final String REASON = "cdyn.reject.reason";
    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String SOURCE_TOPIC = "__streams.errors.topic";
    public static final String SOURCE_PARTITION = "__streams.errors.partition";
    public static final String SOURCE_OFFSET = "__streams.errors.offset";

    /**
     * Set when the dead letter carries no payload: why (too large to copy, or not writable under
     * its contract). The record is then found by {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}
     * and {@value #SOURCE_OFFSET}.
     */
    public static final String PAYLOAD_OMITTED = "cdyn.payload.omitted";

    /** On a {@code production-failed} dead letter: the topic the record could not be written to. */
    public static final String FAILED_TOPIC = "cdyn.failed.topic";

    /**
     * A larger payload (key and value) is not copied into a dead letter, so that every dead letter
     * fits under the producer's {@code max.request.size} (1 MiB by default) with room for headers.
     */
    public static final int MAX_PAYLOAD_BYTES = 512 * 1024;

    /** What {@value #PAYLOAD_OMITTED} says of a payload larger than {@link #MAX_PAYLOAD_BYTES}. */
    public static final String TOO_LARGE = "payload too large to copy: key and value exceed " + MAX_PAYLOAD_BYTES
            + " bytes";

    /** Every header value this class writes is cut to this many characters, ending in {@value #ELLIPSIS}. */
    public static final int MAX_HEADER_CHARS = 1_000;
    public static final String ELLIPSIS = "…";

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

    /** Adds (or replaces) a header, its value cut to {@value #MAX_HEADER_CHARS} characters. */
    public static void add(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, bounded(value).getBytes(StandardCharsets.UTF_8));
    }

    /** The text itself, or its first characters ending in {@value #ELLIPSIS}: {@value #MAX_HEADER_CHARS} at most. */
    static String bounded(String value) {
        if (value.length() <= MAX_HEADER_CHARS) {
            return value;
        }
        int end = MAX_HEADER_CHARS - ELLIPSIS.length();
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + ELLIPSIS;
    }

    /**
     * Why a rejected event cannot be copied into its dead letter, or empty when it can: its key and
     * encoded value together exceed {@value #MAX_PAYLOAD_BYTES} bytes, or the event cannot be
     * encoded under its own schema (such as an amount the contract's decimal cannot hold).
     */
    public static Optional<String> payloadOmission(byte[] key, SpecificRecordBase event) {
        long room = MAX_PAYLOAD_BYTES - (key == null ? 0 : key.length);
        SizeLimit limit = new SizeLimit(room);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(limit, null);
            new SpecificDatumWriter<SpecificRecordBase>(event.getSchema()).write(event, encoder);
            encoder.flush();
            return Optional.empty();
        } catch (SizeLimit.Exceeded e) {
            return Optional.of(TOO_LARGE);
        } catch (IOException | RuntimeException e) {
            return Optional.of("payload cannot be written under its contract: " + e.getMessage());
        }
    }

    /** Counts bytes and stops the encoding once there are more than the room. */
    private static final class SizeLimit extends OutputStream {

        private static final class Exceeded extends IOException {
            Exceeded() {
                super("more bytes than the room");
            }
        }

        private final long room;
        private long written;

        SizeLimit(long room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            write(null, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            written += length;
            if (written > room) {
                throw new Exceeded();
            }
        }
    }

    /** A header's text, or null. */
    public static String text(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
