package dev.cdyn.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry that speaks the Confluent API (the {@code deploy/registry} module's
 * Apicurio build), run as a child JVM on a free loopback port, with Confluent's default BACKWARD
 * compatibility. For integration tests and the demo; {@link #close()} stops it.
 */
public final class LocalRegistryProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRegistryProcess.class);
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://127\\.0\\.0\\.1:\\d+)");
    /** Where the Confluent-compatible API lives under the server's root. */
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

    private final Process process;
    private final String rootUrl;

    private LocalRegistryProcess(Process process, String rootUrl) {
        this.process = process;
        this.rootUrl = rootUrl;
    }

    /** Starts the registry from its runnable jar and waits until it is ready, at most {@code timeout}. */
    public static LocalRegistryProcess start(Path runnerJar, Duration timeout) throws IOException, InterruptedException {
        return start(runnerJar, 0, null, timeout);
    }

    /**
     * As {@link #start(Path, Duration)}, on the given port (0: a free one) and with its schemas kept
     * in files in {@code storage} (null: in memory), so that a registry stopped by a test comes back
     * at the same URL knowing the same schemas under the same ids.
     */
    public static LocalRegistryProcess start(Path runnerJar, int port, Path storage, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IOException("No schema registry at " + runnerJar
                    + ": build it with 'mvn -pl deploy/registry package'");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN", "-Dquarkus.log.category.\"io.quarkus\".level=INFO",
                "-jar", runnerJar.toString()))
                .redirectErrorStream(true);
        if (storage != null) {
            // The registry's storage is H2, in memory unless told of a file.
            builder.environment().put("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + storage.resolve("registry"));
        }
        Process process = builder.start();
        // A child JVM outlives its parent unless told otherwise: stop it whenever this JVM ends.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "registry-stop"));
        try {
            String root = awaitListening(process, timeout);
            LocalRegistryProcess registry = new LocalRegistryProcess(process, root);
            registry.awaitReady(timeout);
            registry.put(CONFLUENT_API_PATH + "/config", "{\"compatibility\":\"BACKWARD\"}");
            LOG.info("Schema registry ready at {}", registry.confluentApiUrl());
            return registry;
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return URI.create(rootUrl).getPort();
    }

    /** The URL to give {@code schema.registry.url}. */
    public String confluentApiUrl() {
        return rootUrl + CONFLUENT_API_PATH;
    }

    private static String awaitListening(Process process, Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        url.complete(matcher.group(1));
                    }
                    LOG.debug("registry: {}", line);
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IOException("The schema registry exited before it listened"));
        }, "registry-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("The schema registry did not listen within " + timeout, e);
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(rootUrl + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(100);
        }
        throw new IOException("The schema registry at " + rootUrl + " was not ready within " + timeout);
    }

    private void put(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(rootUrl + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
