package dev.cdyn.activity;

import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;

/** What the scoring step emits: exactly one of a score, an alert, or an interaction that came too late. */
public record ScoringOutput(CustomerScore score, ScoreAlert alert, Interaction late) {

    static ScoringOutput of(CustomerScore score) {
        return new ScoringOutput(score, null, null);
    }

    static ScoringOutput of(ScoreAlert alert) {
        return new ScoringOutput(null, alert, null);
    }

    static ScoringOutput late(Interaction interaction) {
        return new ScoringOutput(null, null, interaction);
    }
}
