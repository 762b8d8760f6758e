package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static void assertWaitsWithin(Backoff backoff, int retry, long shortest, long longest) {
        for (int draw = 0; draw < 200; draw++) {
            long wait = backoff.waitMs(retry);
            assertTrue(wait >= shortest && wait <= longest,
                    "retry " + retry + " waited " + wait + " ms, outside " + shortest + ".." + longest);
        }
    }

    @Test
    void waitDoublesWithEachRetryWithinTheUpperHalf() {
        Backoff backoff = new Backoff(100, 60_000);
        assertWaitsWithin(backoff, 1, 50, 100);
        assertWaitsWithin(backoff, 2, 100, 200);
        assertWaitsWithin(backoff, 3, 200, 400);
        assertWaitsWithin(backoff, 6, 1_600, 3_200);
    }

    @Test
    void waitNeverExceedsTheLongestWait() {
        Backoff backoff = new Backoff(1_000, 20_000);
        assertWaitsWithin(backoff, 5, 8_000, 16_000);
        assertWaitsWithin(backoff, 6, 10_000, 20_000);
        assertWaitsWithin(backoff, 1_000, 10_000, 20_000);
    }

    @Test
    void largeWaitsAndRetryCountsDoNotOverflow() {
        Backoff backoff = new Backoff(Integer.MAX_VALUE, Long.MAX_VALUE);
        long capped = (long) Integer.MAX_VALUE << 20;
        assertWaitsWithin(backoff, Integer.MAX_VALUE, capped / 2, capped);
    }

    @Test
    void noWaitConfiguredMeansNoWait() {
        assertEquals(0, new Backoff(0, 20_000).waitMs(3));
        assertEquals(0, new Backoff(1_000, 0).waitMs(3));
    }

    @Test
    void jitterSpreadsTheWaits() {
        Backoff backoff = new Backoff(1_000, 20_000);
        long first = backoff.waitMs(1);
        boolean spread = false;
        for (int draw = 0; draw < 100 && !spread; draw++) {
            spread = backoff.waitMs(1) != first;
        }
        assertTrue(spread, "a hundred waits of 500..1000 ms were all " + first + " ms");
    }
}
