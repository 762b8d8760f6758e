package dev.cdyn.activity;

import dev.cdyn.events.Interaction;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;

/**
 * What the scoring step emits: an interaction taken in (for the interactions topic), a score, an
 * alert, a customer forgotten (the scores topic's tombstone), or a dead letter.
 */
public sealed interface ScoringOutput {

    /** A new (not duplicate) interaction, as kept in the interactions topic. */
    record Accepted(Interaction interaction) implements ScoringOutput {
    }

    /** A score, with the record written for it once: the scores topic and the activity keep the same bytes. */
    record Score(CustomerScore score, byte[] record) implements ScoringOutput {
    }

    record Alert(ScoreAlert alert) implements ScoringOutput {
    }

    /** An erased customer: its score goes from the scores topic. */
    record Forgotten() implements ScoringOutput {
    }

    /**
     * An interaction turned away by the scoring step, with the reason in the record's headers: too
     * late (the interaction is kept), or of an erased customer (nothing of it is kept).
     */
    record DeadLetter(Interaction interaction) implements ScoringOutput {
    }
}
