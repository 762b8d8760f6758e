package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {

    private long nowNanos = 1_000;

    private void advanceSeconds(double seconds) {
        nowNanos += (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void anEntryIsFreshForItsTimeToLiveOnly() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(10, 60, () -> nowNanos);
        cache.put("calls-value", 3);
        advanceSeconds(59.999);
        assertEquals(Optional.of(3), cache.getIfFresh("calls-value"));
        advanceSeconds(0.001);
        assertEquals(Optional.empty(), cache.getIfFresh("calls-value"));
    }

    @Test
    void puttingAgainStartsTheTimeAfresh() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(10, 60, () -> nowNanos);
        cache.put("calls-value", 3);
        advanceSeconds(50);
        cache.put("calls-value", 4);
        advanceSeconds(50);
        assertEquals(Optional.of(4), cache.getIfFresh("calls-value"));
    }

    @Test
    void aNegativeTimeToLiveKeepsEntriesForGood() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(10, -1, () -> nowNanos);
        cache.put("calls-value", 3);
        advanceSeconds(TimeUnit.DAYS.toSeconds(365 * 100));
        assertEquals(Optional.of(3), cache.getIfFresh("calls-value"));
    }

    @Test
    void aTimeToLiveOfZeroKeepsNothing() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(10, 0, () -> nowNanos);
        cache.put("calls-value", 3);
        assertEquals(Optional.empty(), cache.getIfFresh("calls-value"));
    }
}
