package dev.cdyn.cli;

import dev.cdyn.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * Where settings come from, later wins: the defaults in {@link Settings} → properties files
 * ({@code --config}, repeatable: a cluster's file, then a fitted model's) → environment variables
 * {@code CDYN_<KEY>} → flags. In a variable's name
 * {@code _} stands for {@code .} and {@code __} for {@code -}: {@code CDYN_BOOTSTRAP_SERVERS} is
 * {@code bootstrap.servers}, {@code CDYN_TOPICS_SUPPORT__TICKETS} is {@code topics.support-tickets}.
 */
public final class SettingsOptions {

    public static final String ENV_PREFIX = "CDYN_";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "A properties file of settings; repeatable, a later file over an earlier one"
                    + " (e.g. the cluster's, then a model written by cdyn fit --output).")
    List<Path> configs = new ArrayList<>();

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "A setting, over the file and the environment; repeatable. Any Kafka client setting passes through.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers (bootstrap.servers).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL", description = "Schema registry (schema.registry.url).")
    String schemaRegistryUrl;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id (application.id).")
    String applicationId;

    /** The merged settings as raw key/values, before validation. */
    Map<String, Object> raw(Map<String, String> environment) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path config : configs) {
            Properties file = new Properties();
            try {
                Cdyn.requireReadableFile(config);
            } catch (FileSystemException e) {
                throw new ConfigException("--config", config.toString(), Cdyn.reason(e));
            }
            try (Reader reader = Files.newBufferedReader(config)) {
                file.load(reader);
            } catch (IOException e) {
                throw new ConfigException("--config", config.toString(), "cannot be read: " + e.getMessage());
            }
            file.forEach((key, value) -> merged.put(key.toString(), value.toString().trim()));
        }
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                merged.put(keyOf(name), value);
            }
        });
        merged.putAll(overrides);
        putIfSet(merged, Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        putIfSet(merged, Settings.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        putIfSet(merged, Settings.APPLICATION_ID, applicationId);
        return merged;
    }

    /** Validated settings; a bad one stops here with a message naming it. */
    Settings settings(Map<String, String> environment, Map<String, Object> programDefaults) {
        Map<String, Object> merged = new LinkedHashMap<>(programDefaults);
        merged.putAll(raw(environment));
        return new Settings(merged);
    }

    /** The setting a {@code CDYN_...} environment variable stands for. */
    public static String keyOf(String variable) {
        return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
    }

    private static void putIfSet(Map<String, Object> merged, String key, String value) {
        if (value != null) {
            merged.put(key, value);
        }
    }
}
