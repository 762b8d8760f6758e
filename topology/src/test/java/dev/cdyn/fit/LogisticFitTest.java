package dev.cdyn.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.hipparchus.random.RandomDataGenerator;
import org.junit.jupiter.api.Test;

class LogisticFitTest {

    @Test
    void recoversKnownWeightsOnFeaturesOfDifferentScales() {
        // A churn-like mix: a standard signal, a count, a flag and a number of days.
        double intercept = -0.5;
        double[] weights = {0.8, -0.3, 1.2, 0.01};
        double[] spreads = {1, 3, Math.sqrt(0.3 * 0.7), 100 / Math.sqrt(12)};
        RandomDataGenerator random = new RandomDataGenerator(21);
        int n = 20_000;
        double[][] features = new double[n][];
        boolean[] outcomes = new boolean[n];
        for (int i = 0; i < n; i++) {
            features[i] = new double[] {random.nextNormal(0, 1), random.nextNormal(5, 3),
                    random.nextUniform(0, 1) < 0.3 ? 1 : 0, random.nextUniform(0, 100)};
            double z = intercept;
            for (int j = 0; j < weights.length; j++) {
                z += weights[j] * features[i][j];
            }
            outcomes[i] = random.nextUniform(0, 1) < 1 / (1 + Math.exp(-z));
        }

        LogisticFit.Result fit = LogisticFit.fit(features, outcomes, 1.0);

        // ±0.1 in log-odds per standard deviation of the feature: the standard errors here are
        // ~0.02, and a weight left on the standardised scale would miss by far more.
        assertEquals(intercept, fit.intercept(), 0.1, fit.toString());
        for (int j = 0; j < weights.length; j++) {
            assertEquals(weights[j] * spreads[j], fit.weights()[j] * spreads[j], 0.1, "weight " + j + ": " + fit);
        }
        assertTrue(fit.iterations() < 15, fit.toString());
    }

    @Test
    void separatedOutcomesGetFiniteWeightsThatThePenaltyShrinks() {
        double[][] features = new double[200][];
        boolean[] outcomes = new boolean[200];
        for (int i = 0; i < 200; i++) {
            features[i] = new double[] {i - 99.5};
            outcomes[i] = i >= 100;
        }

        LogisticFit.Result loose = LogisticFit.fit(features, outcomes, 0.1);
        LogisticFit.Result tight = LogisticFit.fit(features, outcomes, 10);

        assertTrue(Double.isFinite(loose.weights()[0]) && loose.weights()[0] > 0, loose.toString());
        assertTrue(tight.weights()[0] < loose.weights()[0], tight + " against " + loose);
        for (int i = 0; i < 200; i++) {
            assertEquals(outcomes[i], loose.probability(features[i]) > 0.5, "row " + i);
        }
        assertThrows(IllegalStateException.class, () -> LogisticFit.fit(features, outcomes, 0));
    }

    @Test
    void interceptIsNotShrunkSoPredictionsKeepTheObservedRate() {
        RandomDataGenerator random = new RandomDataGenerator(22);
        double[][] features = new double[1000][];
        boolean[] outcomes = new boolean[1000];
        int events = 0;
        for (int i = 0; i < 1000; i++) {
            features[i] = new double[] {random.nextNormal(0, 1), random.nextNormal(0, 1)};
            outcomes[i] = random.nextUniform(0, 1) < (features[i][0] > 0 ? 0.8 : 0.3);
            events += outcomes[i] ? 1 : 0;
        }

        LogisticFit.Result fit = LogisticFit.fit(features, outcomes, 1000);

        double predicted = Arrays.stream(features).mapToDouble(fit::probability).sum();
        assertEquals(events, predicted, 1e-6);
        assertTrue(Math.abs(fit.weights()[0]) < 0.5, "shrunk towards 0: " + fit);
    }

    @Test
    void withoutFeaturesTheInterceptIsTheLogOddsOfTheRate() {
        double[][] features = {{}, {}, {}, {}};
        boolean[] outcomes = {true, true, true, false};

        LogisticFit.Result fit = LogisticFit.fit(features, outcomes, 1);

        assertEquals(Math.log(3), fit.intercept(), 1e-9);
    }

    @Test
    void constantFeatureGetsNoWeight() {
        double[][] features = {{1, 7}, {2, 7}, {3, 7}, {4, 7}, {5, 7}, {6, 7}};
        boolean[] outcomes = {false, true, false, true, true, true};

        LogisticFit.Result fit = LogisticFit.fit(features, outcomes, 1);

        assertEquals(0, fit.weights()[1]);
        assertTrue(fit.weights()[0] > 0, fit.toString());
    }
}
