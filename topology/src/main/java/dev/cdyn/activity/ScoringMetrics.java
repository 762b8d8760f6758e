package dev.cdyn.activity;

import dev.cdyn.events.Channel;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.ProcessorCounters;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.RiskBand;
import java.util.function.LongConsumer;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * What the scoring step counts, as Kafka Streams sensors: scores emitted by risk band, alerts
 * emitted, reviews run, retried interactions dropped, interactions sent to the dead letters. The
 * time from an event to its being scored goes to an observer the application may put in the Streams settings under
 * {@value #LATENCY_OBSERVER} (a {@link LongConsumer} of milliseconds), where a histogram can be
 * kept; Streams' own metrics have no histograms.
 */
public final class ScoringMetrics {

    public static final String LATENCY_OBSERVER = "cdyn.event.to.score.latency.observer";
    public static final String SCORES_EMITTED = "scores-emitted";
    public static final String ALERTS_EMITTED = "alerts-emitted";
    public static final String REVIEWS_RUN = "reviews-run";
    public static final String BAND_TAG = "band";
    public static final String DUPLICATES = "duplicates-dropped";
    public static final String DUPLICATES_GROUP = "cdyn-ingest";

    private final ProcessorCounters counters;
    private final LongConsumer latency;
    private final ProcessorContext<?, ?> context;
    private final Sensor duplicates;
    private final Sensor reviews;
    private final Sensor alerts;
    /** Scores emitted, by the contract's risk band (its ordinal), made when first counted. */
    private final Sensor[] scoresByBand = new Sensor[RiskBand.values().length];

    ScoringMetrics(ProcessorContext<?, ?> context) {
        this.context = context;
        this.counters = new ProcessorCounters(context.metrics(), context.taskId() + ".scoring");
        Object observer = context.appConfigs().get(LATENCY_OBSERVER);
        this.latency = observer instanceof LongConsumer consumer ? consumer : ms -> { };
        // Reviews and alerts are rare now that reviews run only when a score moves: exported from the start.
        this.reviews = counters.sensor(REVIEWS_RUN);
        this.alerts = counters.sensor(ALERTS_EMITTED);
        this.duplicates = context.metrics().addRateTotalSensor(DUPLICATES_GROUP, context.taskId().toString(),
                DUPLICATES, Sensor.RecordingLevel.INFO);
    }

    void scored(CustomerScore score, int alertCount) {
        RiskBand band = score.getRiskBand();
        Sensor emitted = scoresByBand[band.ordinal()];
        if (emitted == null) {
            emitted = counters.sensor(SCORES_EMITTED, BAND_TAG, band.name());
            scoresByBand[band.ordinal()] = emitted;
        }
        emitted.record();
        for (int i = 0; i < alertCount; i++) {
            alerts.record();
        }
    }

    void reviewed() {
        reviews.record();
    }

    void deadLettered(Channel channel, RejectReason reason) {
        counters.count(IngestCheck.DEAD_LETTERED, IngestCheck.CHANNEL_TAG, channel.name(), IngestCheck.REASON_TAG,
                reason.code());
    }

    /** A retried interaction dropped: counted per task in {@value #DUPLICATES}-total, group {@value #DUPLICATES_GROUP}. */
    void duplicate() {
        duplicates.record();
    }

    /** An interaction with this event time was scored now (whether or not its score moved enough to emit). */
    void eventScored(long eventTime) {
        latency.accept(Math.max(0, context.currentSystemTimeMs() - eventTime));
    }

    void close() {
        counters.close();
        context.metrics().removeSensor(duplicates);
    }
}
