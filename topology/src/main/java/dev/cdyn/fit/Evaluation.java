package dev.cdyn.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How well predicted probabilities of an outcome (e.g. "no purchase within the horizon") match what
 * happened: ranking (ROC AUC), the proper scores log-loss and Brier, and calibration by bins.
 */
public final class Evaluation {

    /** Probabilities are clipped to [ε, 1 − ε] for log-loss, so one confident miss costs ~34.5, not infinity. */
    static final double LOG_LOSS_CLIP = 1e-15;

    private Evaluation() {
    }

    /**
     * The probability that a random positive scores above a random negative, ties counting half
     * (the Mann–Whitney statistic, from mid-ranks). Needs both outcomes present.
     */
    public static double rocAuc(double[] scores, boolean[] outcomes) {
        check(scores, outcomes);
        Integer[] order = byScore(scores);
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ranks are 1-based
            for (int k = i; k <= j; k++) {
                if (outcomes[order[k]]) {
                    positiveRankSum += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = order.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs both outcomes, got " + positives + " positive(s) of "
                    + order.length);
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** Mean −[y ln p + (1 − y) ln(1 − p)], p clipped to [1e-15, 1 − 1e-15]. */
    public static double logLoss(double[] probabilities, boolean[] outcomes) {
        check(probabilities, outcomes);
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(1 - LOG_LOSS_CLIP, Math.max(LOG_LOSS_CLIP, probabilities[i]));
            sum -= outcomes[i] ? Math.log(p) : Math.log1p(-p);
        }
        return sum / probabilities.length;
    }

    /** Mean (p − y)². */
    public static double brierScore(double[] probabilities, boolean[] outcomes) {
        check(probabilities, outcomes);
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double miss = probabilities[i] - (outcomes[i] ? 1 : 0);
            sum += miss * miss;
        }
        return sum / probabilities.length;
    }

    /** {@link #calibration} in ten bins. */
    public static List<CalibrationBin> deciles(double[] probabilities, boolean[] outcomes) {
        return calibration(probabilities, outcomes, 10);
    }

    /**
     * Observations sorted by predicted probability and cut into {@code bins} groups of about equal
     * size, lowest first. Equal predictions are never split across two bins (else the order of the
     * input would decide which bin gets which outcomes), so with many ties bins are uneven, and a bin
     * that ties leave empty is left out.
     */
    public static List<CalibrationBin> calibration(double[] probabilities, boolean[] outcomes, int bins) {
        check(probabilities, outcomes);
        if (bins < 1) {
            throw new IllegalArgumentException("at least one bin is needed: " + bins);
        }
        Integer[] order = byScore(probabilities);
        int n = order.length;
        int[] count = new int[bins];
        double[] predicted = new double[bins];
        double[] observed = new double[bins];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && probabilities[order[j + 1]] == probabilities[order[i]]) {
                j++;
            }
            // A run of ties goes where its first member would fall by rank.
            int bin = (int) ((long) i * bins / n);
            for (int k = i; k <= j; k++) {
                count[bin]++;
                predicted[bin] += probabilities[order[k]];
                observed[bin] += outcomes[order[k]] ? 1 : 0;
            }
            i = j + 1;
        }
        List<CalibrationBin> table = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                table.add(new CalibrationBin(count[b], predicted[b] / count[b], observed[b] / count[b]));
            }
        }
        return table;
    }

    /** One bin of a calibration table: how many, the mean predicted probability and the observed rate. */
    public record CalibrationBin(int count, double meanPredicted, double observedRate) {
    }

    private static Integer[] byScore(double[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        return order;
    }

    private static void check(double[] values, boolean[] outcomes) {
        if (values.length == 0 || values.length != outcomes.length) {
            throw new IllegalArgumentException("need as many outcomes as predictions, and at least one: "
                    + values.length + " against " + outcomes.length);
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a prediction is NaN");
            }
        }
    }
}
