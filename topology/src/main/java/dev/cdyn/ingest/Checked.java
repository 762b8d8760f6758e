package dev.cdyn.ingest;

import dev.cdyn.events.Interaction;
import org.apache.avro.specific.SpecificRecordBase;

/** An input record after its check: either the interaction it becomes, or why it was turned away. */
public record Checked(SpecificRecordBase event, Interaction interaction, Rejection rejection) {

    public boolean accepted() {
        return rejection == null;
    }
}
