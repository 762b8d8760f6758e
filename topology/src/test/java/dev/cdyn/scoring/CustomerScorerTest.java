package dev.cdyn.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CustomerScorerTest {

    private final CustomerScorer scorer = new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0);

    @Test
    void firstScoreIsEmittedWithoutAlert() {
        CustomerScorer.Outcome outcome = scorer.score(Profiles.driftingAway(), null);
        assertTrue(outcome.emit());
        assertTrue(outcome.alerts().isEmpty());
    }

    @Test
    void unchangedScoreIsNotEmittedAgain() {
        CustomerScorer.Outcome first = scorer.score(Profiles.steady(), null);
        CustomerScorer.Outcome again = scorer.score(Profiles.steady(), previous(first));
        assertFalse(again.emit());
    }

    @Test
    void riskBandRisingRaisesOneAlertWithTheLineAndBothScores() {
        CustomerScorer.Outcome steady = scorer.score(Profiles.steady(), null);
        CustomerScorer.Outcome drifting = scorer.score(Profiles.driftingAway(), previous(steady));
        CustomerScorer.Alert risk = drifting.alerts().stream().filter(CustomerScorer.Alert::risk).findFirst().orElseThrow();
        assertEquals(steady.band(), risk.from());
        assertEquals(drifting.band(), risk.to());
        assertEquals(ModelParameters.defaults().riskLines()[drifting.band().ordinal() - 1], risk.threshold());
        assertEquals(steady.risk(), risk.before());
        assertEquals(drifting.risk(), risk.after());
        assertTrue(drifting.alerts().stream().anyMatch(a -> !a.risk()), "loyalty tier dropped too");
    }

    @Test
    void improvingRaisesNoAlert() {
        CustomerScorer.Outcome drifting = scorer.score(Profiles.driftingAway(), null);
        CustomerScorer.Outcome steady = scorer.score(Profiles.steady(), previous(drifting));
        assertTrue(steady.emit());
        assertTrue(steady.alerts().isEmpty());
    }

    private static CustomerScorer.Previous previous(CustomerScorer.Outcome o) {
        return new CustomerScorer.Previous(o.risk(), o.loyalty(), o.band(), o.tier());
    }
}
