package dev.cdyn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.cli.SettingsOptions;
import dev.cdyn.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image refers only to what the Maven build produces, and runs as it should: no Docker engine
 * is needed to check that, the Dockerfile is read as text against the built distribution.
 */
class DockerfileTest {

    private static Path dist;

    @BeforeAll
    static void distribution() {
        dist = Path.of(System.getProperty("cdyn.dist", "../../topology/target/cdyn-0.1.0-SNAPSHOT-dist"));
        assertTrue(Files.isDirectory(dist), dist + " is missing: build it with mvn -B package -pl topology -am (the reactor"
                + " builds it before this module)");
    }

    /** ARG defaults, so that ${CDYN_VERSION} in a path reads as the build would. */
    private static String resolveArgs(String text) {
        String resolved = text;
        for (String arg : DeployFiles.dockerInstructions("ARG")) {
            String[] nameAndDefault = arg.split("=", 2);
            if (nameAndDefault.length == 2) {
                resolved = resolved.replace("${" + nameAndDefault[0] + "}", nameAndDefault[1]);
            }
        }
        return resolved;
    }

    @Test
    void theBaseIsAnEclipseTemurin17Jre() {
        List<String> from = DeployFiles.dockerInstructions("FROM");
        assertEquals(1, from.size(), from.toString());
        assertTrue(from.get(0).matches("eclipse-temurin:17[.\\d]*-jre.*"), from.get(0));
    }

    @Test
    void theVersionArgumentIsTheProjectVersion() {
        assertTrue(DeployFiles.dockerInstructions("ARG").contains("CDYN_VERSION=" + System.getProperty("cdyn.version")),
                DeployFiles.dockerInstructions("ARG").toString());
    }

    @Test
    void everyCopiedPathIsWhatTheBuildProduces() {
        List<String> copies = DeployFiles.dockerInstructions("COPY");
        assertFalse(copies.isEmpty());
        for (String copy : copies) {
            List<String> words = Stream.of(resolveArgs(copy).split("\\s+")).filter(word -> !word.startsWith("--")).toList();
            for (String source : words.subList(0, words.size() - 1)) {
                assertTrue(Files.exists(DeployFiles.ROOT.resolve(source)), "COPY " + source + " is not in the build's output");
            }
        }
    }

    @Test
    void theEntrypointIsTheDistributionsLauncher() {
        String entrypoint = DeployFiles.dockerInstructions("ENTRYPOINT").get(0);
        Matcher first = Pattern.compile("\\[\\s*\"([^\"]+)\"").matcher(entrypoint);
        assertTrue(first.find(), "ENTRYPOINT in exec form: " + entrypoint);
        String launcher = first.group(1);
        String copy = resolveArgs(DeployFiles.dockerInstructions("COPY").stream()
                .filter(c -> c.contains("-dist/")).findFirst().orElseThrow());
        String[] words = copy.split("\\s+");
        String target = words[words.length - 1];
        assertTrue(launcher.startsWith(target), launcher + " is not under the copied distribution " + target);
        Path inDist = dist.resolve(launcher.substring(target.length()));
        assertTrue(Files.isExecutable(inDist), inDist + " is not an executable of the distribution");
    }

    @Test
    void itRunsAsAUserOtherThanRootWithTheStateOnAVolume() {
        List<String> users = DeployFiles.dockerInstructions("USER");
        assertEquals(1, users.size(), "one USER instruction");
        String user = users.get(0).split(":")[0];
        assertFalse(user.equals("root") || user.equals("0"), "runs as " + user);

        String stateDir = DeployFiles.imageStateDir();
        assertNotNull(stateDir, "the image sets CDYN_STATE_DIR");
        assertEquals(Settings.STATE_DIR, SettingsOptions.keyOf("CDYN_STATE_DIR"));
        String volumes = String.join(" ", DeployFiles.dockerInstructions("VOLUME"));
        assertTrue(volumes.contains("\"" + stateDir + "\""), "VOLUME " + volumes + " holds the state dir " + stateDir);
        assertTrue(DeployFiles.dockerEnv().get("JAVA_OPTS").contains("-XX:MaxRAMPercentage="),
                "the heap follows the container's memory limit");
    }

    @Test
    void theDistributionCarriesTheApplicationAndNoBrokerNorDemo() throws IOException {
        try (Stream<Path> jars = Files.list(dist.resolve("lib"))) {
            List<String> names = jars.map(path -> path.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(name -> name.startsWith("cdyn-topology-")), names.toString());
            assertTrue(names.stream().anyMatch(name -> name.startsWith("kafka-streams-")), names.toString());
            for (String banned : List.of("kafka_2.13-", "kafka-server-", "kafka-raft-", "kafka-metadata-",
                    "cdyn-local-cluster-", "cdyn-demo-")) {
                assertTrue(names.stream().noneMatch(name -> name.startsWith(banned)), banned + " in " + names);
            }
        }
        assertTrue(Files.readString(dist.resolve("bin/cdyn")).contains("exec "),
                "the launcher hands its process to the JVM, so that SIGTERM reaches it");
    }

    @Test
    void theImagesSettingsAreValid() {
        Map<String, Object> settings = DeployFiles.settingsOf(DeployFiles.dockerEnv());
        assertEquals(DeployFiles.imageStateDir(), new Settings(settings).streamsProperties().get(Settings.STATE_DIR));
    }
}
