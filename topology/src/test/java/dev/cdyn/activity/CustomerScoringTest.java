package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.Channel;
import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import dev.cdyn.topology.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scoring processor on its own, driven through {@link MockProcessorContext}: reviews booked
 * only for when a score would move emit what daily re-scoring emits, the review scan keeps to its
 * batch and resumes where it stopped, and reviews follow the wall clock when asked to.
 */
class CustomerScoringTest {

    private static final long DAY = CustomerActivity.DAY_MS;
    private static final long T0 = Events.T0.toEpochMilli();
    private static final ModelParameters MODEL = ModelParameters.defaults();

    private final RegistryAvroSerdes serdes = AvroSerdes.fromConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
            "mock://customer-scoring-test"));
    private MockProcessorContext<String, ScoringOutput> context;
    private CustomerScoring processor;
    private long offset;

    @AfterEach
    void close() {
        serdes.close();
    }

    private void start(int batchMax, boolean wallClock, long wallNow) {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(wallNow);
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("activity"), Serdes.String(),
                new ActivitySerde()).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("scores"), Serdes.String(),
                serdes.forValues(CustomerScore.class)).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("schedule"), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AtRiskIndex.STORE), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build());
        processor = new CustomerScoring("activity", "scores", "schedule", new CustomerScorer(MODEL, 0.02, 2.0),
                Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(1), wallClock, batchMax);
        processor.init(context);
    }

    private void addStore(KeyValueStore<?, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private void process(Interaction interaction) {
        long at = interaction.getOccurredAt().toEpochMilli();
        context.setRecordMetadata("interactions", 0, offset++);
        processor.process(new Record<>(interaction.getCustomerId(), interaction, at));
    }

    private void punctuate(long now) {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
    }

    private static Interaction envelope(SpecificRecord event, Channel channel, String customer, String id, long at) {
        return Interaction.newBuilder().setCustomerId(customer).setChannel(channel).setEventId(id)
                .setOccurredAt(Instant.ofEpochMilli(at)).setSourceTopic("inputs").setSourcePartition(0)
                .setSourceOffset(0).setPayload(event).build();
    }

    /** What a customer's scores were: when, and at which band and tier; alerts apart. */
    private record Emission(String customer, long at, String band, String tier, double risk) {
    }

    private List<Emission> scores() {
        List<Emission> out = new ArrayList<>();
        context.forwarded().forEach(f -> {
            if (f.record().value() instanceof ScoringOutput.Score s) {
                CustomerScore score = s.score();
                out.add(new Emission(score.getCustomerId(), score.getAsOf().toEpochMilli(), score.getRiskBand().name(),
                        score.getLoyaltyTier().name(), score.getChurnRisk()));
            }
        });
        return out;
    }

    private List<ScoreAlert> alerts() {
        List<ScoreAlert> out = new ArrayList<>();
        context.forwarded().forEach(f -> {
            if (f.record().value() instanceof ScoringOutput.Alert a) {
                out.add(a.alert());
            }
        });
        return out;
    }

    /** Two years of a varied population: one-time buyers, regulars who stop, bursts between long silences. */
    private static List<Interaction> population(int customers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Interaction> events = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String id = "c" + c;
            int kind = c % 4;
            long first = T0 + random.nextLong(200) * DAY + random.nextLong(DAY);
            events.add(envelope(Events.account(id, Instant.ofEpochMilli(first)).build(), Channel.ACCOUNT, id,
                    id + "-account", first));
            int bursts = kind == 0 ? 1 : kind == 1 ? 1 : 2 + random.nextInt(3);
            long at = first;
            for (int b = 0; b < bursts; b++) {
                int orders = kind == 0 ? 1 : 2 + random.nextInt(kind == 1 ? 12 : 4);
                for (int o = 0; o < orders; o++) {
                    at += (kind == 1 ? 5 + random.nextLong(20) : 1 + random.nextLong(6)) * DAY + random.nextLong(DAY);
                    String order = id + "-o" + b + "-" + o;
                    events.add(envelope(Events.order(order, id, Instant.ofEpochMilli(at)).build(), Channel.ORDER, id,
                            order, at));
                    if (random.nextDouble() < 0.5) {
                        long talk = at + random.nextLong(3 * DAY);
                        events.add(envelope(Events.call(order + "-call", id, Instant.ofEpochMilli(talk))
                                .setSentiment(random.nextDouble() * 2 - 1).build(), Channel.CALL, id, order + "-call",
                                talk));
                    }
                }
                if (random.nextDouble() < 0.4) {
                    long ticket = at + random.nextLong(10 * DAY);
                    events.add(envelope(Events.ticket(id + "-t" + b, id, Instant.ofEpochMilli(ticket)).build(),
                            Channel.SUPPORT_TICKET, id, id + "-t" + b, ticket));
                }
                at += (60 + random.nextLong(200)) * DAY; // a silence of two to nine months
            }
        }
        events.removeIf(e -> e.getOccurredAt().toEpochMilli() > T0 + 730 * DAY);
        events.sort(Comparator.comparing(Interaction::getOccurredAt));
        return events;
    }

    /**
     * The reference: every customer re-scored every day after its last scoring, an event scoring
     * it at the event's time; a score is emitted when the scorer says it moved enough.
     */
    private static List<Emission> rescoredDaily(List<Interaction> events, long until, boolean transitionsOnly) {
        CustomerScorer scorer = new CustomerScorer(MODEL, 0.02, 2.0);
        Map<String, List<Interaction>> byCustomer = new HashMap<>();
        events.forEach(e -> byCustomer.computeIfAbsent(e.getCustomerId(), k -> new ArrayList<>()).add(e));
        List<Emission> out = new ArrayList<>();
        for (Map.Entry<String, List<Interaction>> customer : byCustomer.entrySet()) {
            CustomerActivity activity = new CustomerActivity();
            CustomerScorer.Previous previous = null;
            List<Interaction> own = customer.getValue();
            long scoredAt = -1;
            int next = 0;
            while (next < own.size() || scoredAt >= 0 && scoredAt + DAY <= until) {
                long eventAt = next < own.size() ? own.get(next).getOccurredAt().toEpochMilli() : Long.MAX_VALUE;
                boolean review = scoredAt >= 0 && scoredAt + DAY < eventAt;
                long at;
                if (review) {
                    at = scoredAt + DAY;
                } else {
                    ActivityRecorder.record(activity, own.get(next++));
                    at = activity.lastEventAt();
                }
                CustomerScorer.Outcome outcome = scorer.score(FeatureExtractor.features(activity, at), previous,
                        review && transitionsOnly);
                if (outcome.emit()) {
                    previous = new CustomerScorer.Previous(outcome.risk(), outcome.loyalty(), outcome.band(), outcome.tier());
                    out.add(new Emission(customer.getKey(), at, outcome.band().name(), outcome.tier().name(), outcome.risk()));
                }
                scoredAt = at;
            }
        }
        return out;
    }

    private void run(List<Interaction> events, long until) {
        long streamTime = T0;
        for (Interaction event : events) {
            long at = event.getOccurredAt().toEpochMilli();
            // Other customers' traffic moves stream time on between this customer's events.
            for (long tick = streamTime + DAY; tick < at; tick += DAY) {
                punctuate(tick);
            }
            process(event);
            streamTime = Math.max(streamTime, at);
            punctuate(streamTime);
        }
        for (long tick = streamTime + DAY; tick <= until; tick += DAY) {
            punctuate(tick);
        }
    }

    private static Map<String, List<Emission>> byCustomer(List<Emission> emissions) {
        Map<String, List<Emission>> out = new TreeMap<>();
        emissions.forEach(e -> out.computeIfAbsent(e.customer(), k -> new ArrayList<>()).add(e));
        out.values().forEach(list -> list.sort(Comparator.comparingLong(Emission::at)));
        return out;
    }

    private static void assertSameEmissions(List<Emission> expected, List<Emission> actual) {
        Map<String, List<Emission>> want = byCustomer(expected);
        Map<String, List<Emission>> got = byCustomer(actual);
        assertEquals(want.keySet(), got.keySet());
        for (String customer : want.keySet()) {
            List<Emission> w = want.get(customer);
            List<Emission> g = got.get(customer);
            assertEquals(w.size(), g.size(), customer + ": " + w + " vs " + g);
            for (int i = 0; i < w.size(); i++) {
                assertEquals(w.get(i).band(), g.get(i).band(), customer + " #" + i);
                assertEquals(w.get(i).tier(), g.get(i).tier(), customer + " #" + i);
                long late = g.get(i).at() - w.get(i).at();
                assertTrue(late >= 0 && late <= DAY, customer + " #" + i + " is " + late + " ms late");
            }
        }
    }

    @Test
    void emitsWhatDailyReScoringEmitsWithAlmostNoReviewThatEmitsNothing() {
        start(10_000, false, 0);
        List<Interaction> events = population(40, 11);
        long until = T0 + 730 * DAY;
        run(events, until);

        List<Emission> expected = rescoredDaily(events, until, false);
        List<Emission> actual = scores();
        assertSameEmissions(expected, actual);
        long fromEvents = events.stream().filter(e -> actual.stream().anyMatch(s -> s.customer().equals(e.getCustomerId())
                && s.at() == e.getOccurredAt().toEpochMilli())).count();
        long reviewsThatEmitted = actual.size() - fromEvents;
        long silentStretches = 40 * 5; // at most five bursts a customer, each followed by silence
        assertTrue(processor.reviewsRun - reviewsThatEmitted <= silentStretches, processor.reviewsRun + " reviews, "
                + reviewsThatEmitted + " emitted");
        assertTrue(reviewsThatEmitted > 100, "silence moved scores: " + reviewsThatEmitted);
        assertTrue(processor.reviewsRun < 730 * 40 / 10, "far fewer reviews than customers × days: " + processor.reviewsRun);
    }

    @Test
    void alertsComeWithTheTransitionsTheyReport() {
        start(10_000, false, 0);
        List<Interaction> events = population(40, 12);
        run(events, T0 + 730 * DAY);
        List<ScoreAlert> alerts = alerts();
        assertTrue(alerts.size() > 10, "silence raised bands: " + alerts.size());
        List<Emission> scores = scores();
        for (ScoreAlert alert : alerts) {
            assertTrue(scores.stream().anyMatch(s -> s.customer().equals(alert.getCustomerId())
                    && s.at() == alert.getAsOf().toEpochMilli()), "a score goes with " + alert);
        }
    }

    @Test
    void catchingUpOnHistoryEmitsTransitionsOnlyAsOfTheirOwnTime() {
        // The wall clock is a year past the history: every review is catching up.
        start(10_000, false, T0 + 1_100 * DAY);
        List<Interaction> events = population(40, 13);
        long until = T0 + 730 * DAY;
        run(events, until);
        List<Emission> expected = rescoredDaily(events, until, true);
        assertSameEmissions(expected, scores());
        assertTrue(scores().size() < rescoredDaily(events, until, false).size(), "small moves are folded");
    }

    @Test
    void aCustomerWhoseScoreCannotMoveHasNoReviewBooked() {
        start(10_000, false, 0);
        // One order and nothing since: its risk climbs towards certainty, ever more slowly, until it
        // would not move enough to be emitted within the look-ahead; from then on nothing is booked.
        long at = T0;
        process(envelope(Events.order("o1", "quiet", Instant.ofEpochMilli(at)).build(), Channel.ORDER, "quiet", "o1", at));
        int years = 0;
        while (indexEntries() > 0 && years < 40) {
            punctuate(at + ++years * 365 * DAY);
        }
        assertEquals(0, indexEntries(), "no review left in the index after " + years + " years");
        assertTrue(scores().size() > 5, "silence was scored on the way: " + scores().size());
        long reviews = processor.reviewsRun;
        punctuate(at + 100 * 365 * DAY);
        assertEquals(reviews, processor.reviewsRun, "and none runs until the customer's next event");
    }

    private long indexEntries() {
        KeyValueStore<Bytes, byte[]> schedule = context.getStateStore("schedule");
        long entries = 0;
        try (var all = schedule.all()) {
            while (all.hasNext()) {
                entries += ReviewSchedule.dueAt(all.next().key) >= 0 ? 1 : 0;
            }
        }
        return entries;
    }

    @Test
    void aScanDoesAtMostABatchAndTheNextResumesWhereItStopped() {
        start(3, false, 0);
        long at = T0;
        for (int c = 0; c < 8; c++) {
            String id = "same-" + c;
            process(envelope(Events.order(id + "-o", id, Instant.ofEpochMilli(at)).build(), Channel.ORDER, id,
                    id + "-o", at));
        }
        context.resetForwards();
        // Everyone falls due on the same day; three reviews a punctuation.
        long due = reviewOf("same-0");
        for (int c = 1; c < 8; c++) {
            assertEquals(due, reviewOf("same-" + c), "the same customers, the same forecast");
        }
        long before = processor.reviewsRun;
        punctuate(due + 30 * DAY);
        assertEquals(before + 3, processor.reviewsRun, "one batch");
        punctuate(due + 30 * DAY);
        assertEquals(before + 6, processor.reviewsRun, "the next batch, from where the first stopped");
        punctuate(due + 30 * DAY);
        assertTrue(processor.reviewsRun >= before + 8, "every customer reviewed");
    }

    @Test
    void aReviewBookedDuringABatchEarlierThanTheBatchsLastIsStillFound() {
        start(10_000, false, 0);
        long at = T0;
        // A regular buyer whose risk climbs fast once it stops, and one that falls due much later.
        for (int d = 0; d <= 60; d += 6) {
            long t = at + d * DAY;
            process(envelope(Events.order("r" + d, "regular", Instant.ofEpochMilli(t)).build(), Channel.ORDER,
                    "regular", "r" + d, t));
        }
        long late = at + 150 * DAY;
        process(envelope(Events.order("x", "other", Instant.ofEpochMilli(late)).build(), Channel.ORDER, "other", "x",
                late));
        context.resetForwards();
        long first = reviewOf("regular");
        // One punctuation far ahead: the regular's reviews chain through it, earlier than the other's.
        punctuate(late + 200 * DAY);
        List<Emission> regular = scores().stream().filter(e -> e.customer().equals("regular")).toList();
        assertTrue(regular.size() >= 3, "its reviews kept being found: " + regular);
        assertEquals(first, regular.get(0).at());
    }

    @Test
    void onTheWallClockReviewsFollowItAndScoreAsOfTheirDueTime() {
        start(10_000, true, T0);
        assertEquals(PunctuationType.WALL_CLOCK_TIME, context.scheduledPunctuators().get(0).getType());
        long at = T0;
        for (int d = 0; d <= 42; d += 7) {
            long t = at + d * DAY;
            process(envelope(Events.order("w" + d, "w", Instant.ofEpochMilli(t)).build(), Channel.ORDER, "w", "w" + d, t));
        }
        context.resetForwards();
        long due = reviewOf("w");
        punctuate(due - 1);
        assertEquals(0, scores().size(), "not yet due on the wall clock");
        punctuate(due);
        assertEquals(1, scores().size());
        assertEquals(due, scores().get(0).at(), "scored as of its due time");
    }

    /** The customer's pending review time, from the activity and the booking. */
    private long reviewOf(String customer) {
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        KeyValueStore<Bytes, byte[]> schedule = context.getStateStore("schedule");
        byte[] booking = schedule.get(ReviewSchedule.booking(customer));
        return booking != null ? ReviewSchedule.bookedAt(booking) : activities.get(customer).reviewAt();
    }
}
