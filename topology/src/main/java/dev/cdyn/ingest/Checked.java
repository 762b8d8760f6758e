package dev.cdyn.ingest;

import dev.cdyn.events.Interaction;
import org.apache.avro.specific.SpecificRecordBase;

/** An input record after its check: the interaction it becomes, or why it was turned away. */
public sealed interface Checked {

    /** Accepted: the record wrapped in its envelope (an erasure for an account tombstone). */
    record Accepted(Interaction interaction) implements Checked {
    }

    /** Turned away; {@code event} is the record as read, null for a tombstone. */
    record Rejected(SpecificRecordBase event, Rejection rejection) implements Checked {
    }
}
