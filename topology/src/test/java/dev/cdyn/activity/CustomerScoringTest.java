package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.Channel;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.scores.AlertKind;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import dev.cdyn.topology.Events;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.common.serialization.Serializer;
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
    private static final Duration ERASURE_KEPT = Duration.ofDays(30);

    private final RegistryAvroSerdes serdes = AvroSerdes.fromConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
            "mock://customer-scoring-test"));
    private MockProcessorContext<String, ScoringOutput> context;
    private CustomerScoring processor;
    private long offset;
    private int activityWrites;
    private int scheduleWrites;
    private Duration catchUpLag = Duration.ofDays(1);

    @AfterEach
    void close() {
        serdes.close();
    }

    private void start(int batchMax, boolean wallClock, long wallNow) {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(-1); // a task's stream time before its first record
        context.setCurrentSystemTimeMs(wallNow);
        // Writes counted where the stores encode what is put in them (a delete encodes no value).
        ActivitySerde activity = new ActivitySerde();
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("activity"), Serdes.String(),
                Serdes.serdeFrom((String topic, CustomerActivity value) -> {
                    activityWrites++;
                    return activity.serializer().serialize(topic, value);
                }, activity.deserializer())).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("schedule"), Serdes.Bytes(),
                Serdes.serdeFrom((String topic, byte[] value) -> {
                    scheduleWrites++;
                    return value;
                }, Serdes.ByteArray().deserializer())).withLoggingDisabled().build());
        addStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(AtRiskIndex.STORE), Serdes.Bytes(),
                Serdes.ByteArray()).withLoggingDisabled().build());
        startProcessor(batchMax, wallClock);
    }

    /** A new processor on the stores as they are: what a task does when it starts again. */
    private void startProcessor(int batchMax, boolean wallClock) {
        Serializer<CustomerScore> writer = serdes.forValues(CustomerScore.class).serializer();
        processor = new CustomerScoring("activity", "schedule", new CustomerScorer(MODEL, 0.02, 2.0),
                new CustomerScoring.Rules(Duration.ofDays(7), Duration.ofDays(1), catchUpLag, wallClock, batchMax,
                        Duration.ofDays(14), ERASURE_KEPT), score -> writer.serialize("scores", score));
        processor.init(context);
    }

    private void addStore(KeyValueStore<?, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private void process(Interaction interaction) {
        long at = interaction.getOccurredAt().toEpochMilli();
        context.setRecordMetadata("interactions", 0, offset++);
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), at));
        processor.process(new Record<>(interaction.getCustomerId(), interaction, at));
    }

    /** Runs the review punctuation in force (a change of pace cancels one and schedules another). */
    private void punctuate(long now) {
        reviewSchedule().getPunctuator().punctuate(now);
    }

    private MockProcessorContext.CapturedPunctuator reviewSchedule() {
        List<MockProcessorContext.CapturedPunctuator> live = context.scheduledPunctuators().stream()
                .filter(p -> !p.cancelled()).toList();
        assertEquals(1, live.size(), "one review punctuation in force");
        return live.get(0);
    }

    private static Interaction envelope(SpecificRecord event, Channel channel, String customer, String id, long at) {
        return Interaction.newBuilder().setCustomerId(customer).setChannel(channel).setEventId(id)
                .setOccurredAt(Instant.ofEpochMilli(at)).setSourceTopic("inputs").setSourcePartition(0)
                .setSourceOffset(0).setPayload(event).build();
    }

    private static Interaction orderOf(String orderId, String customer, long at) {
        return envelope(Events.order(orderId, customer, Instant.ofEpochMilli(at)).build(), Channel.ORDER, customer,
                orderId, at);
    }

    /**
     * What a customer's scores were: when, at which band and tier, and the alerts that came with
     * each (kind, from and to level, as {@code "RISK_BAND_RAISED LOW>MEDIUM"}).
     */
    private record Emission(String customer, long at, String band, String tier, double risk, List<String> alerts) {
    }

    /** The scores forwarded, each with the alerts forwarded right after it (a score goes out before its alerts). */
    private List<Emission> scores() {
        List<Emission> out = new ArrayList<>();
        context.forwarded().forEach(f -> {
            if (f.record().value() instanceof ScoringOutput.Score s) {
                CustomerScore score = s.score();
                out.add(new Emission(score.getCustomerId(), score.getAsOf().toEpochMilli(), score.getRiskBand().name(),
                        score.getLoyaltyTier().name(), score.getChurnRisk(), new ArrayList<>()));
            } else if (f.record().value() instanceof ScoringOutput.Alert a) {
                Emission last = out.get(out.size() - 1);
                ScoreAlert alert = a.alert();
                assertEquals(last.customer(), alert.getCustomerId(), "an alert follows its customer's score");
                assertEquals(last.at(), alert.getAsOf().toEpochMilli(), "an alert is as of its score");
                last.alerts().add(alert.getKind() + " " + alert.getFromLevel() + ">" + alert.getToLevel());
            }
        });
        return out;
    }

    private static List<String> alertsOf(CustomerScorer.Outcome outcome) {
        return outcome.alerts().stream().map(alert -> (alert.risk() ? AlertKind.RISK_BAND_RAISED
                : AlertKind.LOYALTY_TIER_DROPPED) + " " + alert.from().name() + ">" + alert.to().name()).toList();
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
                    out.add(new Emission(customer.getKey(), at, outcome.band().name(), outcome.tier().name(),
                            outcome.risk(), alertsOf(outcome)));
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
                assertEquals(w.get(i).alerts(), g.get(i).alerts(), customer + " #" + i + "'s alerts");
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
        long reviewsThatEmitted = reviewsThatEmitted(events, actual);
        long stretches = silentStretches(events, until);
        assertTrue(processor.reviewsRun - reviewsThatEmitted <= stretches, processor.reviewsRun + " reviews, "
                + reviewsThatEmitted + " emitted, " + stretches + " silent stretches");
        assertTrue(reviewsThatEmitted > 100, "silence moved scores: " + reviewsThatEmitted);
        assertTrue(processor.reviewsRun < 730 * 40 / 10, "far fewer reviews than customers × days: " + processor.reviewsRun);
        assertTrue(actual.stream().mapToLong(e -> e.alerts().size()).sum() > 10, "silence raised bands, with alerts");
    }

    @Test
    void noSilentStretchHasMoreThanOneReviewThatEmitsNothing() {
        List<Interaction> population = population(40, 14);
        long until = T0 + 730 * DAY;
        for (int c = 0; c < 40; c++) {
            String customer = "c" + c;
            List<Interaction> own = population.stream().filter(e -> e.getCustomerId().equals(customer)).toList();
            start(10_000, false, 0);
            run(own, until);
            List<Emission> emitted = scores();
            assertSameEmissions(rescoredDaily(own, until, false), emitted);
            long silent = processor.reviewsRun - reviewsThatEmitted(own, emitted);
            assertTrue(silent <= silentStretches(own, until), customer + ": " + silent + " reviews emitted nothing in "
                    + silentStretches(own, until) + " silent stretches");
        }
    }

    /** Scores not at the time of one of the customers' own events came from reviews. */
    private static long reviewsThatEmitted(List<Interaction> events, List<Emission> emitted) {
        return emitted.stream().filter(s -> events.stream().noneMatch(e -> e.getCustomerId().equals(s.customer())
                && e.getOccurredAt().toEpochMilli() == s.at())).count();
    }

    /** Per customer, each event followed by more than a review step without another (or until the end). */
    private static long silentStretches(List<Interaction> events, long until) {
        Map<String, List<Long>> times = new HashMap<>();
        events.forEach(e -> times.computeIfAbsent(e.getCustomerId(), k -> new ArrayList<>())
                .add(e.getOccurredAt().toEpochMilli()));
        long stretches = 0;
        for (List<Long> own : times.values()) {
            own.sort(Comparator.naturalOrder());
            for (int i = 0; i < own.size(); i++) {
                long next = i + 1 < own.size() ? own.get(i + 1) : until;
                stretches += next - own.get(i) > DAY ? 1 : 0;
            }
        }
        return stretches;
    }

    @Test
    void alertsComeWithTheTransitionsTheyReport() {
        start(10_000, false, 0);
        List<Interaction> events = population(40, 12);
        run(events, T0 + 730 * DAY);
        List<ScoreAlert> alerts = alerts();
        assertTrue(alerts.size() > 10, "silence raised bands: " + alerts.size());
        // Each alert reports the change between its customer's previous score and the one it comes with.
        Map<String, List<Emission>> byCustomer = byCustomer(scores());
        int reported = 0;
        for (List<Emission> own : byCustomer.values()) {
            for (int i = 1; i < own.size(); i++) {
                Emission before = own.get(i - 1);
                Emission after = own.get(i);
                for (String alert : after.alerts()) {
                    String[] levels = alert.substring(alert.indexOf(' ') + 1).split(">");
                    boolean risk = alert.startsWith(AlertKind.RISK_BAND_RAISED.name());
                    assertEquals(risk ? before.band() : before.tier(), levels[0], alert + " at " + after);
                    assertEquals(risk ? after.band() : after.tier(), levels[1], alert + " at " + after);
                    reported++;
                }
            }
        }
        assertEquals(alerts.size(), reported, "no alert with a customer's first score");
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
    void aCustomersStateIsWrittenOnlyWhenSomethingInItChanged() {
        start(10_000, false, 0);
        long at = T0;
        Interaction order = orderOf("o1", "c1", at);
        process(order);
        assertEquals(1, activityWrites, "a new customer's state");
        assertEquals(1, scheduleWrites, "and its review, booked");
        long due = reviewOf("c1");
        assertTrue(due > at, "a first order's score moves with silence: " + due);

        process(order);
        assertEquals(1, activityWrites, "a retried event changes nothing and writes nothing");
        assertEquals(1, scheduleWrites);
        punctuate(due - 1);
        assertEquals(1, activityWrites, "a punctuation before the review is due writes nothing");
        assertEquals(1, scheduleWrites);

        context.resetForwards();
        punctuate(due);
        assertEquals(1, scores().size(), "the review emits what silence moved");
        assertEquals(2, activityWrites, "the review writes the state once: its new score and next review");
        long next = reviewOf("c1");
        assertEquals(next >= 0 ? 2 : 1, scheduleWrites, "and books the next review, if any, in the index");
        punctuate(due);
        assertEquals(2, activityWrites, "the same punctuation again finds nothing due and writes nothing");
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
        long now = due; // what a review books is later than its due time, so no one comes round twice here
        punctuate(now);
        assertEquals(before + 3, processor.reviewsRun, "one batch");
        assertEquals(due, processor.scannedUpTo(), "the next scan starts at the last due seen, not at the start");
        punctuate(now);
        assertEquals(before + 6, processor.reviewsRun, "the next batch, from where the first stopped");
        assertEquals(due, processor.scannedUpTo());
        punctuate(now);
        assertEquals(before + 8, processor.reviewsRun, "the last two, and the scan found nothing more due");
        assertEquals(now + 1, processor.scannedUpTo(), "nothing due by now is left: the next scan starts after it");
        for (int c = 0; c < 8; c++) {
            long next = reviewOf("same-" + c);
            assertTrue(next != due, "same-" + c + " was reviewed and booked anew (" + next + ")");
            assertTrue(next < 0 || next > now, "same-" + c + "'s next review is after the scan (" + next + ")");
        }
    }

    @Test
    void reviewsArePunctuatedEveryMinuteWhileLiveAndEveryReviewStepWhileCatchingUpUnlessABatchWasCut() {
        long wallNow = T0 + 400 * DAY;
        start(3, false, wallNow);
        assertEquals(Duration.ofMinutes(1).toMillis(), reviewSchedule().getInterval().toMillis(), "live until a record says otherwise");
        for (int c = 0; c < 8; c++) {
            process(orderOf("o" + c, "c" + c, T0));
        }
        assertEquals(PunctuationType.STREAM_TIME, reviewSchedule().getType());
        assertEquals(DAY, reviewSchedule().getInterval().toMillis(), "stream time a year behind the clock: a tick a day");
        assertEquals(DAY, processor.reviewTickMs());
        // Eight customers fall due together and a scan takes three: until one empties what is due, the live pace.
        long due = reviewOf("c0");
        punctuate(due);
        process(orderOf("p1", "other", due));
        assertEquals(Duration.ofMinutes(1).toMillis(), reviewSchedule().getInterval().toMillis(),
                "reviews were left at the batch cap");
        punctuate(due);
        process(orderOf("p2", "other", due + 1));
        assertEquals(Duration.ofMinutes(1).toMillis(), processor.reviewTickMs(), "still some left");
        punctuate(due + 1);
        process(orderOf("p3", "other", due + 2));
        assertEquals(DAY, processor.reviewTickMs(), "nothing left due: the catch-up pace again");
        for (int c = 0; c < 8; c++) {
            assertTrue(reviewOf("c" + c) != due, "c" + c + " was reviewed");
        }
        // Stream time reaches the present: every minute again.
        process(orderOf("p4", "other", wallNow));
        assertEquals(Duration.ofMinutes(1).toMillis(), reviewSchedule().getInterval().toMillis());
        // Four changes of pace (to a day, to a minute, to a day, to a minute), each replacing the schedule in force.
        assertEquals(4, context.scheduledPunctuators().stream().filter(MockProcessorContext.CapturedPunctuator::cancelled)
                .count(), "a schedule replaced only when the pace changed");
    }

    @Test
    void withNoCatchUpLagLiveRecordsStillKeepTheMinutePace() {
        catchUpLag = Duration.ZERO;
        long wallNow = T0 + 400 * DAY;
        start(10_000, false, wallNow);
        process(orderOf("o1", "live", wallNow - 5_000));
        assertEquals(Duration.ofMinutes(1).toMillis(), processor.reviewTickMs(),
                "seconds behind the clock is live, whatever the lag says");
        start(10_000, false, wallNow);
        process(orderOf("o2", "old", T0));
        assertEquals(DAY, processor.reviewTickMs(), "a year behind is catching up");
    }

    @Test
    void anEventAfterTheErasureMarkerRanOutStartsANewCustomerBeforeTheMarkersReviewHasRun() {
        start(10_000, false, 0);
        process(orderOf("o1", "gone", T0));
        long erasedAt = T0 + DAY;
        process(envelope(null, Channel.ACCOUNT, "gone", "erase-1", erasedAt));
        context.resetForwards();
        // No review punctuation between (a day's tick while catching up): the marker is still in the store.
        long back = erasedAt + ERASURE_KEPT.toMillis() + 1;
        process(orderOf("o2", "gone", back));
        assertEquals(1, scores().size(), "scored as a new customer, not turned away");
        assertTrue(context.forwarded().stream().noneMatch(f -> f.record().value() instanceof ScoringOutput.DeadLetter));
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        assertEquals(-1, activities.get("gone").erasedAt());
        assertEquals(1, activities.get("gone").lifetimeOrders());
        punctuate(back);
        assertEquals(1, activities.get("gone").lifetimeOrders(), "the marker's old review finds nothing to remove");
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

    @Test
    void aRetriedEventCountsOnceJudgedOnItsCustomersOwnTime() {
        start(10_000, false, 0);
        long at = T0;
        Interaction order = orderOf("o1", "slow", at);
        process(order);
        // Another customer's history replayed far ahead in event time meanwhile: the first one's memory is its own.
        for (int d = 0; d < 60; d++) {
            long t = at + d * 10 * DAY;
            process(envelope(Events.call("c" + d, "replayed", Instant.ofEpochMilli(t)).build(), Channel.CALL, "replayed",
                    "c" + d, t));
        }
        process(order);
        process(envelope(Events.meeting("o1", "slow", Instant.ofEpochMilli(at)).build(), Channel.MEETING, "slow", "o1", at));
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        assertEquals(1, activities.get("slow").lifetimeOrders(), "the retry did not count");
        long accepted = context.forwarded().stream().filter(f -> f.record().value() instanceof ScoringOutput.Accepted
                && "slow".equals(f.record().key())).count();
        assertEquals(2, accepted, "the order once, and the same id on another channel, which is another event");
        assertTrue(activities.get("replayed").rememberedEventCount() <= 2, "ids older than the retention are forgotten: "
                + activities.get("replayed").rememberedEventCount());
    }

    @Test
    void anErasedCustomersEventsAreTurnedAwayUntilTheMarkerExpires() {
        start(10_000, false, 0);
        long at = T0;
        process(envelope(Events.order("o1", "gone", Instant.ofEpochMilli(at)).build(), Channel.ORDER, "gone", "o1", at));
        assertEquals(1, atRiskEntries("gone"));
        long erasedAt = at + DAY;
        process(envelope(null, Channel.ACCOUNT, "gone", "erase-1", erasedAt));
        assertEquals(0, atRiskEntries("gone"), "no longer listed");
        assertTrue(context.forwarded().stream().anyMatch(f -> f.record().value() instanceof ScoringOutput.Forgotten
                && "gone".equals(f.record().key())), "its score leaves the scores topic");
        context.resetForwards();

        // An in-flight event, and one replayed from before the erasure: neither brings the customer back.
        process(envelope(Events.order("o2", "gone", Instant.ofEpochMilli(erasedAt + 1)).build(), Channel.ORDER, "gone",
                "o2", erasedAt + 1));
        process(envelope(Events.order("o1", "gone", Instant.ofEpochMilli(at)).build(), Channel.ORDER, "gone", "o1", at));
        List<ScoringOutput.DeadLetter> refused = new ArrayList<>();
        context.forwarded().forEach(f -> {
            assertTrue(f.record().value() instanceof ScoringOutput.DeadLetter, "only dead letters: " + f.record());
            assertEquals(null, f.record().key(), "not even the key is kept");
            assertEquals("erased", new String(f.record().headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
            refused.add((ScoringOutput.DeadLetter) f.record().value());
        });
        assertEquals(2, refused.size());
        assertTrue(refused.stream().allMatch(d -> d.interaction() == null), "nothing of the event is kept");
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        assertEquals(erasedAt, activities.get("gone").erasedAt());
        assertEquals(0, activities.get("gone").lifetimeOrders());

        // Once the marker's time is over, the id may start again as a new customer.
        punctuate(erasedAt + ERASURE_KEPT.toMillis());
        assertEquals(null, activities.get("gone"), "the marker is gone");
        context.resetForwards();
        long back = erasedAt + ERASURE_KEPT.toMillis() + DAY;
        process(envelope(Events.order("o3", "gone", Instant.ofEpochMilli(back)).build(), Channel.ORDER, "gone", "o3",
                back));
        assertEquals(1, scores().size());
        assertEquals(1, activities.get("gone").lifetimeOrders());
    }

    @Test
    void aTaskThatStartsAgainRebuildsItsIndexesFromTheActivities() {
        start(10_000, false, 0);
        List<Interaction> events = population(20, 5);
        long until = T0 + 200 * DAY;
        run(events, until);
        Map<String, Long> reviews = new HashMap<>();
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        try (var all = activities.all()) {
            all.forEachRemaining(e -> reviews.put(e.key, e.value.reviewAt()));
        }
        long indexed = indexEntries();
        long listed = atRiskEntries(null);
        assertTrue(indexed > 0 && listed == reviews.size(), indexed + " reviews, " + listed + " listed");

        // The local indexes of a moved or crashed task: stale entries and missing ones.
        KeyValueStore<Bytes, byte[]> schedule = context.getStateStore("schedule");
        KeyValueStore<Bytes, byte[]> atRisk = context.getStateStore(AtRiskIndex.STORE);
        try (var all = schedule.all()) {
            List<Bytes> keys = new ArrayList<>();
            all.forEachRemaining(e -> keys.add(e.key));
            keys.subList(0, keys.size() / 2).forEach(schedule::delete);
        }
        schedule.put(ReviewSchedule.key(until - DAY, "nobody"), new byte[0]);
        atRisk.put(AtRiskIndex.key(3, 0.99, "nobody"), new byte[0]);
        startProcessor(10_000, false);

        assertEquals(indexed, indexEntries());
        assertEquals(listed, atRiskEntries(null));
        try (var all = schedule.all()) {
            all.forEachRemaining(e -> assertEquals(reviews.get(ReviewSchedule.customerId(e.key)),
                    ReviewSchedule.dueAt(e.key)));
        }
    }

    @Test
    void aCustomerReplayedWhileOthersAreLiveIsScoredForwardInTimeOnly() {
        start(10_000, false, 0);
        long live = T0 + 400 * DAY;
        process(envelope(Events.order("l1", "live", Instant.ofEpochMilli(live)).build(), Channel.ORDER, "live", "l1",
                live));
        punctuate(live);
        // One customer's history of a year ago, replayed now: stream time stays at the present.
        for (int d = 0; d <= 120; d += 6) {
            long t = T0 + d * DAY;
            process(envelope(Events.order("r" + d, "replayed", Instant.ofEpochMilli(t)).build(), Channel.ORDER,
                    "replayed", "r" + d, t));
            punctuate(live + d * 60_000L);
        }
        List<Emission> replayed = scores().stream().filter(e -> e.customer().equals("replayed")).toList();
        assertTrue(replayed.size() >= 2, replayed.toString());
        for (int i = 1; i < replayed.size(); i++) {
            assertTrue(replayed.get(i).at() >= replayed.get(i - 1).at(), "never back in time: " + replayed);
        }
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        assertEquals(21, activities.get("replayed").lifetimeOrders(), "every replayed order counted");
    }

    /** Entries of the at-risk index for this customer (any customer for null). */
    private long atRiskEntries(String customer) {
        KeyValueStore<Bytes, byte[]> index = context.getStateStore(AtRiskIndex.STORE);
        long entries = 0;
        try (var all = index.all()) {
            while (all.hasNext()) {
                String id = AtRiskIndex.customerId(all.next().key);
                entries += customer == null || customer.equals(id) ? 1 : 0;
            }
        }
        return entries;
    }

    /** The customer's pending review time, as its activity holds it. */
    private long reviewOf(String customer) {
        KeyValueStore<String, CustomerActivity> activities = context.getStateStore("activity");
        return activities.get(customer).reviewAt();
    }
}
