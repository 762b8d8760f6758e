package dev.cdyn.simulate;

import dev.cdyn.ingest.Source;
import org.apache.avro.specific.SpecificRecord;

/** One event of the simulation: where it goes, under which key, and when it happened. */
public record SimulatedEvent(Source source, String key, SpecificRecord value, long occurredAt) {
}
