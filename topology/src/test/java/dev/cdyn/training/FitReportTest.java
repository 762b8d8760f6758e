package dev.cdyn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdyn.config.Settings;
import dev.cdyn.fit.BgNbdFit;
import dev.cdyn.fit.Evaluation;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.ModelParameters;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FitReportTest {

    static FittedModel model() {
        ModelParameters fitted = ModelParameters.defaults().withHorizonDays(273).withPopulation(0.2436, 4.4137, 0.7931, 2.4259)
                .withChurnWeights(new ChurnWeights(-0.123456789012345,
                        new double[] {0.61, 0.8123456789, -0.05, 1.3, 0.2, 0.1, -0.3, 0.4, 2.0 / 3}));
        BgNbdFit.Result population = new BgNbdFit.Result(new BgNbdFit.Estimate(0.2436, 0.0125),
                new BgNbdFit.Estimate(4.4137, 0.378), new BgNbdFit.Estimate(0.7931, 0.185),
                new BgNbdFit.Estimate(2.4259, 0.705), -9582.43, 2357, 180);
        FittedModel.Span span = new FittedModel.Span(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-10-01T00:00:00Z"), Instant.parse("2025-07-01T00:00:00Z"), 2357, 2357, 1000, 1650,
                707, 0.7);
        return new FittedModel(fitted, population, 10, span, Instant.parse("2025-07-02T08:00:00Z"),
                List.of(new FittedModel.Metrics("fitted model", 0.78, 0.5, 0.17),
                        new FittedModel.Metrics("recency alone (days since last order)", 0.76, 0.52, 0.18)),
                List.of(new Evaluation.CalibrationBin(70, 0.1, 0.12)));
    }

    @Test
    void propertiesOutputReadsBackIntoTheSameModelParameters() throws IOException {
        FittedModel model = model();
        Properties file = new Properties();
        file.load(new StringReader(FitReport.properties(model)));
        Map<String, Object> settings = new HashMap<>();
        file.forEach((k, v) -> settings.put(k.toString(), v));

        ModelParameters read = new Settings(settings).modelParameters();

        ModelParameters fitted = model.parameters();
        assertEquals(fitted.horizonDays(), read.horizonDays());
        assertArrayEquals(new double[] {fitted.r(), fitted.alpha(), fitted.a(), fitted.b()},
                new double[] {read.r(), read.alpha(), read.a(), read.b()});
        assertEquals(fitted.churnWeights(), read.churnWeights(), "weights round-trip exactly");
    }

    @Test
    void propertiesCarryTheCutoffFitTimeAndMetricsAsCommentsOnly() {
        String text = FitReport.properties(model());

        assertTrue(text.contains("# Churn model fitted by cdyn fit at 2025-07-02T08:00:00Z"), text);
        assertTrue(text.contains("cut-off 2024-10-01T00:00:00Z"), text);
        assertTrue(text.contains("# held out: fitted model: AUC 0.7800"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("#") || line.startsWith("scoring."), "not a scoring setting: " + line);
        }
    }

    @Test
    void jsonHasTheFitTheMetricsAndTheSettings() throws IOException {
        JsonNode json = new ObjectMapper().readTree(FitReport.json(model()));

        assertEquals("2024-10-01T00:00:00Z", json.at("/history/cutoff").asText());
        assertEquals(0.2436, json.at("/bgnbd/r/value").asDouble());
        assertEquals(0.0125, json.at("/bgnbd/r/standardError").asDouble());
        assertEquals("fitted model", json.at("/heldOut/0/model").asText());
        assertEquals(0.76, json.at("/heldOut/1/auc").asDouble());
        assertEquals(-0.123456789012345, json.at("/weights/intercept").asDouble());
        assertEquals("273", json.at("/settings/scoring.horizon.days").asText());
    }
}
