package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.activity.ModelRecords;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.ingest.Source;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.topology.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole loop on a real broker and registry: a backfilled history scored with the settings,
 * {@code cdyn fit --publish} through the command line, and the running application taking the
 * model up without a restart (every customer re-scored under it, silent ones included), then
 * keeping it across a restart.
 */
@Tag("integration")
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class LiveModelIT {

    private static final Pattern PUBLISHED = Pattern.compile("Published model (\\S+) to (\\S+) \\(key churn\\)");

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    private static Map<String, CustomerScore> latestScores(Settings settings) {
        return Replays.finalScores(EndToEndIT.scores(settings));
    }

    /** Polls the scores topic until every customer's latest score passes, at most {@code timeout}. */
    private static Map<String, CustomerScore> awaitLatest(Settings settings, Duration timeout,
                                                          Predicate<Map<String, CustomerScore>> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, CustomerScore> latest = latestScores(settings);
        while (!done.test(latest)) {
            if (System.nanoTime() > deadline) {
                return latest;
            }
            Thread.sleep(500);
            latest = latestScores(settings);
        }
        return latest;
    }

    @Test
    void aPublishedModelReScoresARunningApplicationAndSurvivesARestart() throws Exception {
        Map<String, Object> overrides = new HashMap<>(Replays.ORDER_INDEPENDENT);
        overrides.put(Settings.MODEL_CHECK_MS, 200L);
        overrides.put(Settings.MODEL_SWEEP_BATCH, 50);
        Settings settings = RealCluster.scenario("live-model", overrides);

        Map<String, CustomerScore> before;
        String version;
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            EndToEndIT.publish(settings, EndToEndIT.simulate(400, 240, FitCommandIT.HISTORY_END.toEpochMilli(), 12));
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(200));
            before = latestScores(settings);
            assertEquals(400, before.size(), "every customer scored");
            before.values().forEach(score -> assertEquals(CustomerScorer.SETTINGS_VERSION, score.getModelVersion()));

            CdynRun fit = CdynRun.of("fit", "--bootstrap-servers", RealCluster.bootstrapServers(),
                    "--schema-registry-url", RealCluster.registryUrl(),
                    "--set", Topics.INTERACTIONS.setting() + "=" + settings.topic(Topics.INTERACTIONS),
                    "--set", Topics.MODEL.setting() + "=" + settings.topic(Topics.MODEL),
                    "--horizon-days", "90", "--publish");
            assertEquals(0, fit.exitCode(), fit.err());
            Matcher published = PUBLISHED.matcher(fit.out());
            assertTrue(published.find(), fit.out());
            version = published.group(1);
            assertEquals(settings.topic(Topics.MODEL), published.group(2));

            AvroDeserializer<ScoringModel> models = new AvroDeserializer<>(ScoringModel.class);
            models.configure(settings.serdeConfig(), false);
            List<ConsumerRecord<String, ScoringModel>> onTopic = RealCluster.readAll(settings,
                    settings.topic(Topics.MODEL), models);
            assertEquals(1, onTopic.size());
            assertEquals(ModelRecords.CHURN_MODEL_KEY, onTopic.get(0).key());
            assertEquals(version, onTopic.get(0).value().getVersion());
            assertEquals(90, onTopic.get(0).value().getHorizonDays());

            // No event follows: the sweep alone re-scores every customer under the new model.
            String expected = version;
            Map<String, CustomerScore> after = awaitLatest(settings, Duration.ofSeconds(90),
                    latest -> latest.values().stream().allMatch(score -> expected.equals(score.getModelVersion())));
            assertEquals(before.keySet(), after.keySet());
            after.forEach((customer, score) -> assertEquals(expected, score.getModelVersion(), customer));
            long moved = before.keySet().stream()
                    .filter(c -> before.get(c).getChurnRisk() != after.get(c).getChurnRisk()).count();
            assertTrue(moved > before.size() / 2, "the fitted model moved most customers' risk: " + moved);
        }

        // A restart: the model comes back from the topic, and a new event is scored with it.
        Map<String, CustomerScore> beforeRestart = latestScores(settings);
        String customer = beforeRestart.keySet().iterator().next();
        Instant at = beforeRestart.get(customer).getAsOf().plus(Duration.ofDays(1));
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running again");
            OrderEvent order = Events.order("after-restart", customer, at).build();
            try (Publisher publisher = new Publisher(settings, 0)) {
                publisher.send(new SimulatedEvent(Source.ORDERS, customer, order, at.toEpochMilli()));
                publisher.flush();
            }
            String expected = version;
            Map<String, CustomerScore> latest = awaitLatest(settings, Duration.ofSeconds(90),
                    scores -> scores.get(customer).getAsOf().equals(at));
            assertEquals(at, latest.get(customer).getAsOf(), "the new event was scored");
            assertEquals(expected, latest.get(customer).getModelVersion());
            assertNotEquals(CustomerScorer.SETTINGS_VERSION, latest.get(customer).getModelVersion());
        }
    }
}
