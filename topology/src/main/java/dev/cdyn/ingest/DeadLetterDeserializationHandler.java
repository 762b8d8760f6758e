package dev.cdyn.ingest;

import dev.cdyn.serde.SchemaRegistryUnavailableException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that cannot be read go to the dead-letter topic, untouched, with the reason in their
 * headers, and the application goes on. A registry that cannot be reached is not the record's
 * fault: the handler fails instead, so the record is read again once the thread restarts, rather
 * than diverting good data.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new ConfigException(
                    StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic, "a dead-letter topic is required");
        }
        this.deadLetterTopic = topic.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (isTransient(exception)) {
            LOG.error("Could not read {}-{}@{} because the schema registry is unavailable; failing so that it is"
                    + " retried, not dead-lettered: {}", context.topic(), context.partition(), context.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        LOG.warn("Dead-lettering unreadable record {}-{}@{}: {}", context.topic(), context.partition(),
                context.offset(), exception.getMessage());
        Throwable cause = rootOf(exception);
        Headers headers = DeadLetters.describe(record.headers(), RejectReason.UNREADABLE, cause.getClass().getName(),
                String.valueOf(cause.getMessage()), context.topic(), context.partition(), context.offset());
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic, null, context.timestamp(),
                record.key(), record.value(), headers);
        return Response.resume(List.of(letter));
    }

    /** The serde's own exception, not Streams' wrapper around it. */
    private static Throwable rootOf(Exception exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && !(cause instanceof SerializationException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static boolean isTransient(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
