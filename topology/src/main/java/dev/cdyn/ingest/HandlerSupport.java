package dev.cdyn.ingest;

import dev.cdyn.serde.SchemaRegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** What the three dead-letter handlers share: their topic, what counts as an outage, and the letter itself. */
final class HandlerSupport {

    private HandlerSupport() {
    }

    /** The dead-letter topic from Streams' configuration; a handler without one refuses to start. */
    static String deadLetterTopic(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic, "a dead-letter topic is required");
        }
        return topic.toString();
    }

    /** An outage (registry unreachable, a retriable client error), not the record's fault: never dead-lettered. */
    static boolean isTransient(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** A Kafka client or broker error (a failed write surfacing later, an authorization error): not the record's fault. */
    static boolean isClientError(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException && !(cause instanceof SerializationException)) {
                return true;
            }
        }
        return false;
    }

    /** The serde's own exception, not Streams' wrapper around it. */
    static Throwable rootOf(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && !(cause instanceof SerializationException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * A dead letter for the source record the task was processing when {@code exception} happened:
     * its raw key and value when {@code copySource} and they fit in {@value DeadLetters#MAX_PAYLOAD_BYTES}
     * bytes, otherwise none, with {@value DeadLetters#PAYLOAD_OMITTED} saying why; always its
     * coordinates, the reason and the exception.
     */
    static ProducerRecord<byte[], byte[]> letter(String deadLetterTopic, ErrorHandlerContext context,
                                                 RejectReason reason, Throwable exception, boolean copySource) {
        return letter(deadLetterTopic, context, context.headers(), context.sourceRawKey(), context.sourceRawValue(),
                reason, exception, copySource);
    }

    /** A dead letter for the given record (headers, key and value), as {@link #letter(String, ErrorHandlerContext, RejectReason, Throwable, boolean)}. */
    static ProducerRecord<byte[], byte[]> letter(String deadLetterTopic, ErrorHandlerContext context,
                                                 Headers original, byte[] rawKey, byte[] rawValue,
                                                 RejectReason reason, Throwable exception, boolean copySource) {
        Throwable cause = rootOf(exception);
        Headers headers = DeadLetters.describe(original, reason, cause.getClass().getName(),
                String.valueOf(cause.getMessage()), String.valueOf(context.topic()), context.partition(),
                context.offset());
        byte[] key = rawKey;
        byte[] value = rawValue;
        long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        if (!copySource) {
            DeadLetters.add(headers, DeadLetters.PAYLOAD_OMITTED, "the record that failed is referenced, not copied");
            key = null;
            value = null;
        } else if (size > DeadLetters.MAX_PAYLOAD_BYTES) {
            DeadLetters.add(headers, DeadLetters.PAYLOAD_OMITTED, DeadLetters.TOO_LARGE);
            key = null;
            value = null;
        }
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return new ProducerRecord<>(deadLetterTopic, null, timestamp, key, value, headers);
    }
}
