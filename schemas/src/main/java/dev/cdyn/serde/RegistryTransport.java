package dev.cdyn.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to the registry's REST API, and their JSON answers. A request the registry does not
 * answer, or answers with 408, 429 or 5xx, is retried with {@link Backoff}, moving on to the next
 * configured URL, and after {@code max.retries} fails with {@link SchemaRegistryUnavailableException};
 * any other error answer becomes a {@link SchemaRegistryException} carrying the registry's error code.
 */
final class RegistryTransport {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<URI> baseUris;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Duration readTimeout;
    private final int maxRetries;
    private final Backoff backoff;
    private final ObjectMapper json = new ObjectMapper();

    private int preferredUri;

    RegistryTransport(RegistryEndpoints endpoints, SerdeConfig config, Backoff backoff) {
        this.baseUris = endpoints.baseUris();
        this.authorization = endpoints.authorization();
        HttpClient.Builder http = HttpClient.newBuilder()
                // Plain HTTP/1.1: the client's default h2c upgrade attempt on http:// URLs was seen to
                // make a registry handle one registration twice ("already exists", unique-key errors).
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()));
        sslContext(config).ifPresent(http::sslContext);
        this.http = http.build();
        this.readTimeout = Duration.ofMillis(config.readTimeoutMs());
        this.maxRetries = config.maxRetries();
        this.backoff = backoff;
    }

    /**
     * The TLS context of the {@code schema.registry.ssl.*} settings, or none (the JVM's default) if
     * no store is set. Kafka's own {@link DefaultSslEngineFactory} loads the stores, as it does for
     * the brokers' {@code ssl.*} settings (JKS, PKCS12 or PEM); a store that cannot be loaded stops
     * here, naming its setting.
     */
    static Optional<SSLContext> sslContext(SerdeConfig config) {
        Map<String, Object> ssl = config.sslSettings();
        if (ssl.isEmpty()) {
            return Optional.empty();
        }
        String truststore = config.getString(SerdeConfig.SSL_TRUSTSTORE_LOCATION);
        String keystore = config.getString(SerdeConfig.SSL_KEYSTORE_LOCATION);
        requireReadable(SerdeConfig.SSL_TRUSTSTORE_LOCATION, truststore);
        requireReadable(SerdeConfig.SSL_KEYSTORE_LOCATION, keystore);
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        try {
            // Kafka's defaults for what is not set (protocol, algorithms), then the stores.
            factory.configure(new ConfigDef().withClientSslSupport().parse(ssl));
            return Optional.of(factory.sslContext());
        } catch (KafkaException e) {
            String message = String.valueOf(e.getMessage());
            boolean aboutTruststore = truststore != null && (keystore == null || message.contains(truststore));
            throw new ConfigException(aboutTruststore ? SerdeConfig.SSL_TRUSTSTORE_LOCATION
                    : SerdeConfig.SSL_KEYSTORE_LOCATION, aboutTruststore ? truststore : keystore, rootMessage(e));
        } finally {
            factory.close();
        }
    }

    private static void requireReadable(String setting, String location) {
        if (location != null && !Files.isRegularFile(Path.of(location))) {
            throw new ConfigException(setting, location, "no such file");
        }
        if (location != null && !Files.isReadable(Path.of(location))) {
            throw new ConfigException(setting, location, "cannot be read");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root.getMessage();
    }

    /** The answer's JSON to one request (no body if {@code body} is null), retried while the registry cannot answer. */
    JsonNode send(String method, String path, String body) {
        Exception lastFailure = null;
        String lastTarget = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                long wait = backoff.waitMs(attempt);
                LOG.warn("Schema registry did not answer {} ({}); retry {} of {} in {} ms",
                        lastTarget, lastFailure, attempt, maxRetries, wait);
                Backoff.sleep(wait, lastTarget);
            }
            int uriIndex = currentUri();
            URI target = URI.create(baseUris.get(uriIndex) + path);
            lastTarget = method + " " + target;
            HttpResponse<String> response;
            try {
                response = http.send(request(method, target, body),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                moveOn(uriIndex);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException("Interrupted while waiting for " + lastTarget, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return readJson(response.body(), status);
            }
            if (isWorthRetrying(status)) {
                lastFailure = new IOException("HTTP " + status + ": " + response.body());
                moveOn(uriIndex);
                continue;
            }
            throw error(response, lastTarget);
        }
        throw new SchemaRegistryUnavailableException("The schema registry did not answer " + lastTarget
                + " after " + (maxRetries + 1) + " attempts: " + lastFailure, lastFailure);
    }

    /** Timeout, too many requests, or the registry's own trouble: another try, perhaps elsewhere, may succeed. */
    private static boolean isWorthRetrying(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private HttpRequest request(String method, URI target, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(readTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request.build();
    }

    private synchronized int currentUri() {
        return preferredUri % baseUris.size();
    }

    /** After a failure at the preferred URL the next one is preferred, by every request from then on. */
    private synchronized void moveOn(int failedIndex) {
        if (preferredUri % baseUris.size() == failedIndex) {
            preferredUri = (failedIndex + 1) % baseUris.size();
        }
    }

    private JsonNode readJson(String text, int status) {
        try {
            return json.readTree(text == null || text.isEmpty() ? "{}" : text);
        } catch (IOException e) {
            throw new SchemaRegistryException("The registry's answer is not JSON: " + abbreviate(text), status, 0);
        }
    }

    private SchemaRegistryException error(HttpResponse<String> response, String target) {
        int status = response.statusCode();
        int code = status;
        String message = abbreviate(response.body());
        try {
            JsonNode body = json.readTree(response.body());
            code = body.path("error_code").asInt(status);
            message = body.path("message").asText(message);
        } catch (IOException | RuntimeException e) {
            // Not JSON: keep the status as the code and the raw text as the message.
        }
        return new SchemaRegistryException(target + ": " + message, status, code);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
