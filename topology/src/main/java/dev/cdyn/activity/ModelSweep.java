package dev.cdyn.activity;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A walk over every customer of a store in key order, a batch at a time, towards one model
 * version: it resumes after the last customer it handed out, so that a store of any size is
 * covered in bounded steps, alongside the records. Starting it towards another version starts it
 * over; customers deleted meanwhile are simply not met, and customers added meanwhile are met
 * if their key comes after the walk's position (the others were scored by their own event).
 */
final class ModelSweep {

    private String version;
    /** The last customer handed out; null before the first. */
    private String after;
    private boolean done = true;

    /** Starts a walk towards this version, unless one towards it is already under way or over. */
    void start(String towards) {
        if (!towards.equals(version)) {
            version = towards;
            after = null;
            done = false;
        }
    }

    /** The version walked towards; null before any start. */
    String version() {
        return version;
    }

    boolean done() {
        return done;
    }

    /** The next customers after the walk's position, at most {@code batch}; none once the walk is over. */
    <V> List<KeyValue<String, V>> next(KeyValueStore<String, V> store, int batch) {
        List<KeyValue<String, V>> customers = new ArrayList<>();
        if (done) {
            return customers;
        }
        try (KeyValueIterator<String, V> entries = after == null ? store.all() : store.range(after, null)) {
            while (customers.size() < batch && entries.hasNext()) {
                KeyValue<String, V> entry = entries.next();
                if (!entry.key.equals(after)) {
                    customers.add(entry);
                }
            }
            done = !entries.hasNext();
        }
        if (!customers.isEmpty()) {
            after = customers.get(customers.size() - 1).key;
        }
        return customers;
    }
}
