package dev.cdyn.app;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.serde.SchemaRegistries;
import dev.cdyn.serde.SchemaRegistry;
import dev.cdyn.serde.SchemaRegistryException;
import dev.cdyn.serde.SchemaRegistryUnavailableException;
import dev.cdyn.serde.SerdeConfig;
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
    /** A subject nobody registers: looking it up shows whether the registry answers, and accepts us. */
    private static final String PROBE_SUBJECT = "cdyn-startup-check-no-such-subject";

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
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        // The serde's own client, with its credentials and timeouts: what the application will meet.
        try (SchemaRegistry registry = SchemaRegistries.connect(new SerdeConfig(settings.serdeConfig()))) {
            while (true) {
                attempt++;
                String why;
                try {
                    registry.latest(PROBE_SUBJECT);
                    return; // somebody registered the probe's subject: answering all the same
                } catch (SchemaRegistryException e) {
                    refused(e, shown);
                    return; // no such subject: answering, and these credentials are accepted
                } catch (SchemaRegistryUnavailableException e) {
                    why = SerdeConfig.withoutCredentials(rootMessage(e));
                }
                if (System.nanoTime() + PAUSE.toNanos() > deadline) {
                    throw new StartupException("The schema registry is not reachable at " + Settings.SCHEMA_REGISTRY_URL
                            + "=" + shown + " after " + attempt + " attempts over " + timeout.toSeconds() + " s: " + why);
                }
                LOG.warn("Waiting for the schema registry at {} (attempt {}): {}", shown, attempt, why);
                sleep();
            }
        }
    }

    /**
     * Judges the registry's answer to a lookup of a subject that does not exist: the registry's own
     * "not found" (40401 no such subject, as Confluent's says; 40402 no such version, as Apicurio's
     * says) is the answer of a working registry; refused credentials, or anything else (a proxy's
     * page, a wrong path), stop start-up naming what to fix.
     */
    private static void refused(SchemaRegistryException e, List<String> urls) {
        if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
            return;
        }
        if (e.httpStatus() == 401 || e.httpStatus() == 403) {
            throw new StartupException("The schema registry at " + Settings.SCHEMA_REGISTRY_URL + "=" + urls
                    + " refused our credentials (HTTP " + e.httpStatus() + "): check "
                    + SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + " and " + SerdeConfig.BASIC_AUTH_USER_INFO);
        }
        throw new StartupException("What answers at " + Settings.SCHEMA_REGISTRY_URL + "=" + urls
                + " does not speak the schema registry API (" + SerdeConfig.withoutCredentials(e.getMessage())
                + "); check the URL, including its path");
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
