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
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
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
 * and an interaction that came later than the grace, or for an erased customer, to the dead letters.
 * Drops a retried interaction (same channel and event id) it has taken in already.
 *
 * <p>Everything about a customer lives in one value of the activity store, written at most once
 * per record: its days, its open tickets, the orders and event ids seen lately (so each counts
 * once, judged on the customer's own time), its next review, and its last emitted score (levels
 * and record: what the next emission is decided against and what a query serves). One changelog
 * record per interaction, whatever the interaction does.
 *
 * <p>A review is booked only for when the score would be emitted: {@link ScoreForecast} finds that
 * time from the activity, and a customer whose score can no longer move has none until its next
 * event. A review scores as of its own due time and books the next one. While catching up on
 * history (reviews more than the catch-up lag behind the wall clock), reviews emit band and tier
 * changes only, and smaller moves are folded into the next score.
 *
 * <p>Two indexes beside the activity, both derived from it and rebuilt from it when the task
 * starts (so neither has a changelog): reviews by due time, found by a range scan up to the current
 * time, at most a batch per punctuation; and customers by band and risk ({@link AtRiskIndex}).
 *
 * <p>The model: the newest valid one in the global store of published models ({@link LiveModel}),
 * the settings' while none is, checked on the wall clock. A new one re-scores every customer in
 * batches ({@link ModelSweep}), so that no customer keeps an older model's score.
 */
public final class CustomerScoring implements Processor<String, Interaction, String, ScoringOutput> {

    /**
     * How the step judges time.
     *
     * @param reviewStep       the grid on which a silent customer's score is checked (a day by default)
     * @param catchUpLag       how far behind the wall clock a review is part of catching up on history,
     *                         when only band and tier changes are emitted
     * @param dedupRetention   how long an event id is remembered, behind the customer's latest event
     * @param erasureRetention how long an erased customer's marker turns its events away
     */
    public record Rules(Duration grace, Duration reviewStep, Duration catchUpLag, boolean wallClock, int batchMax,
                        Duration dedupRetention, Duration erasureRetention) {
    }

    /**
     * How many of the forecast's segments an event looks over. A customer in touch often is back
     * before a long look-ahead would matter, and each segment costs a scoring or two: one with a
     * long history has a segment per day bucket's leaving each window. When none of these emits, the
     * review goes where the look stopped, and it looks all the way: one review that may emit nothing
     * per silent stretch.
     */
    static final int EVENT_FORECAST_SEGMENTS = 8;

    private final String activityStore;
    private final String scheduleStore;
    private CustomerScorer scorer;
    private ScoreForecast forecast;
    private final Function<CustomerScore, byte[]> scoreRecord;
    private final long graceMs;
    private final long reviewStepMs;
    private final long catchUpLagMs;
    private final boolean wallClock;
    private final int batchMax;
    /**
     * Reviews are looked for every minute of stream time while live: small ticks, each doing at most a
     * batch, so that many customers falling due at once never hold up the records waiting behind a
     * punctuation for long. While the task's stream time is more than the catch-up lag (at least a
     * review step) behind the clock, every review step (a day by default): stream time then moves on
     * by more than a minute with nearly every record, and a punctuation after each record holds
     * Kafka Streams to one record per pass of its loop. Reviews score as of their own due time, and
     * whatever else touches a customer first runs its overdue reviews (its own event, a model's
     * sweep) or ends its overdue erasure marker, so the pace changes when a review is written, not
     * what it says.
     */
    private final long liveTickMs;
    /** How far stream time must be behind the clock for the catch-up pace: the catch-up lag, at least a step. */
    private final long catchUpPaceLagMs;
    private long tickMs;
    private Cancellable reviewTick;
    /** The last scan stopped at the batch cap with reviews still due: the next tick comes at the live pace. */
    private boolean reviewsLeft;
    private final long dedupMs;
    private final long erasureMs;
    private int keepDays;
    /** The global store of published models; null to score with the settings' only. */
    private final String modelStore;
    private final Duration modelCheck;
    private final int sweepBatch;
    private final LiveModel live;
    private final ModelSweep sweep = new ModelSweep();

    private ProcessorContext<String, ScoringOutput> context;
    private KeyValueStore<String, CustomerActivity> activities;
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
    /**
     * No review in the index is due before this time: a punctuation before it needs no scan. In a
     * backfill, stream time moves on with nearly every record, and so does its punctuation.
     */
    private long nextDue;
    /** Reviews run by this processor, for tests and metrics. */
    long reviewsRun;
    /** Customers re-scored under a new model, for tests. */
    long sweptCustomers;

    /** @param scoreRecord writes a score as the scores topic carries it */
    public CustomerScoring(String activityStore, String scheduleStore, CustomerScorer scorer, Rules rules,
                           Function<CustomerScore, byte[]> scoreRecord) {
        this(activityStore, scheduleStore, scorer, rules, scoreRecord, null, Duration.ZERO, 0);
    }

    /**
     * Scores with the newest valid model of {@code modelStore} (a global store over the model
     * topic), {@code scorer}'s while none is, and looks for a new one every {@code modelCheck} of
     * wall-clock time; when the model changes, re-scores every customer, {@code sweepBatch} per check.
     */
    public CustomerScoring(String activityStore, String scheduleStore, CustomerScorer scorer, Rules rules,
                           Function<CustomerScore, byte[]> scoreRecord, String modelStore, Duration modelCheck,
                           int sweepBatch) {
        this.activityStore = activityStore;
        this.scheduleStore = scheduleStore;
        this.scoreRecord = scoreRecord;
        this.graceMs = rules.grace().toMillis();
        this.reviewStepMs = rules.reviewStep().toMillis();
        this.catchUpLagMs = rules.catchUpLag().toMillis();
        this.wallClock = rules.wallClock();
        this.batchMax = rules.batchMax();
        this.liveTickMs = Math.min(reviewStepMs, Duration.ofMinutes(1).toMillis());
        // A smaller lag (even 0) must not put live traffic, always a little behind the clock, at a day's pace.
        this.catchUpPaceLagMs = Math.max(catchUpLagMs, reviewStepMs);
        this.dedupMs = rules.dedupRetention().toMillis();
        this.erasureMs = rules.erasureRetention().toMillis();
        this.modelStore = modelStore;
        this.modelCheck = modelCheck;
        this.sweepBatch = sweepBatch;
        this.live = new LiveModel(scorer);
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
        this.schedule = context.getStateStore(scheduleStore);
        this.atRisk = new AtRiskIndex(context.getStateStore(AtRiskIndex.STORE));
        this.metrics = new ScoringMetrics(context);
        rebuildIndexes();
        if (wallClock) {
            context.schedule(Duration.ofMillis(liveTickMs), PunctuationType.WALL_CLOCK_TIME, this::reviewDue);
            tickMs = liveTickMs;
        } else {
            paceReviews(false);
        }
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
        CustomerActivity.LastScore previous = activity.lastScore();
        if (activity.erasedAt() >= 0 || previous != null && scorer.version().equals(previous.modelVersion())) {
            return;
        }
        sweptCustomers++;
        long booked = activity.reviewAt();
        long asOf = Math.max(context.currentStreamTimeMs(), activity.lastEventAt());
        // Reviews due before then run first, as of their own time (as the review punctuation would
        // have run them): while catching up they wait for the day's tick, and would otherwise be lost.
        reviewUntil(customer, activity, asOf);
        CustomerFeatures features = FeatureExtractor.features(activity, asOf);
        emit(customer, activity, scorer.score(features, previousOf(activity.lastScore()), false), features, asOf, false);
        long next = forecast.nextEmission(activity, previousOf(activity.lastScore()), asOf, liveFrom());
        activity.reviewAt(next == ScoreForecast.NEVER ? -1 : Math.max(next, scannedUpTo));
        save(customer, activity, booked);
    }

    /**
     * Both indexes anew from the activities (restored by now): whatever the local index stores held
     * (an earlier run's entries, or nothing after a move or a crash) is replaced.
     */
    private void rebuildIndexes() {
        List<Bytes> stale = new ArrayList<>();
        for (KeyValueStore<Bytes, byte[]> index : List.of(schedule, context.<KeyValueStore<Bytes, byte[]>>getStateStore(
                AtRiskIndex.STORE))) {
            try (KeyValueIterator<Bytes, byte[]> entries = index.all()) {
                entries.forEachRemaining(entry -> stale.add(entry.key));
            }
            stale.forEach(index::delete);
            stale.clear();
        }
        nextDue = Long.MAX_VALUE;
        try (KeyValueIterator<String, CustomerActivity> all = activities.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                CustomerActivity activity = entry.value;
                if (activity.reviewAt() >= 0) {
                    schedule.put(ReviewSchedule.key(activity.reviewAt(), entry.key), NOTHING);
                    nextDue = Math.min(nextDue, activity.reviewAt());
                }
                atRisk.replace(entry.key, null, activity.lastScore());
            }
        }
    }

    @Override
    public void process(Record<String, Interaction> record) {
        if (!wallClock) {
            paceReviews(context.currentStreamTimeMs() < context.currentSystemTimeMs() - catchUpPaceLagMs && !reviewsLeft);
        }
        String customer = record.key();
        Interaction interaction = record.value();
        CustomerActivity activity = activities.get(customer);
        if (activity != null && activity.erasedAt() >= 0 && activity.reviewAt() >= 0
                && activity.reviewAt() <= record.timestamp()) {
            // The erasure marker's time ran out before this event, though the review that removes it
            // may not have run yet (while catching up, reviews wait for the day's tick): a new customer.
            endErasure(customer, activity.reviewAt());
            activity = null;
        }
        long booked = activity == null ? -1 : activity.reviewAt();
        if (activity != null && activity.erasedAt() >= 0) {
            refuseErased(record, activity, booked);
            return;
        }
        if (IngestCheck.isErasure(interaction)) {
            erase(record, activity, booked);
            return;
        }
        long eventKey = CustomerActivity.eventKey(interaction.getChannel().name(), interaction.getEventId());
        if (activity == null) {
            activity = new CustomerActivity();
        } else if (activity.remembersEvent(eventKey)) {
            metrics.duplicate();
            return;
        } else if (record.timestamp() < activity.lastEventAt() - graceMs) {
            Rejection late = new Rejection(RejectReason.LATE, "event time " + Instant.ofEpochMilli(record.timestamp())
                    + " is more than the grace of " + Duration.ofMillis(graceMs) + " before the customer's latest event "
                    + Instant.ofEpochMilli(activity.lastEventAt()));
            context.forward(new Record<>(customer, new ScoringOutput.Accepted(interaction), record.timestamp(),
                    record.headers()));
            deadLetter(record, interaction, late);
            return;
        } else {
            reviewUntil(customer, activity, record.timestamp());
        }
        context.forward(new Record<>(customer, new ScoringOutput.Accepted(interaction), record.timestamp(),
                record.headers()));
        activity.rememberEvent(eventKey, record.timestamp(), dedupMs);
        ActivityRecorder.record(activity, interaction);
        activity.forgetDaysBefore(CustomerActivity.dayOf(activity.lastEventAt()) - keepDays);
        // A customer's scores move forward in time only: one whose history is replayed while the
        // others are live was reviewed as of the present meanwhile, and is scored as of then.
        long asOf = activity.lastScore() == null ? activity.lastEventAt()
                : Math.max(activity.lastEventAt(), activity.lastScore().asOf());
        rescore(customer, activity, asOf, false);
        metrics.eventScored(record.timestamp());
        long next = forecast.nextEmission(activity, previousOf(activity.lastScore()), asOf, liveFrom(),
                EVENT_FORECAST_SEGMENTS, ScoreForecast.NEVER);
        activity.reviewAt(next == ScoreForecast.NEVER ? -1 : Math.max(next, scannedUpTo));
        save(customer, activity, booked);
    }

    /** Punctuates reviews at the catch-up pace or the live one, rescheduling only when the pace changes. */
    private void paceReviews(boolean catchingUp) {
        long tick = catchingUp ? reviewStepMs : liveTickMs;
        if (tick != tickMs) {
            if (reviewTick != null) {
                reviewTick.cancel();
            }
            reviewTick = context.schedule(Duration.ofMillis(tick), PunctuationType.STREAM_TIME, this::reviewDue);
            tickMs = tick;
        }
    }

    /** How often reviews are looked for now, in stream time (or wall-clock time on the wall clock). */
    long reviewTickMs() {
        return tickMs;
    }

    /** The erasure marker's time is over (its review was due then): the customer may come back as a new one. */
    private void endErasure(String customer, long dueAt) {
        schedule.delete(ReviewSchedule.key(dueAt, customer));
        activities.delete(customer);
    }

    /** Writes the activity and moves its entry in the review index if its review changed. */
    private void save(String customer, CustomerActivity activity, long booked) {
        if (booked != activity.reviewAt()) {
            if (booked >= 0) {
                schedule.delete(ReviewSchedule.key(booked, customer));
            }
            if (activity.reviewAt() >= 0) {
                schedule.put(ReviewSchedule.key(activity.reviewAt(), customer), NOTHING);
                nextDue = Math.min(nextDue, activity.reviewAt());
            }
        }
        activities.put(customer, activity);
    }

    /**
     * Forgets the customer: its state goes, a marker stays for the erasure retention so that its
     * late or replayed events do not bring it back, and its score leaves the scores topic.
     */
    private void erase(Record<String, Interaction> record, CustomerActivity activity, long booked) {
        context.forward(new Record<>(record.key(), new ScoringOutput.Accepted(record.value()), record.timestamp(),
                record.headers()));
        if (activity != null) {
            atRisk.replace(record.key(), activity.lastScore(), null);
        }
        CustomerActivity marker = CustomerActivity.erasureMarker(record.timestamp());
        marker.reviewAt(record.timestamp() + erasureMs);
        save(record.key(), marker, booked);
        context.forward(new Record<String, ScoringOutput>(record.key(), new ScoringOutput.Forgotten(), record.timestamp()));
    }

    /** An event of an erased customer: a dead letter with the reason and source, and nothing of the event. */
    private void refuseErased(Record<String, Interaction> record, CustomerActivity marker, long booked) {
        Interaction interaction = record.value();
        if (IngestCheck.isErasure(interaction)) {
            // Erased again: the marker's time starts anew.
            CustomerActivity renewed = CustomerActivity.erasureMarker(Math.max(marker.erasedAt(), record.timestamp()));
            renewed.reviewAt(renewed.erasedAt() + erasureMs);
            save(record.key(), renewed, booked);
            return;
        }
        Rejection erased = new Rejection(RejectReason.ERASED, "the customer was erased at "
                + Instant.ofEpochMilli(marker.erasedAt()) + "; its events are not kept");
        metrics.deadLettered(interaction.getChannel(), RejectReason.ERASED);
        context.forward(new Record<String, ScoringOutput>(null, new ScoringOutput.DeadLetter(null), record.timestamp(),
                DeadLetters.describe(new RecordHeaders(), erased,
                        interaction.getSourceTopic(), interaction.getSourcePartition(), interaction.getSourceOffset())));
    }

    private void deadLetter(Record<String, Interaction> record, Interaction interaction, Rejection rejection) {
        metrics.deadLettered(interaction.getChannel(), rejection.reason());
        context.forward(record.<ScoringOutput>withValue(new ScoringOutput.DeadLetter(interaction)).withHeaders(
                DeadLetters.describe(record.headers(), rejection, interaction.getSourceTopic(),
                        interaction.getSourcePartition(), interaction.getSourceOffset())));
    }

    /**
     * Before an event of the customer's own at {@code eventTime}: the reviews it falls due for
     * until then, so that what silence did is emitted as of its own time.
     */
    private void reviewUntil(String customer, CustomerActivity activity, long eventTime) {
        long due = activity.reviewAt();
        while (due >= 0 && due < eventTime) {
            // What these reviews book is replaced after the event: their forecasts need not look past it.
            due = review(customer, activity, due, eventTime);
        }
    }

    /** Re-scores every customer whose review is due by {@code now}, a batch at most, each as of its due time. */
    void reviewDue(long now) {
        reviewsLeft = false;
        if (now < nextDue) {
            scannedUpTo = Math.max(scannedUpTo, now + 1);
            return;
        }
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
                nextDue = firstDueAfter(now);
                return;
            }
            long resumeAt = ReviewSchedule.dueAt(due.get(due.size() - 1));
            for (Bytes key : due) {
                String customer = ReviewSchedule.customerId(key);
                long dueAt = ReviewSchedule.dueAt(key);
                CustomerActivity activity = activities.get(customer);
                if (activity == null || activity.reviewAt() != dueAt) {
                    schedule.delete(key);
                } else if (activity.erasedAt() >= 0) {
                    endErasure(customer, dueAt);
                } else {
                    long next = review(customer, activity, dueAt);
                    save(customer, activity, dueAt);
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
        reviewsLeft = true;
    }

    /** Where the next scan of the review index starts: reviews due before it have all been run. */
    long scannedUpTo() {
        return scannedUpTo;
    }

    /** The due time of the first review booked after {@code now}, or {@link Long#MAX_VALUE} if none is. */
    private long firstDueAfter(long now) {
        try (KeyValueIterator<Bytes, byte[]> later = schedule.range(ReviewSchedule.dueBy(now),
                ReviewSchedule.dueBy(Long.MAX_VALUE - 1))) {
            return later.hasNext() ? ReviewSchedule.dueAt(later.next().key) : Long.MAX_VALUE;
        }
    }

    /** Scores the customer as of its review, emits what moved, and books its next review; returns its time or -1. */
    private long review(String customer, CustomerActivity activity, long dueAt) {
        return review(customer, activity, dueAt, ScoreForecast.NEVER);
    }

    /** The same, with a forecast that looks no further than {@code lookUntil}. */
    private long review(String customer, CustomerActivity activity, long dueAt, long lookUntil) {
        reviewsRun++;
        metrics.reviewed();
        rescore(customer, activity, dueAt, dueAt < liveFrom());
        long next = forecast.nextEmission(activity, previousOf(activity.lastScore()), dueAt, liveFrom(),
                Integer.MAX_VALUE, lookUntil);
        long booked = next == ScoreForecast.NEVER ? -1 : Math.max(next, scannedUpTo);
        activity.reviewAt(booked);
        return booked;
    }

    /** Reviews as old as this are catching up on history: only band and tier changes are emitted. */
    private long liveFrom() {
        return context.currentSystemTimeMs() - catchUpLagMs;
    }

    /** Scores as of {@code asOf}, and emits (keeping it as the last score) if it moved enough. */
    private void rescore(String customer, CustomerActivity activity, long asOf, boolean transitionsOnly) {
        CustomerFeatures features = FeatureExtractor.features(activity, asOf);
        CustomerScorer.Previous last = previousOf(activity.lastScore());
        // Reasons are written only for a score that is emitted: deciding needs the scores alone.
        if (!scorer.wouldEmit(features, last, transitionsOnly)) {
            return;
        }
        emit(customer, activity, scorer.score(features, last, transitionsOnly), features, asOf, true);
    }

    /** Emits the score, and its alerts if asked, and keeps it as the customer's last. */
    private void emit(String customer, CustomerActivity activity, CustomerScorer.Outcome outcome,
                      CustomerFeatures features, long asOf, boolean withAlerts) {
        CustomerScore score = ScoreRecords.score(customer, outcome, features, asOf, scorer);
        byte[] written = scoreRecord.apply(score);
        CustomerActivity.LastScore now = new CustomerActivity.LastScore(outcome.risk(), outcome.loyalty(),
                outcome.band().ordinal(), outcome.tier().ordinal(), asOf, scorer.version(), written);
        atRisk.replace(customer, activity.lastScore(), now);
        activity.lastScore(now);
        List<CustomerScorer.Alert> alerts = withAlerts ? outcome.alerts() : List.of();
        metrics.scored(score, alerts.size());
        context.forward(new Record<>(customer, new ScoringOutput.Score(score, written), asOf));
        for (CustomerScorer.Alert alert : alerts) {
            context.forward(new Record<>(customer, new ScoringOutput.Alert(ScoreRecords.alert(customer, alert, outcome,
                    asOf, scorer.version())), asOf));
        }
    }

    /** The last emitted score as the scorer needs it; a band or tier the model does not know counts as none. */
    static CustomerScorer.Previous previousOf(CustomerActivity.LastScore last) {
        if (last == null || last.band() < 0 || last.band() >= Band.values().length || last.tier() < 0
                || last.tier() >= Tier.values().length) {
            return null;
        }
        return new CustomerScorer.Previous(last.churnRisk(), last.loyalty(), Band.values()[last.band()],
                Tier.values()[last.tier()]);
    }

    @Override
    public void close() {
        metrics.close();
    }

    private static final byte[] NOTHING = new byte[0];
}
