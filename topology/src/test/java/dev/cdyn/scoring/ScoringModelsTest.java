package dev.cdyn.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringModelsTest {

    private final ModelParameters parameters = ModelParameters.defaults();
    private final ChurnRiskModel churn = new ChurnRiskModel(parameters);
    private final LoyaltyModel loyalty = new LoyaltyModel(parameters);

    @Test
    void probabilityAliveIsOneForEveryOneTimeBuyerSoItCannotRankThemAlone() {
        assertEquals(1.0, BgNbd.probabilityAlive(parameters, 0, 0, 5), 1e-12);
        assertEquals(1.0, BgNbd.probabilityAlive(parameters, 0, 0, 500), 1e-12);
    }

    @Test
    void noPurchaseProbabilityRanksALongSilentOneTimeBuyerAboveARegularOne() {
        double silentOneTimer = churn.purchaseComponent(Profiles.oneTimeBuyer(300));
        double recentOneTimer = churn.purchaseComponent(Profiles.oneTimeBuyer(5));
        double regular = churn.purchaseComponent(Profiles.steady());
        assertTrue(silentOneTimer > recentOneTimer, silentOneTimer + " vs " + recentOneTimer);
        assertTrue(recentOneTimer > regular, recentOneTimer + " vs " + regular);
    }

    @Test
    void noPurchaseProbabilityRisesWithSilenceForARegularBuyer() {
        double previous = 0;
        for (int silentDays : List.of(10, 30, 60, 120, 240)) {
            double p = BgNbd.probabilityNoPurchase(parameters, 23, 350, 350 + silentDays, 90);
            assertTrue(p > previous, "after " + silentDays + " silent days: " + p + " <= " + previous);
            previous = p;
        }
    }

    @Test
    void noPurchaseProbabilityMatchesTheFormulaForAKnownCase() {
        // x = 2 repeat purchases, t_x = 60, T = 100, h = 90; r = 1, alpha = 30, a = 0.5, b = 3.5.
        ModelParameters population = parameters.withPopulation(1.0, 30.0, 0.5, 3.5);
        double alive = 1 / (1 + 0.5 / (3.5 + 2 - 1) * Math.pow((30.0 + 100) / (30 + 60), 1 + 2));
        double expected = (1 - alive) + alive * Math.pow(130.0 / 220, 3);
        assertEquals(expected, BgNbd.probabilityNoPurchase(population, 2, 60, 100, 90), 1e-12);
    }

    @Test
    void riskReasonsAddUpToTheRisksLogOdds() {
        for (CustomerFeatures f : List.of(Profiles.steady(), Profiles.driftingAway(), Profiles.ordersOnly(3, 20))) {
            ChurnRiskModel.Result result = churn.score(f);
            double sum = result.reasons().stream().mapToDouble(Reason::contribution).sum();
            assertEquals(result.logOdds(), sum, 1e-9);
            assertEquals(result.risk(), 1 / (1 + Math.exp(-sum)), 1e-9);
        }
    }

    @Test
    void withOtherWeightsTheReasonsStillAddUpToInterceptPlusWeightedTerms() {
        ChurnWeights weights = new ChurnWeights(-0.7, new double[] {0.55, 0.9, -0.2, 2.0, 0.1, 0.05, -0.4, 0.3, 1.1});
        ChurnRiskModel fitted = new ChurnRiskModel(parameters.withChurnWeights(weights));
        for (CustomerFeatures f : List.of(Profiles.steady(), Profiles.driftingAway(), Profiles.ordersOnly(3, 20),
                Profiles.oneTimeBuyer(200))) {
            ChurnRiskModel.Result result = fitted.score(f);
            double[] terms = fitted.terms(f);
            double expected = weights.intercept();
            for (ChurnTerm term : ChurnTerm.ALL) {
                expected += weights.weight(term) * terms[term.ordinal()];
            }
            assertEquals(expected, result.logOdds(), 1e-9, "what a fit learns is what scores");
            assertEquals(result.logOdds(), result.reasons().stream().mapToDouble(Reason::contribution).sum(), 1e-9);
        }
    }

    @Test
    void riskCannotBeMadeToFallWithSilence() {
        double[] w = ChurnWeights.defaults().weights();
        w[ChurnTerm.RECENCY.ordinal()] = -0.1;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ChurnWeights(0, w));
    }

    @Test
    void aRecencyWeightAddsARecencyReasonThatGrowsWithSilence() {
        ChurnWeights weights = ChurnWeights.defaults();
        double[] w = weights.weights();
        w[ChurnTerm.RECENCY.ordinal()] = 0.8;
        ChurnRiskModel withRecency = new ChurnRiskModel(parameters.withChurnWeights(new ChurnWeights(0, w)));

        double recent = contribution(withRecency.score(Profiles.oneTimeBuyer(10)), "recency");
        double silent = contribution(withRecency.score(Profiles.oneTimeBuyer(300)), "recency");

        assertTrue(recent < 0 && silent > 0, recent + ", " + silent + ": against the 90-day horizon");
    }

    private static double contribution(ChurnRiskModel.Result result, String code) {
        return result.reasons().stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow().contribution();
    }

    @Test
    void loyaltyReasonsAddUpToLoyaltyAboveFifty() {
        for (CustomerFeatures f : List.of(Profiles.steady(), Profiles.driftingAway(), Profiles.ordersOnly(3, 20))) {
            LoyaltyModel.Result result = loyalty.score(f);
            assertEquals(result.loyalty() - 50, result.reasons().stream().mapToDouble(Reason::contribution).sum(), 1e-9);
        }
    }

    @Test
    void driftingAwayCustomerHasHigherRiskAndLowerLoyaltyThanASteadyOne() {
        assertTrue(churn.score(Profiles.driftingAway()).risk() > churn.score(Profiles.steady()).risk());
        assertTrue(loyalty.score(Profiles.driftingAway()).loyalty() < loyalty.score(Profiles.steady()).loyalty());
        assertTrue(churn.score(Profiles.steady()).risk() < 0.25, "a steady customer is LOW risk");
        assertTrue(churn.score(Profiles.driftingAway()).risk() > 0.5, "a drifting one is at least HIGH");
    }

    @Test
    void unusedChannelsAreNeutralForAnOrdersOnlyCustomer() {
        CustomerFeatures f = Profiles.ordersOnly(6, 8);
        List<String> codes = churn.score(f).reasons().stream().map(Reason::code).toList();
        assertEquals(List.of("population_baseline", "order_rhythm"), codes, "nothing but the order rhythm speaks");
        LoyaltyModel.Result result = loyalty.score(f);
        for (Reason reason : result.reasons()) {
            if (reason.code().equals("sentiment") || reason.code().equals("channel_breadth")) {
                assertEquals(0.0, reason.contribution(), 1e-12, reason.code());
            }
        }
        assertTrue(churn.score(f).risk() < 0.25, "a regular orders-only buyer is LOW risk: " + churn.score(f).risk());
        assertTrue(result.loyalty() > 50, "and more loyal than not: " + result.loyalty());
    }

    @Test
    void riskAndLoyaltyStayInTheirRanges() {
        CustomerFeatures worst = new CustomerFeatures(0, 0, 0, 0, Double.NaN, 0, 0, 0, 50, 0, 40, 0, -1, 32, 40, 40,
                500, 1, 2);
        CustomerFeatures best = new CustomerFeatures(5000, 500, 4990, 5000, 1, 10, 30, 1e7, 0, 40, 10, 10, 1, 0, 0, 0,
                1, 5, 5);
        for (CustomerFeatures f : List.of(worst, best)) {
            double risk = churn.score(f).risk();
            double loyal = loyalty.score(f).loyalty();
            assertTrue(risk >= 0 && risk <= 1, "risk " + risk);
            assertTrue(loyal >= 0 && loyal <= 100, "loyalty " + loyal);
        }
        assertTrue(churn.score(worst).risk() > 0.9);
        assertTrue(loyalty.score(best).loyalty() > 80);
    }
}
