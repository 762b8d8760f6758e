package dev.cdyn.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.cdyn.local.LocalRegistryProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The local registry as a test needs to see it, through the JDK's HTTP server: over HTTPS with
 * basic authentication (the local registry speaks plain HTTP only), or answering nothing while
 * {@link #hang} is on, as a registry that is up but stuck does. Everything else is forwarded.
 */
final class RegistryProxy implements AutoCloseable {

    private static final long LONGEST_HANG_MS = 120_000;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final URI target;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile boolean hanging;
    final AtomicInteger authenticated = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger held = new AtomicInteger();

    private RegistryProxy(HttpServer server, URI target, String userInfo) {
        this.server = server;
        this.target = target;
        this.authorization = userInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP in front of the registry whose Confluent API is at {@code confluentApiUrl}. */
    static RegistryProxy plain(String confluentApiUrl) throws IOException {
        return new RegistryProxy(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), root(confluentApiUrl),
                null);
    }

    /** HTTPS with {@code tls}, requiring basic authentication as {@code userInfo} (user:password). */
    static RegistryProxy https(String confluentApiUrl, SSLContext tls, String userInfo) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new RegistryProxy(server, root(confluentApiUrl), userInfo);
    }

    private static URI root(String confluentApiUrl) {
        return URI.create(confluentApiUrl.replace(LocalRegistryProcess.CONFLUENT_API_PATH, ""));
    }

    /** The URL to give {@code schema.registry.url}. */
    String confluentApiUrl() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + LocalRegistryProcess.CONFLUENT_API_PATH;
    }

    /** While on, requests are held unanswered (at most two minutes each). */
    void hang(boolean on) {
        hanging = on;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (authorization != null && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                respond(exchange, 401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
                return;
            }
            authenticated.incrementAndGet();
            if (hanging) {
                held.incrementAndGet();
                long deadline = System.currentTimeMillis() + LONGEST_HANG_MS;
                while (hanging && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            respond(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        hanging = false;
        server.stop(0);
        threads.shutdownNow();
    }
}
