package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryEncoder;
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

    @Test
    void theSerializerUsesItAndWritesTheSameRecordAsWithout() {
        InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("score-body-writer");
        Map<String, Object> config = Map.of("schema.registry.url", "mock://score-body-writer");
        AvroSerializer<CustomerScore> plain = new AvroSerializer<>(registry);
        plain.configure(config, false);
        AvroSerializer<CustomerScore> own = new AvroSerializer<CustomerScore>(registry)
                .writeWith(CustomerScore.class, writer);
        own.configure(config, false);
        CustomerScorer scorer = new CustomerScorer(ModelParameters.defaults(), 0.02, 2.0);
        CustomerFeatures features = FeatureExtractor.features(Customers.busy(), Customers.NOW);
        CustomerScore score = ScoreRecords.score("c-1", scorer.score(features, null), features, Customers.NOW, scorer);
        assertArrayEquals(plain.serialize("cdyn.scores", score), own.serialize("cdyn.scores", score));
        score.setCustomerId(null);
        SerializationException refused = assertThrows(SerializationException.class,
                () -> own.serialize("cdyn.scores", score));
        assertEquals(true, refused.getMessage().contains("CustomerScore"), refused.getMessage());
        InMemorySchemaRegistry.dropScope("score-body-writer");
    }
}
