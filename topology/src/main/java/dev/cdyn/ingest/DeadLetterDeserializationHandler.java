package dev.cdyn.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that cannot be read go to the dead-letter topic, untouched (or, when larger than
 * {@value DeadLetters#MAX_PAYLOAD_BYTES} bytes, referenced by their coordinates), with the reason in
 * their headers, and the application goes on. A registry that cannot be reached is not the record's
 * fault: the handler fails instead, so the record is read again once the thread restarts, rather
 * than diverting good data.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        this.deadLetterTopic = HandlerSupport.deadLetterTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (HandlerSupport.isTransient(exception)) {
            LOG.error("Could not read {}-{}@{} because the schema registry is unavailable; failing so that it is"
                    + " retried, not dead-lettered: {}", context.topic(), context.partition(), context.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        LOG.warn("Dead-lettering unreadable record {}-{}@{}: {}", context.topic(), context.partition(),
                context.offset(), exception.getMessage());
        ProducerRecord<byte[], byte[]> letter = HandlerSupport.letter(deadLetterTopic, context, record.headers(),
                record.key(), record.value(), RejectReason.UNREADABLE, exception, true);
        return Response.resume(List.of(letter));
    }
}
