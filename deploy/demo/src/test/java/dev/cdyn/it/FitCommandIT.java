package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.scoring.ModelParameters;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdyn fit} against the interactions topic of an application running on a real broker. */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FitCommandIT {

    static final Instant HISTORY_END = Instant.parse("2026-03-01T00:00:00Z");

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    @Test
    void fitsFromTheInteractionsOfARunningApplicationAndWritesAModelRunReads(@TempDir Path dir) throws Exception {
        Settings settings = RealCluster.scenario("fit", Replays.ORDER_INDEPENDENT);
        // 400 customers, 240 days ending at a fixed time, so that the history (and the fit) is the
        // same at every run: a 90-day horizon leaves 150 days before the cut-off. With a few hundred
        // customers the drop-out shapes are loosely determined; this seed keeps their errors near
        // their values, well inside the refusal rule.
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            EndToEndIT.publish(settings, EndToEndIT.simulate(400, 240, HISTORY_END.toEpochMilli(), 12));
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(200));
        }
        Path model = dir.resolve("fitted.properties");
        CdynRun fit = CdynRun.of("fit", "--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", RealCluster.registryUrl(),
                "--set", Topics.INTERACTIONS.setting() + "=" + settings.topic(Topics.INTERACTIONS),
                "--horizon-days", "90", "--format", "json", "--output", model.toString());

        assertEquals(0, fit.exitCode(), fit.err());
        JsonNode report = new ObjectMapper().readTree(fit.out());
        assertEquals(400, report.at("/history/customers").asInt(), "every simulated customer was seen by the cut-off");
        assertEquals(4, report.get("heldOut").size());
        assertTrue(report.at("/heldOut/0/auc").asDouble() > 0.5, fit.out());
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(model)) {
            file.load(reader);
        }
        Map<String, Object> merged = new HashMap<>(settings.originals());
        file.forEach((key, value) -> merged.put(key.toString(), value));
        ModelParameters fitted = new Settings(merged).modelParameters();
        assertEquals(report.at("/bgnbd/alpha/value").asDouble(), fitted.alpha());
        assertEquals(report.at("/weights/order_rhythm").asDouble(),
                fitted.churnWeights().weight(dev.cdyn.scoring.ChurnTerm.ORDER_RHYTHM));
    }

    @Test
    void aMissingInteractionsTopicIsRefusedNamingTheSetting() {
        CdynRun fit = CdynRun.of("fit", "--bootstrap-servers", RealCluster.bootstrapServers(),
                "--schema-registry-url", RealCluster.registryUrl(), "--set", "topics.interactions=nobody-wrote-this");

        assertEquals(2, fit.exitCode());
        assertTrue(fit.err().contains("'nobody-wrote-this' does not exist (setting topics.interactions)"), fit.err());
    }
}
