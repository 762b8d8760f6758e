package dev.cdyn.app;

import dev.cdyn.serde.SchemaRegistryUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies: it is replaced, so that a passing failure (a registry
 * blip, a broker restart) costs a restart of one thread, not the application.
 *
 * <p>Failures are counted apart, by what failed: the record (topic, partition and offset, when
 * the failure names one), else the root cause. Only the failures of the last {@code window} count,
 * so separate short outages never add up. The same record failing more than {@code maxRepeats}
 * times within the window shuts the client down, so the operator sees it instead of a loop. An
 * outage (the registry or the brokers not answering) is not the record's fault: it may last
 * longer, up to {@code maxOutageRepeats} failures within the window, and each replacement waits a
 * little longer (1 s, 2 s, 4 s ... at most {@link #MAX_PAUSE}) so that a long outage does not
 * spin.
 *
 * <p>Both allowances are per stream thread: an outage meets every thread of the client, and a
 * failure that names no record may, so a client of N threads allows N times as many deaths, and
 * its waits grow once per N deaths (each thread's first death of an outage waits 1 s).
 */
public final class ThreadReplacement implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacement.class);
    /** Streams names the record a task failed on in its exception's message. */
    private static final Pattern RECORD = Pattern.compile("topic=([^,\\s]+), partition=(\\d+), offset=(-?\\d+)");
    static final Duration MAX_PAUSE = Duration.ofSeconds(15);

    /** Waits before a thread is replaced; tests record the waits instead. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final int maxRepeats;
    private final int maxOutageRepeats;
    private final int threads;
    private final Duration window;
    private final Clock clock;
    private final Pause pause;
    private final Map<String, Deque<Long>> failures = new HashMap<>();

    /** @param threads the client's stream threads: the allowances are each thread's */
    public ThreadReplacement(int maxRepeats, int maxOutageRepeats, Duration window, int threads) {
        this(maxRepeats, maxOutageRepeats, window, threads, Clock.systemUTC(),
                duration -> Thread.sleep(duration.toMillis()));
    }

    ThreadReplacement(int maxRepeats, int maxOutageRepeats, Duration window, int threads, Clock clock, Pause pause) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        this.maxRepeats = maxRepeats;
        this.maxOutageRepeats = maxOutageRepeats;
        this.threads = threads;
        this.window = window;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable outageCause = outage(exception);
        boolean outage = outageCause != null;
        String what = outage ? "outage " + outageCause.getClass().getName() : failedOn(exception);
        int seen = count(what);
        int allowed = threads * (outage ? maxOutageRepeats : maxRepeats);
        if (seen > allowed) {
            LOG.error("A stream thread died {} times within {} of the same failure ({}); shutting down", seen, window,
                    what, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.warn("A stream thread died ({} of {} allowed within {} for {}); replacing it", seen, allowed, window, what,
                exception);
        if (outage) {
            Duration wait = pauseBefore((seen + threads - 1) / threads);
            try {
                pause.pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Records a failure of {@code what} now; returns how many failures of it the window holds. */
    private synchronized int count(String what) {
        long now = clock.millis();
        long oldest = now - window.toMillis();
        for (Iterator<Deque<Long>> times = failures.values().iterator(); times.hasNext(); ) {
            Deque<Long> of = times.next();
            while (!of.isEmpty() && of.peekFirst() <= oldest) {
                of.removeFirst();
            }
            if (of.isEmpty()) {
                times.remove();
            }
        }
        Deque<Long> times = failures.computeIfAbsent(what, key -> new ArrayDeque<>());
        times.addLast(now);
        return times.size();
    }

    /** The wait before replacing a thread that died of an outage for the {@code seen}-th time in the window. */
    static Duration pauseBefore(int seen) {
        long seconds = 1L << Math.min(seen - 1, 10);
        return seconds >= MAX_PAUSE.toSeconds() ? MAX_PAUSE : Duration.ofSeconds(seconds);
    }

    /**
     * The registry or a broker that did not answer, whatever the network said underneath (refused,
     * timed out, HTTP 503): the record is read again once it is back. Null if the failure is no outage.
     */
    static Throwable outage(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryUnavailableException || cause instanceof RetriableException) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /**
     * What failed: the record Streams names in the failure's messages, as topic-partition@offset,
     * with the root cause's type; or, when no record is named, the root cause's type and message.
     */
    static String failedOn(Throwable exception) {
        Throwable root = rootCause(exception);
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            Matcher record = RECORD.matcher(String.valueOf(cause.getMessage()));
            if (record.find()) {
                return "record " + record.group(1) + "-" + record.group(2) + "@" + record.group(3) + " ("
                        + root.getClass().getName() + ")";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return "cause " + root.getClass().getName() + ": " + abbreviate(String.valueOf(root.getMessage()));
    }

    private static Throwable rootCause(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
