package dev.cdyn.activity;

import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;

/** What the scoring step emits: a score, an alert, or an interaction that came too late. */
public sealed interface ScoringOutput {

    record Score(CustomerScore score) implements ScoringOutput {
    }

    record Alert(ScoreAlert alert) implements ScoringOutput {
    }

    record Late(Interaction interaction) implements ScoringOutput {
    }
}
