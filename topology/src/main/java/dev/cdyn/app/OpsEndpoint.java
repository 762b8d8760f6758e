package dev.cdyn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cdyn.activity.ScoringMetrics;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.scoring.Band;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application over HTTP, read-only: health probes, Prometheus metrics, one customer's
 * score and the riskiest customers, from whichever instance is asked (it forwards to the owner of
 * the key, or asks every instance and merges).
 *
 * <p>On the JDK's own HTTP server ({@code com.sun.net.httpserver}, module {@code jdk.httpserver}):
 * a handful of GET routes with small JSON answers need no framework, and it adds no dependency to
 * keep up to date. Requests are bounded: GET only, no body, a path and query of at most
 * {@value #MAX_URI} characters; errors are JSON with a status and a message, never a stack trace.
 */
public final class OpsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoint.class);
    public static final int MAX_URI = 2048;
    public static final int MAX_ID = 256;
    public static final int MAX_LIMIT = 1000;
    /** Set on a call one instance makes to another, which then answers from its own stores only. */
    static final String FORWARDED = "X-Cdyn-Forwarded";
    private static final Pattern SCORE_PATH = Pattern.compile("/customers/([^/]+)/score");
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService executor;
    private final HostInfo advertised;
    private final Optional<String> token;
    private final OpsMetrics metrics = new OpsMetrics();
    private final HttpClient peers = HttpClient.newBuilder().connectTimeout(PEER_TIMEOUT).build();
    private volatile CustomerDynamicsApp app;
    private volatile ScoreQueries queries;

    private OpsEndpoint(HttpServer server, ExecutorService executor, HostInfo advertised, Optional<String> token) {
        this.server = server;
        this.executor = executor;
        this.advertised = advertised;
        this.token = token;
    }

    /** Binds the port (so that an occupied one fails before anything starts) and works out the advertised address. */
    public static OpsEndpoint bind(Settings settings) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.httpBindAddress(), settings.httpPort()), 50);
        } catch (IOException e) {
            throw new ConfigException(Settings.HTTP_PORT, settings.httpPort(),
                    "cannot listen on " + settings.httpBindAddress() + ":" + settings.httpPort() + ": " + e.getMessage());
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "cdyn-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        HostInfo advertised = new HostInfo(advertisedHost(settings), server.getAddress().getPort());
        return new OpsEndpoint(server, executor, advertised, settings.httpToken());
    }

    private static String advertisedHost(Settings settings) {
        if (!settings.httpAdvertisedHost().isBlank()) {
            return settings.httpAdvertisedHost();
        }
        String bind = settings.httpBindAddress();
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new ConfigException(Settings.HTTP_ADVERTISED_HOST, "",
                    "this machine's host name cannot be resolved; set the host other instances reach this one at");
        }
    }

    /** Where other instances reach this one. */
    public HostInfo advertised() {
        return advertised;
    }

    public String url() {
        return "http://" + advertised.host() + ":" + advertised.port();
    }

    /**
     * What Kafka Streams must be given for this endpoint: {@code application.server} (unless the
     * user set it), and the latency observer.
     */
    public Map<String, Object> streamsOverrides(Settings settings) {
        Map<String, Object> overrides = new HashMap<>();
        if (!settings.originals().containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
            overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
        }
        overrides.put(ScoringMetrics.LATENCY_OBSERVER, metrics.latencyObserver());
        return overrides;
    }

    /** Serves this application; call before starting it, so that probes answer from the start. */
    public OpsEndpoint start(CustomerDynamicsApp app) {
        this.app = app;
        Object configured = app.settings().originals().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        HostInfo self = configured == null ? advertised : HostInfo.buildFromEndpoint(configured.toString());
        this.queries = new ScoreQueries(app.streams(), self, app.settings(),
                Topics.SCORES.valueSerde(app.serdes()).deserializer());
        metrics.bind(app);
        this.server.createContext("/", this::handle);
        this.server.start();
        LOG.info("HTTP endpoint on {} (advertised as {}){}", this.server.getAddress(), url(),
                token.isPresent() ? ", bearer token required" : "");
        return this;
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Answer answer;
            try {
                answer = route(exchange);
            } catch (Refusal refusal) {
                answer = Answer.error(refusal.status, refusal.getMessage());
            } catch (InvalidStateStoreException moving) {
                answer = Answer.error(503, "the stores of this customer's partition are moving or restoring; try again");
            } catch (RuntimeException e) {
                LOG.warn("HTTP {} failed", exchange.getRequestURI(), e);
                answer = Answer.error(500, "internal error: " + e.getClass().getSimpleName());
            }
            send(exchange, answer);
        } catch (IOException e) {
            LOG.debug("Could not answer {}: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private Answer route(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            throw new Refusal(405, "only GET is served");
        }
        String raw = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (raw.length() + (rawQuery == null ? 0 : rawQuery.length()) > MAX_URI) {
            throw new Refusal(414, "the path and query may have at most " + MAX_URI + " characters");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if ((length != null && !length.trim().equals("0")) || exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            throw new Refusal(413, "requests have no body here");
        }
        switch (raw) {
            case "/health/live":
                return live();
            case "/health/ready":
                return app.ready() ? Answer.json(200, status("ready")) : Answer.json(503, status("not ready"));
            default:
                break;
        }
        authorize(exchange);
        if (raw.equals("/metrics")) {
            return new Answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        }
        if (raw.equals("/customers/at-risk")) {
            return atRisk(query(rawQuery), exchange.getRequestHeaders().containsKey(FORWARDED), bearer(exchange));
        }
        var score = SCORE_PATH.matcher(raw);
        if (score.matches()) {
            return score(customerId(score.group(1)), exchange.getRequestHeaders().containsKey(FORWARDED),
                    bearer(exchange));
        }
        throw new Refusal(404, "no such resource: " + raw);
    }

    private Answer live() {
        var state = app.streams().state();
        boolean alive = state != KafkaStreams.State.ERROR;
        ObjectNode body = status(alive ? "live" : "dead");
        body.put("state", state.name());
        return Answer.json(alive ? 200 : 503, body);
    }

    private void authorize(HttpExchange exchange) {
        if (token.isEmpty()) {
            return;
        }
        String given = bearer(exchange);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.get().getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            throw new Refusal(401, "a bearer token is required");
        }
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    static String customerId(String rawSegment) {
        String id;
        try {
            id = URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "the customer id is not well-formed percent-encoding");
        }
        if (id.isBlank() || id.length() > MAX_ID) {
            throw new Refusal(400, "a customer id has 1 to " + MAX_ID + " characters");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new Refusal(400, "a customer id has no control characters");
        }
        return id;
    }

    private Answer score(String customer, boolean forwarded, String bearer) {
        ScoreQueries.Owner owner = queries.owner(customer);
        if (owner instanceof ScoreQueries.Owner.Here here) {
            return served(customer, queries.score(customer, here.partition(), true));
        }
        if (owner instanceof ScoreQueries.Owner.There there) {
            if (!forwarded) {
                Optional<Answer> fromOwner = ask(there.active(), "/customers/"
                        + URLEncoder.encode(customer, StandardCharsets.UTF_8).replace("+", "%20") + "/score", bearer);
                if (fromOwner.isPresent() && fromOwner.get().status < 500) {
                    return fromOwner.get();
                }
            }
            if (there.standbyHere()) {
                return served(customer, queries.score(customer, there.partition(), true).map(
                        s -> new ScoreQueries.Served(s.score(), true)));
            }
            throw new Refusal(503, "the instance that holds this customer (" + there.active()
                    + ") did not answer; try again");
        }
        throw new Refusal(503, "the partitions are being assigned; try again shortly");
    }

    private Answer served(String customer, Optional<ScoreQueries.Served> served) {
        if (served.isEmpty()) {
            throw new Refusal(404, "no score for customer " + customer);
        }
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.set("score", AvroJson.node(served.get().score()));
        body.put("stale", served.get().stale());
        body.put("servedBy", queries.self().host() + ":" + queries.self().port());
        return Answer.json(200, body);
    }

    private Answer atRisk(Map<String, String> params, boolean forwarded, String bearer) {
        List<Band> bands;
        String band = params.get("band");
        if (band == null || band.isEmpty()) {
            bands = new ArrayList<>(Arrays.asList(Band.values()));
        } else {
            try {
                bands = List.of(Band.valueOf(band.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, "band is one of " + Arrays.toString(Band.values()));
            }
        }
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", "50"));
        } catch (NumberFormatException e) {
            throw new Refusal(400, "limit is a whole number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Refusal(400, "limit is a whole number from 1 to " + MAX_LIMIT);
        }
        List<ScoreQueries.AtRisk> lines = new ArrayList<>(queries.localAtRisk(bands, limit));
        ArrayNode missing = AvroJson.MAPPER.createArrayNode();
        int instances = 1;
        if (!forwarded) {
            for (HostInfo other : queries.otherInstances()) {
                String path = "/customers/at-risk?limit=" + limit + (band == null || band.isEmpty() ? "" : "&band="
                        + bands.get(0).name());
                Optional<Answer> answer = ask(other, path, bearer);
                if (answer.isPresent() && answer.get().status == 200) {
                    instances++;
                    try {
                        AvroJson.MAPPER.readTree(answer.get().body).get("customers")
                                .forEach(node -> lines.add(ScoreQueries.fromJson(node)));
                    } catch (IOException e) {
                        missing.add(other.host() + ":" + other.port());
                    }
                } else {
                    missing.add(other.host() + ":" + other.port());
                }
            }
        }
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.put("band", band == null || band.isEmpty() ? "ALL" : bands.get(0).name());
        body.put("limit", limit);
        body.put("instances", instances);
        if (!missing.isEmpty()) {
            body.set("unanswered", missing);
        }
        body.set("customers", ScoreQueries.jsonList(ScoreQueries.riskiestFirst(lines, limit)));
        return Answer.json(200, body);
    }

    /** Asks another instance; empty if it could not be reached. */
    private Optional<Answer> ask(HostInfo host, String pathAndQuery, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + pathAndQuery))
                .timeout(PEER_TIMEOUT).header(FORWARDED, "true").GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = peers.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body()));
        } catch (IOException e) {
            LOG.info("Instance {} did not answer {}: {}", host, pathAndQuery, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(name, value);
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, "the query is not well-formed percent-encoding");
            }
        }
        return params;
    }

    private static ObjectNode status(String status) {
        ObjectNode body = AvroJson.MAPPER.createObjectNode();
        body.put("status", status);
        return body;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        metrics.close();
    }

    /** A status and a body. */
    record Answer(int status, String contentType, String body) {
        static Answer json(int status, JsonNode body) {
            return new Answer(status, "application/json", body.toString());
        }

        static Answer error(int status, String message) {
            ObjectNode body = AvroJson.MAPPER.createObjectNode();
            body.put("status", status);
            body.put("error", message);
            return json(status, body);
        }
    }

    /** A request refused with this status and a message for its sender. */
    static final class Refusal extends RuntimeException {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

}
