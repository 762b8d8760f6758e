package dev.cdyn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Builds a generated record from a user's JSON object (or a CSV row read as one): field names as
 * in the contract, times as ISO-8601 or epoch milliseconds, enums by symbol, decimals as numbers
 * or text, optional fields may be left out or null. Anything else is a {@link BadRecord} that says
 * which field is wrong.
 */
final class RecordReader {

    /** A line that cannot become a record; the message names the field. */
    static final class BadRecord extends Exception {
        BadRecord(String message) {
            super(message);
        }
    }

    private final Class<? extends SpecificRecordBase> type;
    private final Schema schema;

    RecordReader(Class<? extends SpecificRecordBase> type) {
        this.type = type;
        this.schema = SpecificData.get().getSchema(type);
    }

    SpecificRecordBase read(JsonNode object) throws BadRecord {
        if (object == null || !object.isObject()) {
            throw new BadRecord("expected a JSON object");
        }
        Set<String> known = new HashSet<>();
        SpecificRecordBase record = (SpecificRecordBase) SpecificData.getForClass(type).newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            known.add(field.name());
            JsonNode value = object.get(field.name());
            if (value == null || value.isNull()) {
                if (isOptional(field.schema()) || field.hasDefaultValue()) {
                    record.put(field.pos(), field.hasDefaultValue() && !isOptional(field.schema())
                            ? SpecificData.get().getDefaultValue(field) : null);
                    continue;
                }
                throw new BadRecord("missing field '" + field.name() + "'");
            }
            record.put(field.pos(), convert(field.name(), field.schema(), value));
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new BadRecord("unknown field '" + name + "' (a " + schema.getName() + " has " + known + ")");
            }
        }
        return record;
    }

    private static boolean isOptional(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private Object convert(String name, Schema schema, JsonNode value) throws BadRecord {
        try {
            return switch (schema.getType()) {
                case UNION -> convert(name, schema.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL)
                        .findFirst().orElseThrow(), value);
                case STRING -> value.asText();
                case INT -> value.isNumber() ? value.intValue() : Integer.parseInt(value.asText().trim());
                case DOUBLE -> value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText().trim());
                case BOOLEAN -> value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText().trim());
                case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis ? instant(value)
                        : value.isNumber() ? value.longValue() : Long.parseLong(value.asText().trim());
                case ENUM -> symbol(name, schema, value.asText().trim());
                case BYTES -> decimal(name, schema, value);
                default -> throw new BadRecord("field '" + name + "' has a type this reader does not fill: " + schema);
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new BadRecord("field '" + name + "': '" + value.asText() + "' is not a valid "
                    + (schema.getLogicalType() != null ? schema.getLogicalType().getName() : schema.getType().getName()));
        }
    }

    private static Instant instant(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        String text = value.asText().trim();
        return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object symbol(String name, Schema schema, String text) throws BadRecord {
        String symbol = text.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (!schema.hasEnumSymbol(symbol) || symbol.equals("UNKNOWN")) {
            throw new BadRecord("field '" + name + "': '" + text + "' is not one of " + schema.getEnumSymbols().stream()
                    .filter(s -> !s.equals("UNKNOWN")).toList());
        }
        Class enumClass = SpecificData.get().getClass(schema);
        return Enum.valueOf(enumClass, symbol);
    }

    private static BigDecimal decimal(String name, Schema schema, JsonNode value) throws BadRecord {
        if (!(schema.getLogicalType() instanceof LogicalTypes.Decimal decimal)) {
            throw new BadRecord("field '" + name + "' is raw bytes, which this reader does not fill");
        }
        BigDecimal number = value.isNumber() ? value.decimalValue() : new BigDecimal(value.asText().trim());
        // Checked before the scale is set, which would take a billion digits for 1e999999999 or 1e-999999999.
        BigDecimal digits = number.stripTrailingZeros();
        if (digits.scale() > decimal.getScale()) {
            throw new BadRecord("field '" + name + "': " + abbreviate(value.asText()) + " has more than the "
                    + decimal.getScale() + " decimals the contract holds");
        }
        if (digits.precision() - digits.scale() > decimal.getPrecision() - decimal.getScale()) {
            throw new BadRecord("field '" + name + "': " + abbreviate(value.asText()) + " has more digits than the "
                    + decimal.getPrecision() + " the contract holds");
        }
        return digits.setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
