package dev.cdyn.activity;

import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.ingest.Rejection;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scoring.Band;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each customer's activity, re-scores the customer on every interaction and whenever its
 * review falls due, and emits a score when it moved enough, an alert when a line was crossed, and
 * an interaction that came later than the grace to the dead letters.
 *
 * <p>Stores: the activity per customer, the last emitted score per customer (what queries serve),
 * and the review index keyed by due time. Reviews are found by a range scan of that index up to
 * the current time, never by scanning every customer, and at most a batch of them per punctuation.
 */
public final class CustomerScoring implements Processor<String, Interaction, String, ScoringOutput> {

    private static final byte[] NOTHING = new byte[0];

    private final String activityStore;
    private final String scoreStore;
    private final String scheduleStore;
    private final CustomerScorer scorer;
    private final long graceMs;
    private final long reviewIntervalMs;
    private final boolean wallClock;
    private final int batchMax;
    private final int keepDays;

    private ProcessorContext<String, ScoringOutput> context;
    private KeyValueStore<String, CustomerActivity> activities;
    private KeyValueStore<String, CustomerScore> scores;
    private KeyValueStore<Bytes, byte[]> schedule;
    private AtRiskIndex atRisk;
    private ScoringMetrics metrics;
    /**
     * Every review due before this time has been handled, so scans start here: the handled entries
     * are deleted, and a scan that started at the beginning would wade through their tombstones in
     * RocksDB on every punctuation. Zero after a restart: the first scan starts from the beginning.
     */
    private long scannedUpTo;

    public CustomerScoring(String activityStore, String scoreStore, String scheduleStore, CustomerScorer scorer,
                           Duration grace, Duration reviewInterval, boolean wallClock, int batchMax) {
        this.activityStore = activityStore;
        this.scoreStore = scoreStore;
        this.scheduleStore = scheduleStore;
        this.scorer = scorer;
        this.graceMs = grace.toMillis();
        this.reviewIntervalMs = reviewInterval.toMillis();
        this.wallClock = wallClock;
        this.batchMax = batchMax;
        this.keepDays = Math.max(scorer.parameters().horizonDays(), 90) + (int) grace.toDays() + 1;
    }

    @Override
    public void init(ProcessorContext<String, ScoringOutput> context) {
        this.context = context;
        this.activities = context.getStateStore(activityStore);
        this.scores = context.getStateStore(scoreStore);
        this.schedule = context.getStateStore(scheduleStore);
        this.atRisk = new AtRiskIndex(context.getStateStore(AtRiskIndex.STORE));
        this.metrics = new ScoringMetrics(context);
        // Small ticks, each doing at most a batch: up to 10,000 reviews a minute (14 million a day) per
        // task without ever holding up the records waiting behind a punctuation for long.
        long tick = Math.min(reviewIntervalMs, Duration.ofMinutes(1).toMillis());
        context.schedule(Duration.ofMillis(tick), wallClock ? PunctuationType.WALL_CLOCK_TIME : PunctuationType.STREAM_TIME,
                this::reviewDue);
    }

    @Override
    public void process(Record<String, Interaction> record) {
        String customer = record.key();
        Interaction interaction = record.value();
        if (IngestCheck.isErasure(interaction)) {
            // The scores topic's tombstone is written by the ingest branch; here the state goes.
            activities.delete(customer);
            atRisk.replace(scores.get(customer), null);
            scores.delete(customer);
            return;
        }
        CustomerActivity activity = activities.get(customer);
        if (activity == null) {
            activity = new CustomerActivity();
        } else if (record.timestamp() < activity.lastEventAt() - graceMs) {
            Rejection late = new Rejection(RejectReason.LATE, "event time " + Instant.ofEpochMilli(record.timestamp())
                    + " is more than the grace of " + Duration.ofMillis(graceMs) + " before the customer's latest event "
                    + Instant.ofEpochMilli(activity.lastEventAt()));
            context.forward(record.<ScoringOutput>withValue(new ScoringOutput.Late(interaction)).withHeaders(DeadLetters.describe(
                    record.headers(), late, interaction.getSourceTopic(), interaction.getSourcePartition(),
                    interaction.getSourceOffset())));
            metrics.late(interaction.getChannel());
            return;
        }
        ActivityRecorder.record(activity, interaction);
        long asOf = activity.lastEventAt();
        rescore(customer, activity, asOf);
        metrics.eventScored(record.timestamp());
        if (activity.reviewAt() < 0) {
            book(customer, activity, asOf + reviewIntervalMs);
        }
        activities.put(customer, activity);
    }

    /** Books the customer's next review; never before what scans have passed, or it would never be found. */
    private void book(String customer, CustomerActivity activity, long dueAt) {
        long due = Math.max(dueAt, scannedUpTo);
        activity.reviewAt(due);
        schedule.put(ReviewSchedule.key(due, customer), NOTHING);
    }

    /** Re-scores every customer whose review is due by {@code now}, a batch at most. */
    void reviewDue(long now) {
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> entries = schedule.range(ReviewSchedule.key(scannedUpTo, ""),
                ReviewSchedule.dueBy(now))) {
            while (entries.hasNext() && due.size() < batchMax) {
                due.add(entries.next().key);
            }
        }
        // A full batch may have left entries due at the last time seen; otherwise all up to now are done.
        scannedUpTo = due.size() < batchMax ? Math.max(scannedUpTo, now + 1)
                : ReviewSchedule.dueAt(due.get(due.size() - 1));
        for (Bytes key : due) {
            schedule.delete(key);
            String customer = ReviewSchedule.customerId(key);
            CustomerActivity activity = activities.get(customer);
            if (activity == null || activity.reviewAt() != ReviewSchedule.dueAt(key)) {
                continue; // forgotten since, or rescheduled
            }
            long next;
            if (activity.lastScoredAt() + reviewIntervalMs > now) {
                next = activity.lastScoredAt() + reviewIntervalMs; // an interaction scored it lately
            } else {
                rescore(customer, activity, now);
                metrics.reviewed();
                next = now + reviewIntervalMs;
            }
            book(customer, activity, next);
            activities.put(customer, activity);
        }
    }

    private void rescore(String customer, CustomerActivity activity, long asOf) {
        activity.forgetDaysBefore(CustomerActivity.dayOf(asOf) - keepDays);
        activity.scoredAt(asOf);
        CustomerFeatures features = FeatureExtractor.features(activity, asOf);
        CustomerScore previous = scores.get(customer);
        CustomerScorer.Outcome outcome = scorer.score(features, previousOf(previous));
        if (!outcome.emit()) {
            return;
        }
        CustomerScore score = ScoreRecords.score(customer, outcome, features, asOf, scorer.parameters().horizonDays());
        atRisk.replace(previous, score);
        scores.put(customer, score);
        metrics.scored(score, outcome.alerts().size());
        context.forward(new Record<>(customer, new ScoringOutput.Score(score), asOf));
        for (CustomerScorer.Alert alert : outcome.alerts()) {
            context.forward(new Record<>(customer, new ScoringOutput.Alert(ScoreRecords.alert(customer, alert, outcome,
                    asOf)), asOf));
        }
    }

    /** The last emitted score as the scorer needs it; a band or tier the model does not know counts as none. */
    private static CustomerScorer.Previous previousOf(CustomerScore previous) {
        if (previous == null) {
            return null;
        }
        Band band = ScoreRecords.band(previous.getRiskBand());
        Tier tier = ScoreRecords.tier(previous.getLoyaltyTier());
        return band == null || tier == null ? null
                : new CustomerScorer.Previous(previous.getChurnRisk(), previous.getLoyalty(), band, tier);
    }

    @Override
    public void close() {
        metrics.close();
    }
}
