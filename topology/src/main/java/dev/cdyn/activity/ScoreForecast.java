package dev.cdyn.activity;

import dev.cdyn.scoring.CustomerScorer;
import java.util.Arrays;

/**
 * When, with no further event, a customer's score would next be emitted: the first time on the
 * review grid ({@code from + k·step}, k ≥ 1) at which scoring the unchanged activity would emit
 * against the last emitted score. Found without scoring every step of the grid:
 *
 * <ul>
 *   <li>Windowed features (30- and 90-day sums, the monthly baseline) change only on the days a
 *       day bucket enters or leaves a window, and daily while the baseline's history is still
 *       growing (for a customer with conversations to count in it). Those days cut the grid into
 *       segments.</li>
 *   <li>Inside a segment only the elapsed-time features move (tenure, the BG/NBD age T, days since
 *       the last order), and both scores move one way with them: risk rises with T and recency
 *       (their weights are never negative: {@code ChurnTerm#growsWithSilence}), loyalty with
 *       tenure. So whether a score would be emitted changes at most once inside a segment, from no
 *       to yes, and the first yes is found by bisection.</li>
 * </ul>
 *
 * The look-ahead ends ten years on: a score that would not move by then is taken to stay, and the
 * customer has no review until its next event. The result is what re-scoring every step would
 * find; {@code ScoreForecastTest} and the processor's comparison test check that against daily
 * re-scoring.
 */
final class ScoreForecast {

    /** No emission ahead: no review until the customer's next event. */
    static final long NEVER = Long.MAX_VALUE;
    static final long LOOK_AHEAD_MS = 3_650L * CustomerActivity.DAY_MS;

    private final CustomerScorer scorer;
    private final long stepMs;

    ScoreForecast(CustomerScorer scorer, long stepMs) {
        this.scorer = scorer;
        this.stepMs = stepMs;
    }

    /**
     * The first grid time after {@code from} at which a score would be emitted, or {@link #NEVER}.
     * Before {@code liveFrom} (catching up on history) only band and tier changes count.
     */
    long nextEmission(CustomerActivity activity, CustomerScorer.Previous previous, long from, long liveFrom) {
        // The next step first: when it emits, as it often does after an event, no segment is needed.
        FeatureExtractor.Windows windows = FeatureExtractor.windows(activity, CustomerActivity.dayOf(at(from, 1)));
        if (emits(windows, previous, from, 1, liveFrom)) {
            return at(from, 1);
        }
        long lastStep = LOOK_AHEAD_MS / stepMs;
        long first = 1;
        for (long next : segmentStarts(activity, from, liveFrom, lastStep)) {
            long last = next - 1;
            // The windows hold the same buckets throughout a segment: moved on once for all of its steps.
            windows.advanceTo(CustomerActivity.dayOf(at(from, first)));
            if (first > 1 && emits(windows, previous, from, first, liveFrom)) {
                return at(from, first);
            }
            if (last > first && emits(windows, previous, from, last, liveFrom)) {
                long no = first;
                long yes = last;
                while (yes - no > 1) {
                    long mid = no + (yes - no) / 2;
                    if (emits(windows, previous, from, mid, liveFrom)) {
                        yes = mid;
                    } else {
                        no = mid;
                    }
                }
                return at(from, yes);
            }
            first = next;
        }
        return NEVER;
    }

    private boolean emits(FeatureExtractor.Windows windows, CustomerScorer.Previous previous, long from, long step,
                          long liveFrom) {
        long at = at(from, step);
        return scorer.wouldEmit(windows.features(at), previous, at < liveFrom);
    }

    private long at(long from, long step) {
        return from + step * stepMs;
    }

    /**
     * The grid steps (after the first) at which a new segment begins, ascending and distinct, ending
     * with the step after the look-ahead: days on which a windowed feature changes, and the start of
     * live time.
     */
    private long[] segmentStarts(CustomerActivity activity, long from, long liveFrom, long lastStep) {
        Steps starts = new Steps(from, lastStep, 2 * activity.days.size() + 64);
        for (int day : activity.days.keySet()) {
            // Leaves the 30-day window and enters the baseline; leaves the 90-day window and the baseline.
            starts.addDay(day + 30);
            starts.addDay(day + 90);
        }
        if (activity.firstSeenAt() >= 0 && FeatureExtractor.hasConversations(activity)) {
            // While history is shorter than 90 days the baseline's length grows, and it with it, daily;
            // without any conversation to count the baseline stays nought, however long.
            int firstDay = CustomerActivity.dayOf(activity.firstSeenAt());
            int growthFrom = firstDay + 30 + FeatureExtractor.MIN_BASELINE_DAYS - 1;
            for (int day = growthFrom; day <= firstDay + 90; day++) {
                starts.addDay(day);
            }
        }
        if (liveFrom > from) {
            starts.add(ceilDiv(liveFrom - from, stepMs));
        }
        return starts.sorted();
    }

    /** Grid steps collected in any order, kept between 2 and the last step; sorted once at the end. */
    private final class Steps {

        private final long from;
        private final int fromDay;
        private final long lastStep;
        private long[] steps;
        private int count;

        Steps(long from, long lastStep, int capacity) {
            this.from = from;
            this.fromDay = CustomerActivity.dayOf(from);
            this.lastStep = lastStep;
            this.steps = new long[capacity];
        }

        /** The first step on or after the start of a day later than the first. */
        void addDay(int day) {
            if (day > fromDay) {
                add(ceilDiv(day * CustomerActivity.DAY_MS - from, stepMs));
            }
        }

        void add(long step) {
            if (step > 1 && step <= lastStep) {
                if (count == steps.length) {
                    steps = Arrays.copyOf(steps, 2 * count);
                }
                steps[count++] = step;
            }
        }

        /** Ascending and distinct, and the step after the look-ahead last. */
        long[] sorted() {
            Arrays.sort(steps, 0, count);
            long[] distinct = new long[count + 1];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (n == 0 || steps[i] != distinct[n - 1]) {
                    distinct[n++] = steps[i];
                }
            }
            distinct[n++] = lastStep + 1;
            return Arrays.copyOf(distinct, n);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
