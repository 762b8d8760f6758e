package dev.cdyn.activity;

import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.ingest.Rejection;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.Band;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps each customer's activity, re-scores the customer on every interaction and when silence
 * would move its score, and emits a score when it moved enough, an alert when a line was crossed,
 * and an interaction that came later than the grace to the dead letters.
 *
 * <p>A review is booked only for when the score would be emitted: {@link ScoreForecast} finds that
 * time from the unchanged activity, and a customer whose score can no longer move has none until
 * its next event. A review scores as of its own due time and books the next one; it never rewrites
 * the activity. While catching up on history (reviews more than the catch-up lag behind the wall
 * clock), reviews emit band and tier changes only, and smaller moves are folded into the next score.
 *
 * <p>Stores: the activity per customer, the last emitted score per customer (what queries serve),
 * and the review index keyed by due time, with each customer's review booking beside it. Reviews
 * are found by a range scan of that index up to the current time, never by scanning every
 * customer, and at most a batch of them per punctuation.
 *
 * <p>The model: the newest valid one in the global store of published models ({@link LiveModel}),
 * the settings' while none is, checked on the wall clock. A new one re-scores every customer in
 * batches ({@link ModelSweep}), so that no customer keeps an older model's score.
 */
public final class CustomerScoring implements Processor<String, Interaction, String, ScoringOutput> {

    private final String activityStore;
    private final String scoreStore;
    private final String scheduleStore;
    private CustomerScorer scorer;
    private ScoreForecast forecast;
    private final long graceMs;
    private final long reviewStepMs;
    private final long catchUpLagMs;
    private final boolean wallClock;
    private final int batchMax;
    private int keepDays;
    /** The global store of published models; null to score with the settings' only. */
    private final String modelStore;
    private final Duration modelCheck;
    private final int sweepBatch;
    private final LiveModel live;
    private final ModelSweep sweep = new ModelSweep();

    private ProcessorContext<String, ScoringOutput> context;
    private KeyValueStore<String, CustomerActivity> activities;
    private KeyValueStore<String, CustomerScore> scores;
    private KeyValueStore<Bytes, byte[]> schedule;
    private AtRiskIndex atRisk;
    private KeyValueStore<String, ValueAndTimestamp<ScoringModel>> models;
    private ScoringMetrics metrics;
    /**
     * Every review due before this time has been handled, so scans start here: the handled entries
     * are deleted, and a scan that started at the beginning would wade through their tombstones in
     * RocksDB on every punctuation. Zero after a restart: the first scan starts from the beginning.
     */
    private long scannedUpTo;
    /** Reviews run by this processor, for tests and metrics. */
    long reviewsRun;
    /** Customers re-scored under a new model, for tests. */
    long sweptCustomers;

    /**
     * @param reviewStep the grid on which a silent customer's score is checked (a day by default)
     * @param catchUpLag how far behind the wall clock a review is part of catching up on history,
     *                   when only band and tier changes are emitted
     */
    public CustomerScoring(String activityStore, String scoreStore, String scheduleStore, CustomerScorer scorer,
                           Duration grace, Duration reviewStep, Duration catchUpLag, boolean wallClock, int batchMax) {
        this(activityStore, scoreStore, scheduleStore, scorer, grace, reviewStep, catchUpLag, wallClock, batchMax,
                null, Duration.ZERO, 0);
    }

    /**
     * Scores with the newest valid model of {@code modelStore} (a global store over the model
     * topic), {@code scorer}'s while none is, and looks for a new one every {@code modelCheck} of
     * wall-clock time; when the model changes, re-scores every customer, {@code sweepBatch} per check.
     */
    public CustomerScoring(String activityStore, String scoreStore, String scheduleStore, CustomerScorer scorer,
                           Duration grace, Duration reviewStep, Duration catchUpLag, boolean wallClock, int batchMax,
                           String modelStore, Duration modelCheck, int sweepBatch) {
        this.modelStore = modelStore;
        this.modelCheck = modelCheck;
        this.sweepBatch = sweepBatch;
        this.live = new LiveModel(scorer);
        this.activityStore = activityStore;
        this.scoreStore = scoreStore;
        this.scheduleStore = scheduleStore;
        this.graceMs = grace.toMillis();
        this.reviewStepMs = reviewStep.toMillis();
        this.catchUpLagMs = catchUpLag.toMillis();
        this.wallClock = wallClock;
        this.batchMax = batchMax;
        use(scorer);
    }

    /** Scores with this model from now on: the forecast and the days kept follow its horizon. */
    private void use(CustomerScorer model) {
        this.scorer = model;
        this.forecast = new ScoreForecast(model, reviewStepMs);
        this.keepDays = Math.max(model.parameters().horizonDays(), 90) + (int) Duration.ofMillis(graceMs).toDays() + 1;
    }

    @Override
    public void init(ProcessorContext<String, ScoringOutput> context) {
        this.context = context;
        this.activities = context.getStateStore(activityStore);
        this.scores = context.getStateStore(scoreStore);
        this.schedule = context.getStateStore(scheduleStore);
        this.atRisk = new AtRiskIndex(context.getStateStore(AtRiskIndex.STORE));
        this.metrics = new ScoringMetrics(context);
        // Small ticks, each doing at most a batch, so that many customers falling due at once never
        // hold up the records waiting behind a punctuation for long.
        long tick = Math.min(reviewStepMs, Duration.ofMinutes(1).toMillis());
        context.schedule(Duration.ofMillis(tick), wallClock ? PunctuationType.WALL_CLOCK_TIME : PunctuationType.STREAM_TIME,
                this::reviewDue);
        if (modelStore != null) {
            models = context.getStateStore(modelStore);
            // A restart, too, sweeps: customers a sweep had not reached yet keep an older model's score.
            takeUpPublished();
            context.schedule(modelCheck, PunctuationType.WALL_CLOCK_TIME, this::checkModel);
        }
    }

    /**
     * Takes up a newly published model, and re-scores a batch of the customers the sweep towards
     * the model in use has not reached yet. On the wall clock, so that a model published while no
     * event arrives is still taken up.
     */
    void checkModel(long now) {
        takeUpPublished();
        for (KeyValue<String, CustomerActivity> customer : sweep.next(activities, sweepBatch)) {
            rescoreUnderModel(customer.key, customer.value);
        }
    }

    /** One read of the model store per check, never one per record. */
    private void takeUpPublished() {
        ValueAndTimestamp<ScoringModel> published = models.get(ModelRecords.CHURN_MODEL_KEY);
        if (live.takeUp(published == null ? null : published.value())) {
            use(live.scorer());
        }
        sweep.start(live.version());
    }

    /**
     * A customer whose last score came from another model, scored under the model in use as of
     * the task's stream time (or its latest event, if later): the score is emitted whatever it
     * moved, without alerts (a new model moves bands without anything the customer did), and its
     * pending review is booked again with the new model's forecast.
     */
    private void rescoreUnderModel(String customer, CustomerActivity activity) {
        CustomerScore previous = scores.get(customer);
        if (previous != null && scorer.version().equals(previous.getModelVersion())) {
            return;
        }
        sweptCustomers++;
        long asOf = Math.max(context.currentStreamTimeMs(), activity.lastEventAt());
        CustomerFeatures features = FeatureExtractor.features(activity, asOf);
        CustomerScore score = emit(customer, previous, scorer.score(features, previousOf(previous), false), features,
                asOf, false);
        long pending = pendingReview(customer, activity);
        if (pending >= 0) {
            schedule.delete(ReviewSchedule.key(pending, customer));
        }
        long next = forecast.nextEmission(activity, previousOf(score), asOf, liveFrom());
        long booked = next == ScoreForecast.NEVER ? -1 : Math.max(next, scannedUpTo);
        if (booked >= 0) {
            schedule.put(ReviewSchedule.key(booked, customer), NOTHING);
        }
        schedule.put(ReviewSchedule.booking(customer), ReviewSchedule.booking(booked));
    }

    @Override
    public void process(Record<String, Interaction> record) {
        String customer = record.key();
        Interaction interaction = record.value();
        CustomerActivity activity = activities.get(customer);
        if (IngestCheck.isErasure(interaction)) {
            // The scores topic's tombstone is written by the ingest branch; here the state goes.
            if (activity != null) {
                cancelReview(customer, activity);
            }
            activities.delete(customer);
            atRisk.replace(scores.get(customer), null);
            scores.delete(customer);
            return;
        }
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
        } else {
            reviewUntil(customer, activity, record.timestamp());
        }
        ActivityRecorder.record(activity, interaction);
        long asOf = activity.lastEventAt();
        activity.forgetDaysBefore(CustomerActivity.dayOf(asOf) - keepDays);
        activity.scoredAt(asOf);
        CustomerScore last = rescore(customer, activity, asOf, false);
        metrics.eventScored(record.timestamp());
        long next = forecast.nextEmission(activity, previousOf(last), asOf, liveFrom());
        activity.reviewAt(next == ScoreForecast.NEVER ? -1 : Math.max(next, scannedUpTo));
        if (activity.reviewAt() >= 0) {
            schedule.put(ReviewSchedule.key(activity.reviewAt(), customer), NOTHING);
        }
        activities.put(customer, activity);
    }

    /**
     * Before an event of the customer's own at {@code eventTime}: the reviews it falls due for
     * until then, so that what silence did is emitted as of its own time; then its pending review
     * goes, since the event changes the forecast.
     */
    private void reviewUntil(String customer, CustomerActivity activity, long eventTime) {
        byte[] booking = schedule.get(ReviewSchedule.booking(customer));
        long due = booking != null ? ReviewSchedule.bookedAt(booking) : activity.reviewAt();
        while (due >= 0 && due < eventTime) {
            schedule.delete(ReviewSchedule.key(due, customer));
            due = review(customer, activity, due);
        }
        if (due >= 0) {
            schedule.delete(ReviewSchedule.key(due, customer));
        }
        if (booking != null) {
            schedule.delete(ReviewSchedule.booking(customer));
        }
    }

    /** Removes the customer's pending review and booking. */
    private void cancelReview(String customer, CustomerActivity activity) {
        long due = pendingReview(customer, activity);
        if (due >= 0) {
            schedule.delete(ReviewSchedule.key(due, customer));
        }
        schedule.delete(ReviewSchedule.booking(customer));
    }

    /**
     * The customer's pending review: the one booked at its last event, or, once reviews have
     * followed it, the one the last review booked (kept apart, so reviews never rewrite the activity).
     */
    private long pendingReview(String customer, CustomerActivity activity) {
        byte[] booked = schedule.get(ReviewSchedule.booking(customer));
        return booked != null ? ReviewSchedule.bookedAt(booked) : activity.reviewAt();
    }

    /** Re-scores every customer whose review is due by {@code now}, a batch at most, each as of its due time. */
    void reviewDue(long now) {
        int left = batchMax;
        while (left > 0) {
            List<Bytes> due = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> entries = schedule.range(ReviewSchedule.key(scannedUpTo, ""),
                    ReviewSchedule.dueBy(now))) {
                while (entries.hasNext() && due.size() < left) {
                    due.add(entries.next().key);
                }
            }
            if (due.isEmpty()) {
                scannedUpTo = Math.max(scannedUpTo, now + 1);
                return;
            }
            long resumeAt = ReviewSchedule.dueAt(due.get(due.size() - 1));
            for (Bytes key : due) {
                schedule.delete(key);
                String customer = ReviewSchedule.customerId(key);
                CustomerActivity activity = activities.get(customer);
                long dueAt = ReviewSchedule.dueAt(key);
                if (activity != null && pendingReview(customer, activity) == dueAt) {
                    long next = review(customer, activity, dueAt);
                    schedule.put(ReviewSchedule.booking(customer), ReviewSchedule.booking(next));
                    if (next >= 0) {
                        resumeAt = Math.min(resumeAt, next);
                    }
                }
            }
            left -= due.size();
            // The next scan starts at the last due seen (entries due then may remain when the batch ran
            // out), or earlier, at a review booked meanwhile: it is later than the one that booked it,
            // but may be earlier than others in this batch.
            scannedUpTo = Math.max(scannedUpTo, resumeAt);
        }
    }

    /** Scores the customer as of its review, emits what moved, and books its next review; returns its time or -1. */
    private long review(String customer, CustomerActivity activity, long dueAt) {
        reviewsRun++;
        metrics.reviewed();
        CustomerScore last = rescore(customer, activity, dueAt, dueAt < liveFrom());
        long next = forecast.nextEmission(activity, previousOf(last), dueAt, liveFrom());
        if (next == ScoreForecast.NEVER) {
            return -1;
        }
        long booked = Math.max(next, scannedUpTo);
        schedule.put(ReviewSchedule.key(booked, customer), NOTHING);
        return booked;
    }

    /** Reviews as old as this are catching up on history: only band and tier changes are emitted. */
    private long liveFrom() {
        return context.currentSystemTimeMs() - catchUpLagMs;
    }

    /** Scores as of {@code asOf}, emits if it moved enough, and returns the last emitted score. */
    private CustomerScore rescore(String customer, CustomerActivity activity, long asOf, boolean transitionsOnly) {
        CustomerFeatures features = FeatureExtractor.features(activity, asOf);
        CustomerScore previous = scores.get(customer);
        CustomerScorer.Previous last = previousOf(previous);
        // Reasons are written only for a score that is emitted: deciding needs the scores alone.
        if (!scorer.wouldEmit(features, last, transitionsOnly)) {
            return previous;
        }
        return emit(customer, previous, scorer.score(features, last, transitionsOnly), features, asOf, true);
    }

    /** Keeps and emits the score, and its alerts if asked; returns it. */
    private CustomerScore emit(String customer, CustomerScore previous, CustomerScorer.Outcome outcome,
                               CustomerFeatures features, long asOf, boolean withAlerts) {
        CustomerScore score = ScoreRecords.score(customer, outcome, features, asOf, scorer);
        List<CustomerScorer.Alert> alerts = withAlerts ? outcome.alerts() : List.of();
        atRisk.replace(previous, score);
        scores.put(customer, score);
        metrics.scored(score, alerts.size());
        context.forward(new Record<>(customer, new ScoringOutput.Score(score), asOf));
        for (CustomerScorer.Alert alert : alerts) {
            context.forward(new Record<>(customer, new ScoringOutput.Alert(ScoreRecords.alert(customer, alert, outcome,
                    asOf, scorer.version())), asOf));
        }
        return score;
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

    private static final byte[] NOTHING = new byte[0];
}
