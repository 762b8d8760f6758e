package dev.cdyn.demo;

import dev.cdyn.config.Settings;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.Source;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.serde.SchemaRegistries;
import dev.cdyn.serde.SchemaRegistry;
import dev.cdyn.serde.SerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Brings a freshly started local registry up to speed before anything publishes: its first
 * registrations are slow (its JVM has compiled nothing yet), slower than the bound an application
 * derives from its transaction timeout, and the first producers and stream threads would fail on
 * them. Registers every contract the pipeline writes under subjects of its own ({@code warm-up-*}),
 * with the serde's default (minute-long) timeouts, in rounds until a round after the first answers
 * each within {@link #WARM}, or a minute has passed. For the local registry of the demo and the
 * tests only: it leaves its subjects behind.
 */
public final class RegistryWarmUp {

    /** A registration slower than this after the warm-up would eat into an application's bound on it. */
    static final Duration WARM = Duration.ofMillis(250);
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    private RegistryWarmUp() {
    }

    /** How it went: rounds run, and the slowest registration of the last. */
    public record Result(int rounds, Duration slowest) {

        public boolean warm() {
            return slowest.compareTo(WARM) < 0;
        }
    }

    public static Result warmUp(String registryUrl) {
        List<Schema> contracts = new ArrayList<>();
        for (Source source : Source.values()) {
            contracts.add(SpecificData.get().getSchema(source.contract()));
        }
        for (Class<?> output : List.of(Interaction.class, CustomerScore.class, ScoreAlert.class)) {
            contracts.add(SpecificData.get().getSchema(output));
        }
        SchemaRegistry registry = SchemaRegistries.connect(new SerdeConfig(Map.of(Settings.SCHEMA_REGISTRY_URL,
                registryUrl)));
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        try {
            for (int round = 1; ; round++) {
                long slowest = 0;
                for (Schema contract : contracts) {
                    long start = System.nanoTime();
                    registry.register("warm-up-" + round + "-" + contract.getName() + "-value", contract);
                    slowest = Math.max(slowest, System.nanoTime() - start);
                }
                if (round >= 2 && slowest < WARM.toNanos() || System.nanoTime() > deadline) {
                    return new Result(round, Duration.ofNanos(slowest));
                }
            }
        } finally {
            registry.close();
        }
    }
}
