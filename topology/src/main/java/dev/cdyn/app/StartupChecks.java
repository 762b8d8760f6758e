package dev.cdyn.app;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.serde.SerdeConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must hold before the application starts: the brokers answer, the registry answers, the
 * topics exist. Brokers and registry are waited for a bounded time with one log line per attempt;
 * then start-up fails with a message naming the setting, instead of a crash loop of stack traces.
 */
public final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private StartupChecks() {
    }

    /** Thrown when start-up cannot go on; the message is meant for the operator as it is. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message);
        }
    }

    public static void awaitBrokers(Settings settings, Duration timeout) {
        Properties props = settings.adminProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        try (Admin admin = Admin.create(props)) {
            while (true) {
                attempt++;
                try {
                    admin.describeCluster().nodes().get();
                    return;
                } catch (Exception e) {
                    String why = rootMessage(e);
                    if (System.nanoTime() + PAUSE.toNanos() > deadline) {
                        throw new StartupException("Kafka is not reachable at " + Settings.BOOTSTRAP_SERVERS + "="
                                + settings.getList(Settings.BOOTSTRAP_SERVERS) + " after " + attempt + " attempts over "
                                + timeout.toSeconds() + " s: " + why);
                    }
                    LOG.warn("Waiting for Kafka at {} (attempt {}): {}", settings.getList(Settings.BOOTSTRAP_SERVERS),
                            attempt, why);
                    sleep();
                }
            }
        }
    }

    public static void awaitRegistry(Settings settings, Duration timeout) {
        List<String> urls = settings.getList(Settings.SCHEMA_REGISTRY_URL);
        if (urls.stream().anyMatch(url -> url.startsWith("mock://"))) {
            return;
        }
        // Only ever shown without the credentials a URL may carry (user:password@).
        List<String> shown = urls.stream().map(SerdeConfig::withoutCredentials).toList();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            String why = "";
            for (String url : urls) {
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/subjects"))
                            .timeout(Duration.ofSeconds(3)).GET().build();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status < 500) {
                        return; // answering; 401/403 are the serde's business, with its credentials
                    }
                    why = "HTTP " + status;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StartupException("Interrupted while waiting for the schema registry");
                } catch (Exception e) {
                    why = SerdeConfig.withoutCredentials(rootMessage(e));
                }
            }
            if (System.nanoTime() + PAUSE.toNanos() > deadline) {
                throw new StartupException("The schema registry is not reachable at " + Settings.SCHEMA_REGISTRY_URL
                        + "=" + shown + " after " + attempt + " attempts over " + timeout.toSeconds() + " s: " + why);
            }
            LOG.warn("Waiting for the schema registry at {} (attempt {}): {}", shown, attempt, why);
            sleep();
        }
    }

    /**
     * Fails naming every missing topic and the setting that names it. With {@code createMissing},
     * creates them first as {@code cdyn topics} does (same code, {@link TopicAdmin}), and waits until
     * every partition of them has a leader, so that the check that follows sees them.
     */
    public static void requireTopics(Settings settings, boolean createMissing, Duration timeout) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            List<Topic<?, ?>> missing = TopicAdmin.missing(admin, settings);
            if (createMissing && !missing.isEmpty()) {
                LOG.info("Creating missing topics {}", missing.stream().map(settings::topic).toList());
                TopicAdmin.create(admin, settings, missing,
                        new TopicAdmin.Layout(Topics.DEFAULT_PARTITIONS, (short) -1, null), timeout);
                missing = TopicAdmin.missing(admin, settings);
            }
            if (!missing.isEmpty()) {
                throw new StartupException("Missing topic(s): " + missing.stream()
                        .map(topic -> settings.topic(topic) + " (" + topic.setting() + ")").collect(Collectors.joining(", "))
                        + ". Create them with `cdyn topics` (every topic the application needs, as it declares them),"
                        + " point the setting at an existing topic, or pass --create-topics.");
            }
        } catch (StartupException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while checking topics");
        } catch (Exception e) {
            throw new StartupException("Could not list or create topics at " + settings.getList(Settings.BOOTSTRAP_SERVERS)
                    + ": " + rootMessage(e));
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static void sleep() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("Interrupted while waiting");
        }
    }
}
