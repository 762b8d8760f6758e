package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.LoyaltyTier;
import dev.cdyn.scores.RiskBand;
import dev.cdyn.scores.ScoreKind;
import dev.cdyn.scores.ScoreReason;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.serde.InMemorySchemaRegistry;
import dev.cdyn.serde.RecordBodyWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The scores' own writer writes exactly the bytes Avro's writer does. */
class ScoreBodyWriterTest {

    private final ScoreBodyWriter writer = new ScoreBodyWriter();

    private static byte[] avroWrites(CustomerScore score) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<CustomerScore>(CustomerScore.getClassSchema()).write(score, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private byte[] ownWrites(CustomerScore score) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(score, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void writesWhatAvrosWriterWritesForScoresOfVariedCustomers() throws IOException {
        CustomerScorer scorer = new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            CustomerActivity activity = random.nextBoolean() ? Customers.typical() : Customers.busy();
            long asOf = Customers.NOW + random.nextLong(400) * CustomerActivity.DAY_MS;
            CustomerFeatures features = FeatureExtractor.features(activity, asOf);
            CustomerScore score = ScoreRecords.score("customer-" + i + "-ü€", scorer.score(features, null), features,
                    asOf, scorer);
            assertArrayEquals(avroWrites(score), ownWrites(score), "score " + i);
        }
    }

    @Test
    void writesEmptyListsEverySymbolAndNonAsciiTextAsAvroDoes() throws IOException {
        for (RiskBand band : RiskBand.values()) {
            LoyaltyTier tier = LoyaltyTier.values()[band.ordinal() % LoyaltyTier.values().length];
            Map<String, Double> features = new LinkedHashMap<>();
            features.put("ordersLast90Days", (double) band.ordinal());
            features.put("sentiment – ø", Double.NaN);
            List<ScoreReason> reasons = band.ordinal() == 0 ? List.of() : List.of(
                    new ScoreReason(ScoreKind.values()[band.ordinal() % 3], "code-" + band, "Ωmega… " + band, -1.5));
            CustomerScore score = new CustomerScore("c-" + band, 55.5, tier, 0.25, band, reasons,
                    band.ordinal() == 1 ? Map.of() : features, "v-2", Instant.ofEpochMilli(-1_000L + band.ordinal()),
                    band.ordinal() * 45);
            assertArrayEquals(avroWrites(score), ownWrites(score), band.name());
        }
    }

    /** The score writer, counting the records it wrote. */
    private static final class Counting implements RecordBodyWriter<CustomerScore> {

        private final ScoreBodyWriter writer = new ScoreBodyWriter();
        private int written;

        @Override
        public Schema schema() {
            return writer.schema();
        }

        @Override
        public void write(CustomerScore record, Encoder out) throws IOException {
            writer.write(record, out);
            written++;
        }
    }

    @Test
    void theSerializerUsesItAndWritesTheSameRecordAsWithout() {
        Map<String, Object> config = Map.of("schema.registry.url", "mock://score-body-writer");
        AvroSerializer<CustomerScore> plain = new AvroSerializer<>();
        plain.configure(config, false);
        Counting counting = new Counting();
        AvroSerializer<CustomerScore> own = new AvroSerializer<CustomerScore>().writeWith(CustomerScore.class, counting);
        own.configure(config, false);
        CustomerScorer scorer = new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0);
        CustomerFeatures features = FeatureExtractor.features(Customers.busy(), Customers.NOW);
        CustomerScore score = ScoreRecords.score("c-1", scorer.score(features, null), features, Customers.NOW, scorer);
        assertArrayEquals(plain.serialize("cdyn.scores", score), own.serialize("cdyn.scores", score));
        assertEquals(1, counting.written, "written by the score writer");

        // A record that fails half-way (the version comes after the reasons and features) leaves
        // nothing in the thread's encoder that reaches the next record.
        score.setModelVersion(null);
        SerializationException refused = assertThrows(SerializationException.class,
                () -> own.serialize("cdyn.scores", score));
        assertTrue(refused.getMessage().contains("CustomerScore"), refused.getMessage());
        score.setModelVersion("v-3");
        assertArrayEquals(plain.serialize("cdyn.scores", score), own.serialize("cdyn.scores", score));
        assertEquals(2, counting.written);
        InMemorySchemaRegistry.dropScope("score-body-writer");
    }

    @Test
    void underTheLatestRegisteredSchemaAvrosWriterWrites() {
        // The registry's copy of the schema, as one read from a registry is: equal, not the same object.
        InMemorySchemaRegistry.forScope("score-body-writer-latest").register("cdyn.scores-value",
                new Schema.Parser().parse(CustomerScore.getClassSchema().toString()));
        Map<String, Object> register = Map.of("schema.registry.url", "mock://score-body-writer-latest");
        AvroSerializer<CustomerScore> plain = new AvroSerializer<>();
        plain.configure(register, false);
        CustomerScorer scorer = new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0);
        CustomerFeatures features = FeatureExtractor.features(Customers.typical(), Customers.NOW);
        CustomerScore score = ScoreRecords.score("c-1", scorer.score(features, null), features, Customers.NOW, scorer);
        byte[] expected = plain.serialize("cdyn.scores", score);
        Counting counting = new Counting();
        AvroSerializer<CustomerScore> latest = new AvroSerializer<CustomerScore>().writeWith(CustomerScore.class,
                counting);
        latest.configure(Map.of("schema.registry.url", "mock://score-body-writer-latest", "use.latest.version", true,
                "auto.register.schemas", false), false);
        assertArrayEquals(expected, latest.serialize("cdyn.scores", score));
        assertEquals(0, counting.written, "the registry's schema is not the writer's own: Avro's writer writes");
        InMemorySchemaRegistry.dropScope("score-body-writer-latest");
    }
}
