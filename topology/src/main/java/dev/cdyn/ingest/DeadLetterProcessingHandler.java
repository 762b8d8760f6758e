package dev.cdyn.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that makes a processor throw goes to the dead letters ({@code processing-failed}) and
 * the application goes on, instead of the stream thread dying on it again after every restart.
 * The letter holds the source record's raw key and value when they fit in
 * {@value DeadLetters#MAX_PAYLOAD_BYTES} bytes, and always its coordinates. An outage (registry
 * unreachable, a retriable client error) or a Kafka client error surfacing from an earlier write is
 * not the record's fault: the handler fails instead, so the record is processed again once the
 * thread restarts.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        this.deadLetterTopic = HandlerSupport.deadLetterTopic(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (HandlerSupport.isTransient(exception) || HandlerSupport.isClientError(exception)) {
            LOG.error("Processor {} failed on {}-{}@{} for a reason not its own (an outage, an earlier write"
                    + " that failed); failing so that it is retried, not dead-lettered: {}", context.processorNodeId(), context.topic(), context.partition(),
                    context.offset(), exception.toString());
            return Response.fail();
        }
        LOG.warn("Dead-lettering {}-{}@{}: processor {} failed on it", context.topic(), context.partition(),
                context.offset(), context.processorNodeId(), exception);
        return Response.resume(List.of(HandlerSupport.letter(deadLetterTopic, context,
                RejectReason.PROCESSING_FAILED, exception, true)));
    }
}
