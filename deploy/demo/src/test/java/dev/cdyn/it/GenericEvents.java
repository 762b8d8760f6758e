package dev.cdyn.it;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * An event as another producer writes it: the same values under a writer schema of its own (a newer
 * or an older version of the contract), as a {@link GenericRecord} the registry serde can write.
 */
final class GenericEvents {

    private GenericEvents() {
    }

    /**
     * The event under {@code writer}: each field of the writer takes the event's value of the same
     * name, or {@code overrides}' (an enum's as its symbol's name), or the writer's default.
     */
    static GenericRecord under(Schema writer, SpecificRecordBase event, Map<String, Object> overrides) {
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Object value = overrides.containsKey(field.name()) ? overrides.get(field.name())
                    : event.getSchema().getField(field.name()) != null ? event.get(field.name())
                    : GenericData.get().getDefaultValue(field);
            record.put(field.name(), raw(value, nonNull(field.schema())));
        }
        return record;
    }

    /** The writer's schema with one more symbol in the enum of field {@code enumField}. */
    static Schema withSymbol(Schema schema, String enumField, String symbol) {
        Schema enumSchema = nonNull(schema.getField(enumField).schema());
        String symbols = String.join("\",\"", enumSchema.getEnumSymbols());
        String json = schema.toString().replace("\"symbols\":[\"" + symbols + "\"]",
                "\"symbols\":[\"" + symbols + "\",\"" + symbol + "\"]");
        return new Schema.Parser().parse(json);
    }

    /** The value as the generic writer takes it: logical types in their underlying type. */
    private static Object raw(Object value, Schema schema) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof BigDecimal decimal) {
            return new Conversions.DecimalConversion().toBytes(decimal, schema, schema.getLogicalType());
        }
        if (value instanceof Enum<?> symbol) {
            return new GenericData.EnumSymbol(schema, symbol.name());
        }
        if (value instanceof String symbol && schema.getType() == Schema.Type.ENUM) {
            return new GenericData.EnumSymbol(schema, symbol);
        }
        return value;
    }

    private static Schema nonNull(Schema schema) {
        return schema.getType() != Schema.Type.UNION ? schema
                : schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
