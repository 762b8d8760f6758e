package dev.cdyn.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdyn.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi topics and user in deploy/kubernetes/base are what the topic registry generates. To
 * regenerate them: {@code mvn -B -o test -pl deploy/local-cluster,schemas,topology,deploy/checks -Dtest=StrimziResourcesTest -Dsurefire.failIfNoSpecifiedTests=false -Dcdyn.regenerate=true}.
 */
class StrimziResourcesTest {

    private static void check(Path file, String generated) throws IOException {
        Path path = DeployFiles.ROOT.resolve(file);
        if (Boolean.getBoolean("cdyn.regenerate")) {
            Files.writeString(path, generated);
        }
        assertEquals(generated, Files.exists(path) ? Files.readString(path) : "", file + " is stale: regenerate it with"
                + " mvn -B -o test -pl deploy/local-cluster,schemas,topology,deploy/checks -Dtest=StrimziResourcesTest -Dsurefire.failIfNoSpecifiedTests=false -Dcdyn.regenerate=true");
    }

    @Test
    void kafkaTopicsAreGeneratedFromTheTopicRegistry() throws IOException {
        check(StrimziResources.TOPICS_FILE, StrimziResources.topicsYaml(new Settings(Map.of())));
    }

    @Test
    void theKafkaUserIsGeneratedFromTheTopicRegistry() throws IOException {
        check(StrimziResources.USER_FILE, StrimziResources.userYaml(new Settings(Map.of())));
    }
}
