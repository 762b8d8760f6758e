package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.Channel;
import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import dev.cdyn.topology.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Taking up a published model: the walk over a store in batches on its own, then the scoring
 * processor through {@link MockProcessorContext}: a new model re-scores every customer in batches,
 * stamped with its version, with the reviews booked by its forecast; a bad model changes nothing.
 */
class ModelSweepTest {

    private static final long DAY = CustomerActivity.DAY_MS;
    private static final long T0 = Events.T0.toEpochMilli();
    private static final int CUSTOMERS = 25;
    private static final int BATCH = 10;

    private final RegistryAvroSerdes serdes = AvroSerdes.fromConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
            "mock://model-sweep-test"));
    /** Apart: the mock context serializes every store under one subject, which takes one contract. */
    private final RegistryAvroSerdes modelSerdes = AvroSerdes.fromConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
            "mock://model-sweep-test-models"));
    private MockProcessorContext<String, ScoringOutput> context;
    private CustomerScoring processor;
    private KeyValueStore<String, CustomerActivity> activities;
    private KeyValueStore<Bytes, byte[]> schedule;
    private KeyValueStore<String, ValueAndTimestamp<ScoringModel>> models;
    private long offset;

    @AfterEach
    void close() {
        serdes.close();
        modelSerdes.close();
    }

    // The walk alone.

    private static KeyValueStore<String, String> storeOf(int count) {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("walked"),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < count; i++) {
            store.put(String.format("c%03d", i), "v" + i);
        }
        return store;
    }

    private static List<String> keys(List<KeyValue<String, String>> batch) {
        return batch.stream().map(entry -> entry.key).toList();
    }

    @Test
    void theWalkHandsOutEveryKeyOnceInBatchesInKeyOrder() {
        KeyValueStore<String, String> store = storeOf(25);
        ModelSweep sweep = new ModelSweep();
        assertTrue(sweep.next(store, 10).isEmpty(), "no walk before a start");
        sweep.start("v1");

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        while (!sweep.done()) {
            List<String> batch = keys(sweep.next(store, 10));
            sizes.add(batch.size());
            seen.addAll(batch);
        }
        assertEquals(List.of(10, 10, 5), sizes);
        assertEquals(keys(storeOf(25).all()), seen);
        assertTrue(sweep.next(store, 10).isEmpty(), "an ended walk hands out nothing");
        sweep.start("v1");
        assertTrue(sweep.next(store, 10).isEmpty(), "starting towards the same version does not walk again");
    }

    private static List<String> keys(KeyValueIterator<String, String> all) {
        List<String> out = new ArrayList<>();
        try (all) {
            all.forEachRemaining(entry -> out.add(entry.key));
        }
        return out;
    }

    @Test
    void theWalkResumesPastDeletedAndBeforeAddedCustomers() {
        KeyValueStore<String, String> store = storeOf(25);
        ModelSweep sweep = new ModelSweep();
        sweep.start("v1");
        List<String> first = keys(sweep.next(store, 10));
        assertEquals("c009", first.get(9));

        store.delete("c009"); // where the walk stands
        store.delete("c012");
        store.put("c010a", "new");
        store.put("c000a", "behind the walk");
        List<String> second = keys(sweep.next(store, 10));

        assertEquals(List.of("c010", "c010a", "c011", "c013", "c014", "c015", "c016", "c017", "c018", "c019"), second);
        List<String> rest = keys(sweep.next(store, 10));
        assertEquals("c020", rest.get(0));
        assertEquals(5, rest.size());
        assertTrue(sweep.done());
    }

    @Test
    void anotherVersionInTheMiddleOfAWalkStartsItOver() {
        KeyValueStore<String, String> store = storeOf(25);
        ModelSweep sweep = new ModelSweep();
        sweep.start("v1");
        sweep.next(store, 10);
        sweep.start("v1");
        assertEquals("c010", keys(sweep.next(store, 10)).get(0), "the same version resumes");

        sweep.start("v2");
        assertEquals("v2", sweep.version());
        assertFalse(sweep.done());
        assertEquals("c000", keys(sweep.next(store, 10)).get(0), "another version starts over");
    }

    // The scoring processor taking up models.

    private void start(ScoringModel publishedBeforeStart) {
        start(publishedBeforeStart, List.of());
    }

    /** A start on stores that hold what a restart restores: the activities, the last scores in them. */
    private void start(ScoringModel publishedBeforeStart, List<KeyValue<String, CustomerActivity>> restored) {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(-1); // a task's stream time before its first record
        context.setCurrentSystemTimeMs(T0 + 400 * DAY);
        activities = addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("activity"), Serdes.String(),
                new ActivitySerde()).withLoggingDisabled().build());
        schedule = addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("schedule"), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AtRiskIndex.STORE), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build());
        models = addStore(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore("model"), Serdes.String(),
                modelSerdes.forValues(ScoringModel.class)).withLoggingDisabled().build());
        if (publishedBeforeStart != null) {
            publish(publishedBeforeStart);
        }
        restored.forEach(entry -> activities.put(entry.key, entry.value));
        Serializer<CustomerScore> writer = serdes.forValues(CustomerScore.class).serializer();
        processor = new CustomerScoring("activity", "schedule", new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0),
                new CustomerScoring.Rules(Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(1), false, 10_000,
                        Duration.ofDays(14), Duration.ofDays(30)), score -> writer.serialize("scores", score), "model",
                Duration.ofSeconds(1), BATCH);
        processor.init(context);
    }

    /** The customer's last emitted score, as its state keeps it; null if none. */
    private CustomerScore lastScore(String customer) {
        CustomerActivity activity = activities.get(customer);
        return activity == null || activity.lastScore() == null ? null
                : serdes.forValues(CustomerScore.class).deserializer().deserialize("scores", activity.lastScore().record());
    }

    private <S extends KeyValueStore<?, ?>> S addStore(S store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private void publish(ScoringModel model) {
        models.put(ModelRecords.CHURN_MODEL_KEY, ValueAndTimestamp.make(model, 0));
    }

    private void process(Interaction interaction) {
        long at = interaction.getOccurredAt().toEpochMilli();
        context.setRecordMetadata("interactions", 0, offset++);
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), at));
        processor.process(new Record<>(interaction.getCustomerId(), interaction, at));
    }

    private static Interaction order(String customer, String id, long at) {
        return Interaction.newBuilder().setCustomerId(customer).setChannel(Channel.ORDER).setEventId(id)
                .setOccurredAt(Instant.ofEpochMilli(at)).setSourceTopic("inputs").setSourcePartition(0)
                .setSourceOffset(0).setPayload(Events.order(id, customer, Instant.ofEpochMilli(at)).build()).build();
    }

    /** Each customer orders a few times in its first months; stream time ends at day 200. */
    private void history() {
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int o = 0; o <= c % 4; o++) {
                long at = T0 + (c + 30L * o) * DAY;
                process(order("c" + (100 + c), "c" + c + "-o" + o, at));
            }
        }
        process(order("c" + 100, "late-order", T0 + 200 * DAY));
        context.setCurrentStreamTimeMs(T0 + 200 * DAY);
        reviewDue(T0 + 200 * DAY);
        context.resetForwards();
    }

    /** The review punctuation in force, as the task runs it when stream time passes its tick. */
    private void reviewDue(long now) {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.STREAM_TIME && !p.cancelled())
                .findFirst().orElseThrow().getPunctuator().punctuate(now);
    }

    private void checkModel() {
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                .findFirst().orElseThrow().getPunctuator().punctuate(context.currentSystemTimeMs());
    }

    private List<CustomerScore> emitted() {
        List<CustomerScore> out = new ArrayList<>();
        context.forwarded().forEach(f -> {
            if (f.record().value() instanceof ScoringOutput.Score s) {
                out.add(s.score());
            }
        });
        return out;
    }

    private long alertsEmitted() {
        return context.forwarded().stream().filter(f -> f.record().value() instanceof ScoringOutput.Alert).count();
    }

    private static ScoringModel model(double r) {
        return ModelRecordsTest.record(ModelRecordsTest.fitted().withPopulation(r, 42.5, 0.7, 2.9));
    }

    /** Every index entry of the review schedule by customer: due times. */
    private Map<String, List<Long>> reviewIndex() {
        Map<String, List<Long>> out = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> all = schedule.all()) {
            all.forEachRemaining(entry -> {
                out.computeIfAbsent(ReviewSchedule.customerId(entry.key), k -> new ArrayList<>())
                        .add(ReviewSchedule.dueAt(entry.key));
            });
        }
        return out;
    }

    @Test
    void withNoModelPublishedTheSettingsScoreAndNothingIsReScored() {
        start(null);
        history();
        checkModel();
        assertTrue(context.forwarded().isEmpty());
        assertEquals(CustomerScorer.SETTINGS_VERSION, lastScore("c100").getModelVersion());
    }

    @Test
    void aPublishedModelReScoresEveryCustomerInBatchesWithItsVersion() {
        start(null);
        history();
        ScoringModel model = model(0.31);
        publish(model);

        List<Integer> batches = new ArrayList<>();
        for (int check = 0; check < 5; check++) {
            context.resetForwards();
            checkModel();
            batches.add(emitted().size());
            for (CustomerScore score : emitted()) {
                assertEquals(model.getVersion(), score.getModelVersion());
                assertEquals(180, score.getHorizonDays(), "the model's horizon");
                long lastEvent = activities.get(score.getCustomerId()).lastEventAt();
                assertEquals(Math.max(T0 + 200 * DAY, lastEvent), score.getAsOf().toEpochMilli(), "as of stream time");
            }
            assertEquals(0, alertsEmitted(), "a new model raises no alerts");
        }
        assertEquals(List.of(10, 10, 5, 0, 0), batches);
        try (KeyValueIterator<String, CustomerActivity> all = activities.all()) {
            all.forEachRemaining(entry -> assertEquals(model.getVersion(), lastScore(entry.key).getModelVersion(),
                    entry.key));
        }
        assertEquals(CUSTOMERS, processor.sweptCustomers);
    }

    @Test
    void reviewsAreBookedAgainWithTheNewModelsForecast() {
        start(null);
        history();
        Map<String, List<Long>> before = reviewIndex();
        ScoringModel model = model(0.05);
        publish(model);
        for (int check = 0; check < 3; check++) {
            checkModel();
        }

        CustomerScorer scorer = new CustomerScorer(ModelRecords.parameters(model, ModelParameters.defaults()),
                model.getVersion(), 0.02, 2.0);
        ScoreForecast forecast = new ScoreForecast(scorer, DAY);
        Map<String, List<Long>> after = reviewIndex();
        int moved = 0;
        for (int c = 0; c < CUSTOMERS; c++) {
            String customer = "c" + (100 + c);
            CustomerScore score = lastScore(customer);
            long expected = forecast.nextEmission(activities.get(customer), new CustomerScorer.Previous(
                    score.getChurnRisk(), score.getLoyalty(), ScoreRecords.band(score.getRiskBand()),
                    ScoreRecords.tier(score.getLoyaltyTier())), score.getAsOf().toEpochMilli(),
                    context.currentSystemTimeMs() - DAY);
            List<Long> due = after.getOrDefault(customer, List.of());
            assertEquals(expected == ScoreForecast.NEVER ? List.of() : List.of(expected), due, customer);
            if (!due.equals(before.getOrDefault(customer, List.of()))) {
                moved++;
            }
        }
        assertTrue(moved > 0, "a different population moves some reviews");

        // The re-booked reviews run: each customer's next score is the new model's, when its forecast said.
        context.resetForwards();
        long last = after.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElseThrow();
        processor.reviewDue(last);
        assertFalse(emitted().isEmpty());
        emitted().forEach(score -> assertEquals(model.getVersion(), score.getModelVersion()));
    }

    @Test
    void aNewModelInTheMiddleOfASweepStartsItOver() {
        start(null);
        history();
        ScoringModel first = model(0.31);
        publish(first);
        checkModel();
        assertEquals(BATCH, emitted().size());

        ScoringModel second = model(0.62);
        assertNotEquals(first.getVersion(), second.getVersion());
        publish(second);
        context.resetForwards();
        for (int check = 0; check < 4; check++) {
            checkModel();
        }
        List<CustomerScore> rescored = emitted();
        assertEquals(CUSTOMERS, rescored.size(), "every customer, those the first sweep reached too");
        rescored.forEach(score -> assertEquals(second.getVersion(), score.getModelVersion()));
    }

    @Test
    void customersForgottenMeanwhileAreNotReScored() {
        start(null);
        history();
        publish(model(0.31));
        checkModel();
        Interaction erasure = Interaction.newBuilder(order("c115", "erase", T0 + 200 * DAY)).setPayload(null).build();
        process(erasure);
        context.resetForwards();
        checkModel();
        checkModel();
        List<String> customers = emitted().stream().map(CustomerScore::getCustomerId).toList();
        assertEquals(CUSTOMERS - BATCH - 1, customers.size());
        assertFalse(customers.contains("c115"));
        assertNull(lastScore("c115"));
    }

    @Test
    void customersScoredByTheirOwnEventUnderTheNewModelAreNotScoredAgain() {
        start(null);
        history();
        ScoringModel model = model(0.31);
        publish(model);
        checkModel();
        process(order("c120", "after-the-model", T0 + 201 * DAY));
        assertEquals(model.getVersion(), lastScore("c120").getModelVersion(), "an event is scored with the new model");
        context.resetForwards();
        checkModel();
        checkModel();
        assertEquals(CUSTOMERS - BATCH - 1, emitted().size());
    }

    @Test
    void aModelThatCannotBeUsedIsRefusedAndTheModelInUseStays() {
        start(null);
        history();
        ScoringModel good = model(0.31);
        publish(good);
        for (int check = 0; check < 3; check++) {
            checkModel();
        }
        ScoringModel bad = model(0.4);
        bad.getPopulation().setAlphaDays(-1.0);
        bad.setVersion("bad-version");
        publish(bad);
        context.resetForwards();
        checkModel();
        checkModel();
        assertTrue(emitted().isEmpty());
        process(order("c101", "after-the-bad-model", T0 + 201 * DAY));
        assertEquals(good.getVersion(), emitted().get(0).getModelVersion());
    }

    @Test
    void aModelPublishedBeforeAStartIsScoredWithAtOnceAndSweepsTheOlderScores() {
        start(null);
        history();
        List<KeyValue<String, CustomerActivity>> oldActivities = new ArrayList<>();
        try (KeyValueIterator<String, CustomerActivity> all = activities.all()) {
            all.forEachRemaining(oldActivities::add);
        }

        // A restart with the model on the topic: the stores come back as they were.
        ScoringModel model = model(0.31);
        start(model, oldActivities);
        context.setCurrentStreamTimeMs(T0 + 200 * DAY);
        process(order("c100", "after-restart", T0 + 202 * DAY));
        assertEquals(model.getVersion(), emitted().get(0).getModelVersion());

        context.resetForwards();
        for (int check = 0; check < 3; check++) {
            checkModel();
        }
        // Reviews that fell due in the two days since are run first, as of their own time (their own scores).
        assertEquals(CUSTOMERS - 1, processor.sweptCustomers, "everyone but the customer who ordered under it");
        assertEquals(CUSTOMERS - 1, emitted().stream().filter(score -> score.getAsOf().toEpochMilli() == T0 + 202 * DAY)
                .count(), "one score each as of stream time");
        try (KeyValueIterator<String, CustomerActivity> all = activities.all()) {
            all.forEachRemaining(entry -> assertEquals(model.getVersion(), lastScore(entry.key).getModelVersion(),
                    entry.key));
        }
    }

    @Test
    void aReviewOverdueWhenTheSweepComesRunsFirstAsOfItsOwnTime() {
        start(null);
        history();
        // Stream time moves on a month without the review punctuation running (a day's tick while catching up).
        long now = T0 + 230 * DAY;
        context.setCurrentStreamTimeMs(now);
        Map<String, List<Long>> due = reviewIndex();
        String overdue = due.entrySet().stream().filter(e -> e.getValue().get(0) < now).map(Map.Entry::getKey)
                .sorted().findFirst().orElseThrow(() -> new AssertionError("some review falls due within the month"));
        long dueAt = due.get(overdue).get(0);
        publish(model(0.31));
        for (int check = 0; check < 3; check++) {
            checkModel();
        }
        List<CustomerScore> scores = emitted().stream().filter(score -> score.getCustomerId().equals(overdue)).toList();
        assertTrue(scores.size() >= 2, "its review, then the sweep's score: " + scores);
        assertEquals(dueAt, scores.get(0).getAsOf().toEpochMilli(), "the review as of its own due time");
        assertEquals(now, scores.get(scores.size() - 1).getAsOf().toEpochMilli(), "the sweep as of stream time");
        assertTrue(reviewIndex().getOrDefault(overdue, List.of()).stream().allMatch(at -> at >= now),
                "no review left behind the sweep");
    }
}
