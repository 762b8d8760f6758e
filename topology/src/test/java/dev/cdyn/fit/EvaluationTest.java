package dev.cdyn.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cdyn.fit.Evaluation.CalibrationBin;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void aucCountsPairsRankedRight() {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of the 4 pairs are ranked right.
        double[] scores = {0.1, 0.4, 0.35, 0.8};
        boolean[] outcomes = {false, false, true, true};
        assertEquals(0.75, Evaluation.rocAuc(scores, outcomes), 1e-12);
    }

    @Test
    void aucCountsATieAsHalfAPair() {
        // Pairs (0.5, 0.5) tied = ½, (0.5, 0.2), (0.9, 0.5), (0.9, 0.2) right: 3.5 / 4.
        double[] scores = {0.5, 0.5, 0.2, 0.9};
        boolean[] outcomes = {true, false, false, true};
        assertEquals(0.875, Evaluation.rocAuc(scores, outcomes), 1e-12);
        assertEquals(0.5, Evaluation.rocAuc(new double[] {3, 3, 3, 3}, outcomes), 1e-12);
    }

    @Test
    void aucNeedsBothOutcomes() {
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.rocAuc(new double[] {0.1, 0.2}, new boolean[] {true, true}));
    }

    @Test
    void logLossIsTheMeanSurprise() {
        double expected = -(Math.log(0.9) + Math.log(0.8)) / 2; // 0.16425
        assertEquals(expected, Evaluation.logLoss(new double[] {0.9, 0.2}, new boolean[] {true, false}), 1e-12);
    }

    @Test
    void logLossOfACertainMissIsClippedNotInfinite() {
        assertEquals(-Math.log(1e-15), Evaluation.logLoss(new double[] {0}, new boolean[] {true}), 1e-9);
        assertEquals(-Math.log(1e-15), Evaluation.logLoss(new double[] {1}, new boolean[] {false}), 1e-3);
    }

    @Test
    void brierScoreIsTheMeanSquaredMiss() {
        // (0.1² + 0.2² + 0.5²) / 3
        assertEquals(0.1, Evaluation.brierScore(new double[] {0.9, 0.2, 0.5}, new boolean[] {true, false, true}),
                1e-12);
    }

    @Test
    void decilesCutTwentyPredictionsIntoTensOfTwo() {
        double[] p = new double[20];
        boolean[] outcomes = new boolean[20];
        for (int i = 0; i < 20; i++) {
            p[19 - i] = (i / 2) / 10.0 + 0.05; // 0.05, 0.05, 0.15, 0.15, ... given in reverse
            outcomes[19 - i] = i % 2 == 0 || i >= 18;
        }

        List<CalibrationBin> table = Evaluation.deciles(p, outcomes);

        assertEquals(10, table.size());
        for (int d = 0; d < 10; d++) {
            assertEquals(2, table.get(d).count(), "decile " + d);
            assertEquals(d / 10.0 + 0.05, table.get(d).meanPredicted(), 1e-12, "decile " + d);
            assertEquals(d == 9 ? 1.0 : 0.5, table.get(d).observedRate(), 1e-12, "decile " + d);
        }
    }

    @Test
    void tiedPredictionsStayInOneBin() {
        double[] p = {0.1, 0.8, 0.1, 0.6, 0.1, 0.1, 0.5, 0.1, 0.7, 0.1};
        boolean[] outcomes = {true, true, false, false, false, false, true, false, true, true};

        List<CalibrationBin> table = Evaluation.calibration(p, outcomes, 5);

        // Six ties at 0.1 fill the first bin and leave the next two empty; 0.5 and 0.6, then 0.7 and 0.8.
        assertEquals(3, table.size());
        assertBin(table.get(0), 6, 0.1, 2 / 6.0);
        assertBin(table.get(1), 2, 0.55, 0.5);
        assertBin(table.get(2), 2, 0.75, 1.0);
    }

    private static void assertBin(CalibrationBin bin, int count, double meanPredicted, double observedRate) {
        assertEquals(count, bin.count(), bin.toString());
        assertEquals(meanPredicted, bin.meanPredicted(), 1e-12, bin.toString());
        assertEquals(observedRate, bin.observedRate(), 1e-12, bin.toString());
    }
}
