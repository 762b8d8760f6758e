package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.scores.ModelMetrics;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.ChurnTerm;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** A fitted model as the contract and back: the same numbers, a stable version, and bad numbers refused whole. */
class ModelRecordsTest {

    static final Instant FITTED_AT = Instant.parse("2026-11-20T10:15:30.250Z");
    static final Instant CUTOFF = Instant.parse("2026-05-01T00:00:00Z");

    /** Settings whose lines and hysteresis differ from the defaults, to see that they stay the settings'. */
    static final ModelParameters SETTINGS = new ModelParameters(90, 1, 30, 0.5, 3.5, new double[] {0.2, 0.4, 0.6},
            new double[] {30, 50, 70}, 0.05, 3.0, 500.0);

    static ModelParameters fitted() {
        double[] weights = new double[ChurnTerm.ALL.length];
        for (ChurnTerm term : ChurnTerm.ALL) {
            weights[term.ordinal()] = 0.1 * (term.ordinal() + 1);
        }
        return SETTINGS.withHorizonDays(180).withPopulation(0.31, 42.5, 0.7, 2.9)
                .withChurnWeights(new ChurnWeights(-0.8, weights));
    }

    static ScoringModel record(ModelParameters fitted) {
        return ModelRecords.record(fitted, FITTED_AT, CUTOFF, 1234, List.of(new ModelMetrics("fitted model", 0.78, 0.5,
                0.17), new ModelMetrics("recency alone", 0.75, 0.52, 0.18), new ModelMetrics("BG/NBD alone", 0.74, 0.55,
                0.19)));
    }

    @Test
    void aRecordGivesBackTheFittedNumbersWithTheSettingsLines() {
        ModelParameters fitted = fitted();
        ModelParameters back = ModelRecords.parameters(record(fitted), SETTINGS);

        assertEquals(180, back.horizonDays());
        assertEquals(0.31, back.r());
        assertEquals(42.5, back.alpha());
        assertEquals(0.7, back.a());
        assertEquals(2.9, back.b());
        assertEquals(fitted.churnWeights(), back.churnWeights());
        assertArrayEquals(SETTINGS.riskLines(), back.riskLines());
        assertArrayEquals(SETTINGS.tierLines(), back.tierLines());
        assertEquals(SETTINGS.monetaryScale(), back.monetaryScale());
    }

    @Test
    void weightsAreNamedAsTheirSettings() {
        Map<String, Double> weights = record(fitted()).getWeights();
        assertEquals(ChurnTerm.ALL.length + 1, weights.size());
        assertEquals(-0.8, weights.get("intercept"));
        assertEquals(0.1, weights.get("order-rhythm"), 1e-12);
        assertEquals(0.9, weights.get("order-problems"), 1e-12);
    }

    @Test
    void theVersionIsStableForOneFitAndDiffersBetweenFits() {
        String version = ModelRecords.version(FITTED_AT, fitted());
        assertEquals(version, ModelRecords.version(FITTED_AT, fitted()));
        assertEquals(version, record(fitted()).getVersion());
        assertTrue(version.matches("2026-11-20T10:15:30Z-[0-9a-f]{8}"), version);
        assertNotEquals(version, ModelRecords.version(FITTED_AT, fitted().withPopulation(0.32, 42.5, 0.7, 2.9)));
        assertNotEquals(version, ModelRecords.version(FITTED_AT.plusSeconds(1), fitted()));
    }

    @Test
    void theRecordSurvivesTheRegistrySerde() {
        try (RegistryAvroSerdes serdes = AvroSerdes.fromConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL,
                "mock://model-records-test")); Serde<ScoringModel> serde = serdes.forValues(ScoringModel.class)) {
            ScoringModel model = record(fitted());
            ScoringModel back = serde.deserializer().deserialize("cdyn.model", serde.serializer().serialize("cdyn.model",
                    model));
            assertEquals(model, back);
            assertEquals(fitted().churnWeights(), ModelRecords.parameters(back, SETTINGS).churnWeights());
        }
    }

    private static void assertRefused(String why, Consumer<ScoringModel> change) {
        ScoringModel model = record(fitted());
        change.accept(model);
        ModelRecords.Refused refused = assertThrows(ModelRecords.Refused.class,
                () -> ModelRecords.parameters(model, SETTINGS));
        assertTrue(refused.getMessage().contains(why), refused.getMessage());
    }

    private static Consumer<ScoringModel> weight(String name, Double value) {
        return model -> {
            Map<String, Double> weights = new HashMap<>(model.getWeights());
            if (value == null) {
                weights.remove(name);
            } else {
                weights.put(name, value);
            }
            model.setWeights(weights);
        };
    }

    @Test
    void numbersTheScorerCannotUseAreRefused() {
        assertRefused("recency is negative", weight("recency", -0.1));
        assertRefused("order-rhythm is negative", weight("order-rhythm", -1.0));
        assertRefused("csat is NaN", weight("csat", Double.NaN));
        assertRefused("intercept is Infinity", weight("intercept", Double.POSITIVE_INFINITY));
        assertRefused("sentiment is missing", weight("sentiment", null));
        assertRefused("unknown weights [loudness]", weight("loudness", 1.0));
        assertRefused("BG/NBD r = 0.0", model -> model.getPopulation().setR(0.0));
        assertRefused("BG/NBD alpha = -3.0", model -> model.getPopulation().setAlphaDays(-3.0));
        assertRefused("BG/NBD b = NaN", model -> model.getPopulation().setB(Double.NaN));
        assertRefused("BG/NBD a = Infinity", model -> model.getPopulation().setA(Double.POSITIVE_INFINITY));
        assertRefused("horizon 0 days", model -> model.setHorizonDays(0));
        assertRefused("its version", model -> model.setVersion(CustomerScorer.SETTINGS_VERSION));
        assertRefused("its version", model -> model.setVersion(" "));
    }

    @Test
    void aNegativeWeightOfATermThatDoesNotGrowWithSilenceIsFine() {
        ScoringModel model = record(fitted());
        weight("sentiment", -0.4).accept(model);
        assertEquals(-0.4, ModelRecords.parameters(model, SETTINGS).churnWeights().weight(ChurnTerm.SENTIMENT));
    }
}
