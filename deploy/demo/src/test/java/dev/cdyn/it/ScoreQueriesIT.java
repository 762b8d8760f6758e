package dev.cdyn.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdyn.app.AvroJson;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.OpsEndpoint;
import dev.cdyn.config.Settings;
import dev.cdyn.scores.CustomerScore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the application split the partitions; each serves every customer's score and
 * the at-risk list over HTTP, forwarding to or asking the other. A bearer token is set, so the
 * calls between instances carry it too.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScoreQueriesIT {

    private static final String TOKEN = "it-secret-token";
    private static final List<OpsEndpoint> ENDPOINTS = new ArrayList<>();
    private static final List<CustomerDynamicsApp> APPS = new ArrayList<>();
    private static Map<String, CustomerScore> latest;

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void twoInstancesCaughtUp() throws Exception {
        RealCluster.start();
        Settings first = RealCluster.scenario("queries", Map.of(Settings.HTTP_BIND_ADDRESS, "127.0.0.1",
                Settings.HTTP_PORT, 0, Settings.HTTP_TOKEN, TOKEN, StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1));
        Map<String, Object> other = new HashMap<>(first.originals());
        other.put(StreamsConfig.STATE_DIR_CONFIG, RealCluster.scratchFolder("cdyn-it-state-").toString());
        for (Settings settings : List.of(first, new Settings(other))) {
            OpsEndpoint endpoint = OpsEndpoint.bind(settings);
            ENDPOINTS.add(endpoint);
            CustomerDynamicsApp app = new CustomerDynamicsApp(settings, endpoint.streamsOverrides(settings));
            APPS.add(app);
            endpoint.start(app);
            app.start();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!bothHoldPartitions()) {
            assertTrue(System.nanoTime() < deadline, "both instances hold partitions");
            Thread.sleep(200);
        }
        EndToEndIT.publish(first, EndToEndIT.simulate(30, 60, System.currentTimeMillis(), 21));
        RealCluster.awaitCaughtUp(first, Duration.ofSeconds(120));
        latest = Replays.finalScores(EndToEndIT.scores(first));
        latest.values().removeIf(score -> score == null); // forgotten customers
        assertTrue(latest.size() >= 20, "scores to ask for: " + latest.size());
        for (OpsEndpoint endpoint : ENDPOINTS) {
            while (Http.get(endpoint.url() + "/health/ready", null).statusCode() != 200) {
                assertTrue(System.nanoTime() < deadline, "ready");
                Thread.sleep(200);
            }
        }
    }

    private static boolean bothHoldPartitions() {
        return APPS.stream().allMatch(app -> app.ready() && app.streams().metadataForLocalThreads().stream()
                .anyMatch(thread -> !thread.activeTasks().isEmpty()));
    }

    @AfterAll
    static void stop() {
        APPS.forEach(app -> app.close(Duration.ofSeconds(30)));
        ENDPOINTS.forEach(OpsEndpoint::close);
    }

    private static String host(OpsEndpoint endpoint) {
        return endpoint.advertised().host() + ":" + endpoint.advertised().port();
    }

    @Test
    void theScoreServedByEitherInstanceIsTheLatestOnTheScoresTopic() throws Exception {
        for (OpsEndpoint asked : ENDPOINTS) {
            int forwarded = 0;
            for (Map.Entry<String, CustomerScore> customer : latest.entrySet()) {
                HttpResponse<String> response = Http.get(asked.url() + "/customers/" + customer.getKey() + "/score",
                        TOKEN);
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = Http.json(response);
                assertEquals(AvroJson.node(customer.getValue()), body.get("score"), customer.getKey());
                assertFalse(body.get("stale").asBoolean(), "from the active store");
                forwarded += body.get("servedBy").asText().equals(host(asked)) ? 0 : 1;
            }
            assertTrue(forwarded > 0 && forwarded < latest.size(), "some calls were forwarded to the other instance, "
                    + "some answered here: " + forwarded + " of " + latest.size());
        }
    }

    @Test
    void atRiskMergesBothInstancesRiskiestFirst() throws Exception {
        List<JsonNode> lists = new ArrayList<>();
        for (OpsEndpoint asked : ENDPOINTS) {
            JsonNode body = Http.json(Http.get(asked.url() + "/customers/at-risk?limit=1000", TOKEN));
            assertEquals(2, body.get("instances").asInt(), body.toString());
            lists.add(body.get("customers"));
        }
        assertEquals(lists.get(0), lists.get(1), "the same answer from either instance");
        JsonNode all = lists.get(0);
        assertEquals(latest.keySet(), names(all), "every scored customer, from both instances' partitions");
        String[] bands = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
        for (int i = 1; i < all.size(); i++) {
            int before = List.of(bands).indexOf(all.get(i - 1).get("riskBand").asText());
            int after = List.of(bands).indexOf(all.get(i).get("riskBand").asText());
            assertTrue(before > after || (before == after
                    && all.get(i - 1).get("churnRisk").asDouble() >= all.get(i).get("churnRisk").asDouble()),
                    "riskiest band first, riskiest first within it, at " + i);
        }
        for (JsonNode line : all) {
            CustomerScore score = latest.get(line.get("customerId").asText());
            assertEquals(score.getChurnRisk(), line.get("churnRisk").asDouble());
            assertEquals(score.getRiskBand().name(), line.get("riskBand").asText());
        }
        for (String band : bands) {
            JsonNode inBand = Http.json(Http.get(ENDPOINTS.get(0).url() + "/customers/at-risk?band=" + band
                    + "&limit=1000", TOKEN)).get("customers");
            Set<String> expected = latest.values().stream().filter(s -> s.getRiskBand().name().equals(band))
                    .map(CustomerScore::getCustomerId).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, names(inBand), band);
        }
        JsonNode top3 = Http.json(Http.get(ENDPOINTS.get(1).url() + "/customers/at-risk?limit=3", TOKEN)).get("customers");
        assertEquals(3, top3.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(all.get(i).get("customerId"), top3.get(i).get("customerId"), "the three riskiest");
        }
    }

    private static Set<String> names(JsonNode lines) {
        Set<String> names = new TreeSet<>();
        lines.forEach(line -> names.add(line.get("customerId").asText()));
        assertEquals(lines.size(), names.size(), "each customer once");
        return names;
    }

    @Test
    void theTokenIsRequiredExceptByTheHealthProbes() throws Exception {
        String url = ENDPOINTS.get(0).url();
        String someone = latest.keySet().iterator().next();
        for (String path : List.of("/metrics", "/customers/" + someone + "/score", "/customers/at-risk")) {
            for (String token : new String[] {null, "wrong"}) {
                HttpResponse<String> refused = Http.get(url + path, token);
                assertEquals(401, refused.statusCode(), path);
                assertEquals("Bearer", refused.headers().firstValue("WWW-Authenticate").orElse(""));
                assertEquals(401, Http.json(refused).get("status").asInt());
            }
            assertEquals(200, Http.get(url + path, TOKEN).statusCode(), path);
        }
        assertEquals(200, Http.get(url + "/health/live", null).statusCode());
        assertEquals(200, Http.get(url + "/health/ready", null).statusCode());
    }

    @Test
    @Order(Integer.MAX_VALUE) // stops one instance: the last test
    void whileTheOwnerIsGoneAStandbyAnswersMarkedStale() throws Exception {
        APPS.remove(1).close(Duration.ofSeconds(30)); // stays in the group until its session times out
        ENDPOINTS.remove(1).close();
        OpsEndpoint asked = ENDPOINTS.get(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int stale;
        Map<String, JsonNode> answers = new HashMap<>();
        do {
            stale = 0;
            for (String customer : latest.keySet()) {
                HttpResponse<String> response = Http.get(asked.url() + "/customers/" + customer + "/score", TOKEN);
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = Http.json(response);
                answers.put(customer, body.get("score"));
                stale += body.get("stale").asBoolean() ? 1 : 0;
            }
        } while (!answers.entrySet().stream().allMatch(a -> a.getValue().equals(AvroJson.node(latest.get(a.getKey()))))
                && System.nanoTime() < deadline);
        assertTrue(stale > 0, "the gone instance's customers answered by the standby, marked stale");
        for (String customer : latest.keySet()) {
            assertEquals(AvroJson.node(latest.get(customer)), answers.get(customer), "the standby has caught up: " + customer);
        }
    }

    @Test
    void malformedAndOversizedRequestsAreRefusedWithAJsonError() throws Exception {
        String url = ENDPOINTS.get(0).url();
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("/customers/" + "x".repeat(OpsEndpoint.MAX_ID + 1) + "/score", 400);
        expected.put("/customers/a%00b/score", 400);
        expected.put("/customers/%20/score", 400);
        expected.put("/customers/nobody-has-this-id/score", 404);
        expected.put("/customers/at-risk?band=PURPLE", 400);
        expected.put("/customers/at-risk?limit=0", 400);
        expected.put("/customers/at-risk?limit=many", 400);
        expected.put("/customers/at-risk?limit=" + (OpsEndpoint.MAX_LIMIT + 1), 400);
        expected.put("/customers/x/score?pad=" + "p".repeat(OpsEndpoint.MAX_URI), 414);
        expected.put("/no/such/thing", 404);
        for (Map.Entry<String, Integer> call : expected.entrySet()) {
            HttpResponse<String> response = Http.get(url + call.getKey(), TOKEN);
            assertCleanError(call.getValue(), response, call.getKey());
        }
        HttpResponse<String> post = Http.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("x=1")).build());
        assertCleanError(405, post, "POST");
        HttpResponse<String> withBody = Http.send(HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .header("Authorization", "Bearer " + TOKEN).method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(
                        1000))).build());
        assertCleanError(413, withBody, "GET with a body");
        assertTrue(rawStatusLine(ENDPOINTS.get(0), "GET /customers/%ZZ/score HTTP/1.1").contains(" 400"),
                "a path that is not a URI");
    }

    private static void assertCleanError(int status, HttpResponse<String> response, String what) throws Exception {
        assertEquals(status, response.statusCode(), what + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
        JsonNode body = Http.json(response);
        assertEquals(status, body.get("status").asInt(), what);
        assertFalse(body.get("error").asText().isBlank(), what);
        assertFalse(response.body().contains("\tat ") || response.body().contains("Exception"), "no stack trace: "
                + response.body());
    }

    /** The status line the server answers a raw request line with (for what java.net.URI would refuse to send). */
    private static String rawStatusLine(OpsEndpoint endpoint, String requestLine) throws Exception {
        try (Socket socket = new Socket(endpoint.advertised().host(), endpoint.advertised().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: x\r\nAuthorization: Bearer " + TOKEN + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
