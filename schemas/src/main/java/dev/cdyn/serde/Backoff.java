package dev.cdyn.serde;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a retry: {@code retries.wait.ms}, doubled with each further retry, at most
 * {@code retries.max.wait.ms}, and drawn from the upper half of that, so that many clients that lost
 * the registry together do not come back in step.
 */
record Backoff(long firstWaitMs, long maxWaitMs) {

    static Backoff from(SerdeConfig config) {
        return new Backoff(config.retriesWaitMs(), config.retriesMaxWaitMs());
    }

    /** The wait before retry number {@code retry}, counting from 1. */
    long waitMs(int retry) {
        long wait = longestWaitMs(retry);
        return wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
    }

    /** The longest {@link #waitMs} can be before retry number {@code retry}. */
    long longestWaitMs(int retry) {
        return Math.min(maxWaitMs, firstWaitMs * (1L << Math.min(retry - 1, 20)));
    }

    /** Sleeps before retrying {@code target}; an interrupt gives the request up as unavailable. */
    static void sleep(long waitMs, String target) {
        try {
            Thread.sleep(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted while waiting to retry " + target, e);
        }
    }
}
