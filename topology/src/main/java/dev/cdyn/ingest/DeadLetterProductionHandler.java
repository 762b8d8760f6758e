package dev.cdyn.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that can never be written goes to the dead letters ({@code production-failed}) as a
 * reference to the source record it came from (topic, partition, offset; no payload, which may be
 * what was too large), and the application goes on: a record too large for the producer or the
 * broker, one the broker refuses as invalid, and one that cannot be serialized. A retriable send
 * error is retried, as Streams does by default; any other error (authorization, a fenced producer)
 * is the application's, not the record's, and fails the thread.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        this.deadLetterTopic = HandlerSupport.deadLetterTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException) {
            LOG.warn("Dead-lettering a reference to {}-{}@{}: its record for {} cannot be written: {}", context.topic(),
                    context.partition(), context.offset(), record.topic(), exception.toString());
            return Response.resume(letter(context, record.topic(), exception));
        }
        if (HandlerSupport.isTransient(exception)) {
            return Response.retry();
        }
        LOG.error("Could not write to {}: {}", record.topic(), exception.toString());
        return Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (HandlerSupport.isTransient(exception)) {
            LOG.error("Could not serialize the {} of a record for {} during an outage; failing so that it is retried,"
                    + " not dead-lettered: {}", origin, record.topic(), exception.toString());
            return Response.fail();
        }
        LOG.warn("Dead-lettering a reference to {}-{}@{}: the {} of its record for {} cannot be serialized: {}",
                context.topic(), context.partition(), context.offset(), origin, record.topic(), exception.toString());
        return Response.resume(letter(context, record.topic(), exception));
    }

    private List<ProducerRecord<byte[], byte[]>> letter(ErrorHandlerContext context, String failedTopic,
                                                        Exception exception) {
        ProducerRecord<byte[], byte[]> letter = HandlerSupport.letter(deadLetterTopic, context,
                RejectReason.PRODUCTION_FAILED, exception, false);
        DeadLetters.add(letter.headers(), DeadLetters.FAILED_TOPIC, failedTopic);
        return List.of(letter);
    }
}
