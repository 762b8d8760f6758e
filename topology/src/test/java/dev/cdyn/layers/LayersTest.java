package dev.cdyn.layers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.cdyn.config.Settings;
import dev.cdyn.scoring.ScoringThatReachesUp;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependencies in the application, from the bottom: contracts and serde (their
 * own module), the scoring maths, fitting it (beside settings and topics), ingest and
 * per-customer activity, the simulator, learning the model from history, the topology, the
 * running application, and the command line on top. Nothing points
 * up, no two packages depend on each other, scoring knows no Kafka, and no broker class is in reach.
 */
class LayersTest {

    private static final JavaClasses APPLICATION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.cdyn");

    static final ArchRule LAYERS = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("contracts").definedBy("dev.cdyn.events..", "dev.cdyn.scores..", "dev.cdyn.serde..")
            .layer("scoring").definedBy("dev.cdyn.scoring..")
            .layer("fit").definedBy("dev.cdyn.fit..")
            .layer("config").definedBy("dev.cdyn.config..")
            .layer("processing").definedBy("dev.cdyn.ingest..", "dev.cdyn.activity..")
            .layer("simulate").definedBy("dev.cdyn.simulate..")
            .layer("training").definedBy("dev.cdyn.training..")
            .layer("topology").definedBy("dev.cdyn.topology..")
            .layer("app").definedBy("dev.cdyn.app..")
            .layer("cli").definedBy("dev.cdyn.cli..")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("app").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("topology").mayOnlyBeAccessedByLayers("app", "cli")
            .whereLayer("simulate").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("training").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("processing").mayOnlyBeAccessedByLayers("simulate", "training", "topology", "app", "cli")
            .whereLayer("config").mayOnlyBeAccessedByLayers("processing", "simulate", "training", "topology", "app",
                    "cli")
            .whereLayer("fit").mayOnlyBeAccessedByLayers("training", "app", "cli")
            .whereLayer("scoring").mayOnlyBeAccessedByLayers("fit", "config", "processing", "simulate", "training",
                    "topology", "app", "cli");

    static final ArchRule SCORING_IS_PURE = noClasses().that().resideInAPackage("dev.cdyn.scoring..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.cdyn.scoring..", "java..")
            .because("the scoring maths is read, tested and fitted without Kafka, Avro or the rest of the application");

    static final ArchRule NO_BROKER = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("kafka..", "org.apache.kafka.server..",
                    "org.apache.kafka.raft..", "org.apache.kafka.metadata..", "org.apache.kafka.controller..",
                    "dev.cdyn.local..", "dev.cdyn.demo..")
            .because("what ships is what runs: the broker is for tests and the demo");

    @Test
    void layersPointDownOnly() {
        LAYERS.check(APPLICATION);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("dev.cdyn.(*)..").should().beFreeOfCycles().check(APPLICATION);
    }

    @Test
    void scoringUsesNothingButItselfAndTheJdk() {
        SCORING_IS_PURE.check(APPLICATION);
    }

    @Test
    void theApplicationReachesNoBrokerClass() {
        NO_BROKER.check(APPLICATION);
    }

    @Test
    void theRulesCatchADependencyThatPointsUp() {
        // A test-only class in the scoring package that uses the settings: both rules must object.
        JavaClasses violating = new ClassFileImporter().importClasses(ScoringThatReachesUp.class, Settings.class);
        assertTrue(LAYERS.evaluate(violating).hasViolation());
        assertTrue(SCORING_IS_PURE.evaluate(violating).hasViolation());
    }
}
