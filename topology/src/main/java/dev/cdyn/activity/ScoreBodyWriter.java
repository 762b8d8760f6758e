package dev.cdyn.activity;

import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreReason;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.serde.RecordBodyWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.util.Utf8;

/**
 * Writes a {@link CustomerScore} the way Avro's own writer does, field by field in the contract's
 * order, for the scores topic: a score is the application's most frequent and largest record, and
 * the generated class has no custom coders (its {@code asOf} is a timestamp). The names it repeats
 * on every score — feature names and reason codes — are encoded to UTF-8 once. The contract's fields
 * and their types are checked when the writer is made, and {@code ScoreBodyWriterTest} holds the
 * bytes to Avro's.
 */
public final class ScoreBodyWriter implements RecordBodyWriter<CustomerScore> {

    /** The contract's fields with their Avro types, as this writer writes them. */
    private static final List<String> FIELDS = List.of("customerId STRING", "loyalty DOUBLE", "loyaltyTier ENUM",
            "churnRisk DOUBLE", "riskBand ENUM", "reasons ARRAY", "features MAP", "modelVersion STRING", "asOf LONG",
            "horizonDays INT");
    private static final List<String> REASON_FIELDS = List.of("score ENUM", "code STRING", "description STRING",
            "contribution DOUBLE");
    /** Names kept encoded; past this many (names are not a finite set after all) they are encoded each time. */
    private static final int MAX_NAMES = 1_024;

    private final Map<String, Utf8> names = new ConcurrentHashMap<>();

    public ScoreBodyWriter() {
        Schema schema = schema();
        boolean same = fields(schema).equals(FIELDS);
        if (same) {
            Schema reason = schema.getField("reasons").schema().getElementType();
            same = reason.getType() == Schema.Type.RECORD && fields(reason).equals(REASON_FIELDS)
                    && schema.getField("features").schema().getValueType().getType() == Schema.Type.DOUBLE;
        }
        if (!same) {
            throw new IllegalStateException("The CustomerScore contract changed (" + fields(schema) + "): update "
                    + "ScoreBodyWriter with it");
        }
    }

    private static List<String> fields(Schema record) {
        return record.getFields().stream().map(field -> field.name() + " " + field.schema().getType()).toList();
    }

    @Override
    public Schema schema() {
        return CustomerScore.getClassSchema();
    }

    @Override
    public void write(CustomerScore score, Encoder out) throws IOException {
        out.writeString(score.getCustomerId());
        out.writeDouble(score.getLoyalty());
        out.writeEnum(score.getLoyaltyTier().ordinal());
        out.writeDouble(score.getChurnRisk());
        out.writeEnum(score.getRiskBand().ordinal());
        List<ScoreReason> reasons = score.getReasons();
        out.writeArrayStart();
        out.setItemCount(reasons.size());
        for (ScoreReason reason : reasons) {
            out.startItem();
            out.writeEnum(reason.getScore().ordinal());
            out.writeString(name(reason.getCode()));
            out.writeString(reason.getDescription());
            out.writeDouble(reason.getContribution());
        }
        out.writeArrayEnd();
        Map<String, Double> features = score.getFeatures();
        out.writeMapStart();
        out.setItemCount(features.size());
        if (features instanceof CustomerFeatures.Snapshot snapshot) {
            // The scorer's own snapshot: read by position, its figures never boxed.
            for (int i = 0; i < snapshot.size(); i++) {
                out.startItem();
                out.writeString(name(snapshot.name(i)));
                out.writeDouble(snapshot.figure(i));
            }
        } else {
            for (Map.Entry<String, Double> feature : features.entrySet()) {
                out.startItem();
                out.writeString(name(feature.getKey()));
                out.writeDouble(feature.getValue());
            }
        }
        out.writeMapEnd();
        out.writeString(score.getModelVersion());
        out.writeLong(score.getAsOf().toEpochMilli());
        out.writeInt(score.getHorizonDays());
    }

    private Utf8 name(String name) {
        Utf8 encoded = names.get(name);
        if (encoded == null) {
            encoded = new Utf8(name);
            if (names.size() < MAX_NAMES) {
                names.put(name, encoded);
            }
        }
        return encoded;
    }
}
