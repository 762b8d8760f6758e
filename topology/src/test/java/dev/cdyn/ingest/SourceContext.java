package dev.cdyn.ingest;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** The context a handler is given: the source record being processed when something failed. */
record SourceContext(String topic, int partition, long offset, Headers headers, String processorNodeId,
                     long timestamp, byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {

    @Override
    public TaskId taskId() {
        return new TaskId(0, partition);
    }
}
