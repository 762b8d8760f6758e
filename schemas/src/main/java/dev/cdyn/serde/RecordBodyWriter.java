package dev.cdyn.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * Writes the Avro binary body of one generated record class field by field, as its schema orders
 * them. For a hot record whose class has no custom coders (a logical-type field turns them off),
 * Avro's generic writer looks every field and conversion up for every record; a writer of its own
 * does not. {@link AvroSerializer#writeWith} uses it only when the schema written is {@link #schema()}
 * itself, and its tests hold it to the bytes Avro's own writer produces.
 */
public interface RecordBodyWriter<T> {

    /** The schema this writer writes, as the generated class holds it. */
    Schema schema();

    void write(T record, Encoder out) throws IOException;
}
