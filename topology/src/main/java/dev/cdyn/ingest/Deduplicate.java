package dev.cdyn.ingest;

import dev.cdyn.events.Interaction;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops an interaction whose channel and event id were already seen (a producer's retry), and
 * counts it in the metric {@value #METRIC}-total. Ids are remembered in a window store for the
 * configured retention in event time, so the memory is bounded in time and its segments are
 * dropped whole as stream time passes. Erasures are never dropped. Runs after the repartition by
 * customer, so every copy of an event meets the same task.
 */
public final class Deduplicate implements FixedKeyProcessor<String, Interaction, Interaction> {

    public static final String METRIC = "duplicates-dropped";
    public static final String METRIC_SCOPE = "cdyn-ingest";

    private final String storeName;
    private final long retentionMs;
    private FixedKeyProcessorContext<String, Interaction> context;
    private WindowStore<String, Long> seen;
    private Sensor duplicates;

    public Deduplicate(String storeName, Duration retention) {
        this.storeName = storeName;
        this.retentionMs = retention.toMillis();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Interaction> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
        this.duplicates = context.metrics().addRateTotalSensor(METRIC_SCOPE, context.taskId().toString(), METRIC,
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, Interaction> record) {
        Interaction interaction = record.value();
        if (IngestCheck.isErasure(interaction)) {
            context.forward(record);
            return;
        }
        String id = interaction.getChannel() + ":" + interaction.getEventId();
        long time = record.timestamp();
        if (alreadySeen(id, time)) {
            duplicates.record();
            return;
        }
        seen.put(id, time, time);
        context.forward(record);
    }

    private boolean alreadySeen(String id, long time) {
        try (WindowStoreIterator<Long> earlier = seen.fetch(id, Math.max(0, time - retentionMs), time + retentionMs)) {
            return earlier.hasNext();
        }
    }

    @Override
    public void close() {
        context.metrics().removeSensor(duplicates);
    }
}
