package dev.cdyn.serde;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A bounded cache whose entries are stale a set time after they were put: for answers that may
 * change, such as the latest version of a subject. A negative time to live keeps them for good.
 */
final class ExpiringCache<K, V> {

    private final LruCache<K, Timed<V>> entries;
    private final long timeToLiveNanos;
    private final LongSupplier nanoClock;

    private record Timed<V>(V value, long putAtNanos) {
    }

    ExpiringCache(int capacity, long timeToLiveSec) {
        this(capacity, timeToLiveSec, System::nanoTime);
    }

    ExpiringCache(int capacity, long timeToLiveSec, LongSupplier nanoClock) {
        this.entries = new LruCache<>(capacity);
        this.timeToLiveNanos = timeToLiveSec < 0 ? Long.MAX_VALUE : Duration.ofSeconds(timeToLiveSec).toNanos();
        this.nanoClock = nanoClock;
    }

    /** The value put under the key, unless it is older than the time to live. */
    Optional<V> getIfFresh(K key) {
        Timed<V> timed = entries.getIfPresent(key);
        if (timed == null || nanoClock.getAsLong() - timed.putAtNanos() >= timeToLiveNanos) {
            return Optional.empty();
        }
        return Optional.of(timed.value());
    }

    void put(K key, V value) {
        entries.put(key, new Timed<>(value, nanoClock.getAsLong()));
    }
}
