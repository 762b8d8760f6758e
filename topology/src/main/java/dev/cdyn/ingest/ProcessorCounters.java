package dev.cdyn.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counters of one processor in one task, as Kafka Streams custom sensors (metric group
 * {@code stream-}{@value #SCOPE}{@code -metrics}, metrics {@code <operation>-total} and
 * {@code <operation>-rate}), so that whatever reads Streams' metrics (JMX, a Micrometer binder)
 * sees them, and processors need no metrics library. A sensor per operation and set of tag values,
 * made when first counted; all of them removed when the processor closes (its task moved away).
 */
public final class ProcessorCounters {

    public static final String SCOPE = "cdyn";

    private final StreamsMetrics metrics;
    private final String entity;
    private final Map<String, Sensor> sensors = new HashMap<>();

    /** {@code entity} names the processor within its task, for example {@code 0_1.orders-check}. */
    public ProcessorCounters(StreamsMetrics metrics, String entity) {
        this.metrics = metrics;
        this.entity = entity;
    }

    /** Counts one of {@code operation}, with these tags (name, value pairs). */
    public void count(String operation, String... tags) {
        sensor(operation, tags).record();
    }

    /**
     * The sensor of {@code operation} with these tags, exported at zero from now on: for a counter
     * that may stay rare (reviews, alerts), and for a caller that counts per record and keeps it
     * ({@link #count} looks it up by its names each time).
     */
    public Sensor sensor(String operation, String... tags) {
        String key = operation + "|" + String.join("|", tags);
        return sensors.computeIfAbsent(key, k -> metrics.addRateTotalSensor(SCOPE, entity + (tags.length == 0 ? ""
                : "." + String.join(".", tags)), operation, Sensor.RecordingLevel.INFO, tags));
    }

    public void close() {
        sensors.values().forEach(metrics::removeSensor);
        sensors.clear();
    }
}
