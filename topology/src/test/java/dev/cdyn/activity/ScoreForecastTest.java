package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.scoring.ChurnTerm;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The forecast finds the first step at which re-scoring every step would emit, without scoring every step. */
class ScoreForecastTest {

    private static final long DAY = CustomerActivity.DAY_MS;
    private static final long NOW = Customers.NOW;
    private final CustomerScorer scorer = new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0);
    private final ScoreForecast forecast = new ScoreForecast(scorer, DAY);

    /** Re-scores every day up to the look-ahead: what the forecast must agree with. */
    private static long everyDay(CustomerScorer scorer, CustomerActivity activity, CustomerScorer.Previous previous,
                                 long from, long liveFrom) {
        return everyStep(scorer, activity, previous, from, liveFrom, DAY);
    }

    /** Re-scores every step of the grid up to the look-ahead. */
    private static long everyStep(CustomerScorer scorer, CustomerActivity activity, CustomerScorer.Previous previous,
                                  long from, long liveFrom, long step) {
        for (long at = from + step; at <= from + ScoreForecast.LOOK_AHEAD_MS; at += step) {
            if (scorer.wouldEmit(FeatureExtractor.features(activity, at), previous, at < liveFrom)) {
                return at;
            }
        }
        return ScoreForecast.NEVER;
    }

    private long everyDay(CustomerActivity activity, CustomerScorer.Previous previous, long from, long liveFrom) {
        return everyDay(scorer, activity, previous, from, liveFrom);
    }

    private CustomerScorer.Previous scoredAt(CustomerActivity activity, long at) {
        CustomerScorer.Outcome outcome = scorer.score(FeatureExtractor.features(activity, at), null);
        return new CustomerScorer.Previous(outcome.risk(), outcome.loyalty(), outcome.band(), outcome.tier());
    }

    @Test
    void agreesWithDailyReScoringForRecognisableCustomers() {
        for (CustomerActivity activity : new CustomerActivity[] {Customers.typical(), Customers.busy()}) {
            for (int days : new int[] {0, 3, 20, 45, 100, 400}) {
                long from = NOW + days * DAY;
                CustomerScorer.Previous previous = scoredAt(activity, NOW);
                assertEquals(everyDay(activity, previous, from, 0), forecast.nextEmission(activity, previous, from, 0),
                        "from day " + days);
            }
        }
    }

    @Test
    void agreesWithDailyReScoringForRandomCustomersLiveAndCatchingUp() {
        SplittableRandom random = new SplittableRandom(7);
        int never = 0;
        for (int c = 0; c < 300; c++) {
            Scored s = scoredSomeDaysOn(random, 200);
            long expected = everyDay(s.activity(), s.previous(), s.at(), s.liveFrom());
            never += expected == ScoreForecast.NEVER ? 1 : 0;
            assertEquals(expected, forecast.nextEmission(s.activity(), s.previous(), s.at(), s.liveFrom()),
                    "customer " + c);
        }
        assertTrue(never > 0 && never < 300, "both kinds of customer are covered: " + never + " never move again");
    }

    @Test
    void agreesWithReScoringEveryStepOfAGridThatIsNotTheDays() {
        // Seven hours: steps fall at any hour, scoring times and the start of live time between them.
        long step = 7 * 3_600_000L;
        ScoreForecast sevenHourly = new ScoreForecast(scorer, step);
        SplittableRandom random = new SplittableRandom(5);
        int far = 0;
        for (int c = 0; c < 40; c++) {
            CustomerActivity activity = randomCustomer(random);
            long at = activity.lastEventAt() + random.nextLong(100 * DAY);
            CustomerScorer.Previous previous = scoredAt(activity, at);
            long liveFrom = random.nextBoolean() ? 0 : at + random.nextLong(200 * DAY);
            long expected = everyStep(scorer, activity, previous, at, liveFrom, step);
            far += expected - at > 30 * DAY ? 1 : 0;
            assertEquals(expected, sevenHourly.nextEmission(activity, previous, at, liveFrom), "customer " + c);
        }
        assertTrue(far > 0 && far < 40, "emissions within a month and further on: " + far + " further");
    }

    @Test
    void aShortLookStopsOnTheGridBeforeTheEmissionAndALookFromThereFindsIt() {
        SplittableRandom random = new SplittableRandom(11);
        int stopped = 0;
        for (int c = 0; c < 300; c++) {
            Scored s = scoredSomeDaysOn(random, 100);
            long all = forecast.nextEmission(s.activity(), s.previous(), s.at(), s.liveFrom());
            // Over two segments at most, or up to a time some days on.
            long shortLook = random.nextBoolean()
                    ? forecast.nextEmission(s.activity(), s.previous(), s.at(), s.liveFrom(), 2, ScoreForecast.NEVER)
                    : forecast.nextEmission(s.activity(), s.previous(), s.at(), s.liveFrom(), Integer.MAX_VALUE,
                            s.at() + random.nextLong(1, 60) * DAY);
            if (shortLook == all) {
                continue;
            }
            stopped++;
            assertTrue(shortLook > s.at() && shortLook < all, "customer " + c + " stopped before the emission");
            assertEquals(0, (shortLook - s.at()) % DAY, "customer " + c + " stopped on the grid");
            // The review there emits nothing, and books the emission that looking all the way found.
            assertTrue(!scorer.wouldEmit(FeatureExtractor.features(s.activity(), shortLook), s.previous(),
                    shortLook < s.liveFrom()), "customer " + c);
            assertEquals(all, forecast.nextEmission(s.activity(), s.previous(), shortLook, s.liveFrom()),
                    "customer " + c);
        }
        assertTrue(stopped > 10 && stopped < 300, "some looks stopped short, not all: " + stopped);
    }

    @Test
    void agreesWithDailyReScoringUnderFittedWeights() {
        double[] recencyWeighs = ChurnWeights.defaults().weights();
        recencyWeighs[ChurnTerm.RECENCY.ordinal()] = 0.8;
        recencyWeighs[ChurnTerm.ORDER_RHYTHM.ordinal()] = 0.4;
        double[] rhythmOnly = recencyWeighs.clone();
        rhythmOnly[ChurnTerm.RECENCY.ordinal()] = 0;
        rhythmOnly[ChurnTerm.SENTIMENT.ordinal()] = 2.5;
        for (double[] weights : new double[][] {recencyWeighs, rhythmOnly}) {
            CustomerScorer fitted = new CustomerScorer(ModelParameters.defaults()
                    .withChurnWeights(new ChurnWeights(-0.5, weights)), 0.02, 2.0);
            ScoreForecast fittedForecast = new ScoreForecast(fitted, DAY);
            SplittableRandom random = new SplittableRandom(3);
            for (int c = 0; c < 100; c++) {
                CustomerActivity activity = randomCustomer(random);
                long scoredAt = activity.lastEventAt() + random.nextLong(100) * DAY;
                CustomerScorer.Outcome outcome = fitted.score(FeatureExtractor.features(activity, scoredAt), null);
                CustomerScorer.Previous previous = new CustomerScorer.Previous(outcome.risk(), outcome.loyalty(),
                        outcome.band(), outcome.tier());
                assertEquals(everyDay(fitted, activity, previous, scoredAt, 0),
                        fittedForecast.nextEmission(activity, previous, scoredAt, 0), "customer " + c);
            }
        }
    }

    /** A random customer scored some days after its latest event, live or catching up until some days later. */
    private record Scored(CustomerActivity activity, long at, CustomerScorer.Previous previous, long liveFrom) {
    }

    private Scored scoredSomeDaysOn(SplittableRandom random, int maxDays) {
        CustomerActivity activity = randomCustomer(random);
        long at = activity.lastEventAt() + random.nextLong(maxDays) * DAY;
        CustomerScorer.Previous previous = scoredAt(activity, at);
        long liveFrom = random.nextBoolean() ? 0 : at + random.nextLong(400) * DAY;
        return new Scored(activity, at, previous, liveFrom);
    }

    /** One to a few orders, some calls and e-mails, maybe a ticket, over up to a year, most of it quiet. */
    static CustomerActivity randomCustomer(SplittableRandom random) {
        CustomerActivity a = new CustomerActivity();
        long start = NOW - random.nextLong(365) * DAY;
        a.accountCreated(start - random.nextLong(700) * DAY);
        int orders = random.nextDouble() < 0.6 ? 1 : 1 + random.nextInt(12);
        for (int i = 0; i < orders; i++) {
            long at = start + random.nextLong(Math.max(1, NOW - start)) + random.nextLong(DAY);
            a.seen(at);
            a.orderCounted(CustomerActivity.orderKey("order-" + i), at, 1_000 + random.nextLong(50_000),
                    ActivityRecorder.PLACED);
        }
        int talks = random.nextInt(15);
        for (int i = 0; i < talks; i++) {
            long at = start + random.nextLong(Math.max(1, NOW - start));
            a.seen(at);
            a.add(at, random.nextBoolean() ? Figure.CALLS_INBOUND : Figure.EMAILS_OUTBOUND, 1);
            a.add(at, Figure.SENTIMENT_COUNT, 1);
            a.add(at, Figure.SENTIMENT_MILLIS, random.nextInt(-800, 800));
        }
        if (random.nextDouble() < 0.3) {
            long at = start + random.nextLong(Math.max(1, NOW - start));
            a.seen(at);
            a.add(at, Figure.TICKETS_OPENED, 1);
            a.add(at, Figure.ESCALATIONS, random.nextInt(2));
            a.ticketOpened("T-" + random.nextInt(100), at);
        }
        return a;
    }
}
