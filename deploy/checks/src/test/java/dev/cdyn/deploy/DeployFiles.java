package dev.cdyn.deploy;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cdyn.cli.SettingsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The repository's deployment files, read as the tools that use them read them. */
final class DeployFiles {

    /** The repository root (the tests run in deploy/checks). */
    static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile");
    static final Path COMPOSE = ROOT.resolve("deploy/compose/compose.yaml");
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");

    private DeployFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file or stream, anchors and merge keys resolved. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** A nested value: {@code at(service, "depends_on", "topics", "condition")}. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer index) {
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return (T) current;
    }

    /** Application settings from CDYN_ variables, as the command line reads them. */
    static Map<String, Object> settingsOf(Map<String, ?> environment) {
        Map<String, Object> settings = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(SettingsOptions.ENV_PREFIX) && value != null) {
                settings.put(SettingsOptions.keyOf(name), value.toString());
            }
        });
        return settings;
    }

    /** The Dockerfile's value for an instruction's first occurrence (ENV, VOLUME ...), continuation lines joined. */
    static List<String> dockerInstructions(String keyword) {
        List<String> found = new ArrayList<>();
        String joined = read(DOCKERFILE).replaceAll("\\\\\\n", " ");
        for (String line : joined.split("\n")) {
            String trimmed = line.trim();
            if (!trimmed.startsWith("#") && trimmed.toUpperCase().startsWith(keyword + " ")) {
                found.add(trimmed.substring(keyword.length()).trim());
            }
        }
        return found;
    }

    /** The Dockerfile's ENV variables. */
    static Map<String, String> dockerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String instruction : dockerInstructions("ENV")) {
            Matcher pair = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(instruction);
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        assertFalse(env.isEmpty(), "the Dockerfile sets no ENV");
        return env;
    }

    /** The state folder of the image: its CDYN_STATE_DIR. */
    static String imageStateDir() {
        return dockerEnv().get("CDYN_STATE_DIR");
    }
}
