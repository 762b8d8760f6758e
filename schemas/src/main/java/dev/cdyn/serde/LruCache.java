package dev.cdyn.serde;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small bounded map that forgets the least recently used entry; safe for concurrent use. */
final class LruCache<K, V> {

    private final Map<K, V> entries;

    LruCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or the loaded one; the loader runs outside the lock, so a slow registry blocks no reader. */
    V get(K key, Function<K, V> loader) {
        synchronized (entries) {
            V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V loaded = loader.apply(key);
        synchronized (entries) {
            entries.put(key, loaded);
        }
        return loaded;
    }

    void put(K key, V value) {
        synchronized (entries) {
            entries.put(key, value);
        }
    }

    V getIfPresent(K key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

}
