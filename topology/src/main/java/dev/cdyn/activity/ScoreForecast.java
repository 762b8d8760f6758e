package dev.cdyn.activity;

import dev.cdyn.scoring.CustomerScorer;
import java.util.Iterator;
import java.util.NavigableSet;

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
        return nextEmission(activity, previous, from, liveFrom, Integer.MAX_VALUE, NEVER);
    }

    /**
     * The same, looking over the first {@code segments} segments at most, and no further than the
     * segment that holds {@code until}: when none of those emits, the first step of the segment
     * after them, where a review has to look again (its score may be emitted then; if not, it books
     * the next). Every step before the time returned was looked at.
     */
    long nextEmission(CustomerActivity activity, CustomerScorer.Previous previous, long from, long liveFrom,
                      int segments, long until) {
        // The next step first: when it emits, as it often does after an event, no segment is needed.
        FeatureExtractor.Windows windows = FeatureExtractor.windows(activity, CustomerActivity.dayOf(at(from, 1)));
        if (emits(windows, previous, from, 1, liveFrom)) {
            return at(from, 1);
        }
        long lastStep = LOOK_AHEAD_MS / stepMs;
        long first = 1;
        int looked = 0;
        SegmentStarts starts = new SegmentStarts(activity, from, liveFrom, lastStep);
        while (first <= lastStep) {
            if (looked++ == segments || at(from, first) >= until) {
                return at(from, first);
            }
            long next = starts.next();
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
     * The grid steps (after the first) at which a new segment begins, ascending and distinct, one at
     * a time, then the step after the look-ahead: days on which a windowed feature changes (a day
     * bucket leaving the 30-day window, which also enters the baseline, or the 90-day one; each day
     * while a new customer's baseline grows) and the start of live time. Merged from those sorted
     * sources as they are asked for, so a look over a few segments reads a few buckets only.
     */
    private final class SegmentStarts {

        private final long from;
        private final int fromDay;
        private final long lastStep;
        /** Buckets in day order whose leaving the 30-day window (day + 30), or the 90-day one (day + 90), is ahead. */
        private final Iterator<Integer> leaving30;
        private final Iterator<Integer> leaving90;
        private int day30;
        private int day90;
        /** The days of the baseline's growth still ahead: growthDay to growthLast. */
        private int growthDay;
        private final int growthLast;
        private long liveStep;
        private long previous = 1;

        SegmentStarts(CustomerActivity activity, long from, long liveFrom, long lastStep) {
            this.from = from;
            this.fromDay = CustomerActivity.dayOf(from);
            this.lastStep = lastStep;
            NavigableSet<Integer> days = activity.days.navigableKeySet();
            this.leaving30 = days.tailSet(fromDay - 29, true).iterator();
            this.leaving90 = days.tailSet(fromDay - 89, true).iterator();
            this.day30 = next(leaving30, 30);
            this.day90 = next(leaving90, 90);
            // While history is shorter than 90 days the baseline's length grows, and it with it, daily;
            // without any conversation to count the baseline stays nought, however long. The buckets are
            // looked through for one only when some of those days are still ahead.
            int firstDay = activity.firstSeenAt() >= 0 ? CustomerActivity.dayOf(activity.firstSeenAt()) : 0;
            int growthFrom = Math.max(firstDay + 30 + FeatureExtractor.MIN_BASELINE_DAYS - 1, fromDay + 1);
            boolean grows = activity.firstSeenAt() >= 0 && growthFrom <= firstDay + 90
                    && FeatureExtractor.hasConversations(activity);
            this.growthDay = grows ? growthFrom : 1;
            this.growthLast = grows ? firstDay + 90 : 0;
            this.liveStep = liveFrom > from ? ceilDiv(liveFrom - from, stepMs) : Long.MAX_VALUE;
        }

        private static int next(Iterator<Integer> days, int offset) {
            return days.hasNext() ? days.next() + offset : Integer.MAX_VALUE;
        }

        /** The next segment's first step, or the step after the look-ahead when there is none before it. */
        long next() {
            while (true) {
                int day = Math.min(Math.min(day30, day90), growthDay <= growthLast ? growthDay : Integer.MAX_VALUE);
                // The first step on or after the start of a day later than the first.
                long dayStep = day == Integer.MAX_VALUE ? Long.MAX_VALUE
                        : day > fromDay ? ceilDiv(day * CustomerActivity.DAY_MS - from, stepMs) : Long.MIN_VALUE;
                long step = Math.min(dayStep, liveStep);
                if (step > lastStep) {
                    return lastStep + 1;
                }
                if (step == liveStep) {
                    liveStep = Long.MAX_VALUE;
                } else {
                    if (day30 == day) {
                        day30 = next(leaving30, 30);
                    }
                    if (day90 == day) {
                        day90 = next(leaving90, 90);
                    }
                    if (growthDay == day) {
                        growthDay++;
                    }
                }
                if (step > previous) {
                    previous = step;
                    return step;
                }
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
