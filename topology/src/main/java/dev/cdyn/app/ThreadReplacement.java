package dev.cdyn.app;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies: it is replaced, so that a passing failure (a registry
 * blip, a broker restart) costs a restart of one thread, not the application. A thread that dies
 * of the same failure again and again (the same record failing the same way) is replaced at most
 * {@code maxRepeats} times; then the client shuts down, so the operator sees it instead of a loop.
 */
public final class ThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacement.class);

    private final int maxRepeats;
    private final Map<String, Integer> repeats = new HashMap<>();

    public ThreadReplacement(int maxRepeats) {
        this.maxRepeats = maxRepeats;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        String signature = signature(exception);
        int seen = repeats.merge(signature, 1, Integer::sum);
        if (seen > maxRepeats) {
            LOG.error("A stream thread died {} times of the same failure; shutting down: {}", seen, signature, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warn("A stream thread died ({} of {} allowed for this failure); replacing it: {}", seen, maxRepeats,
                signature, exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The failure's chain of types and messages, which includes the record's task, topic and offset. */
    static String signature(Throwable exception) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = exception; cause != null && text.length() < 2_000; cause = cause.getCause()) {
            text.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(" <- ");
            if (cause.getCause() == cause) {
                break;
            }
        }
        return text.toString();
    }
}
