package dev.cdyn.bench;

import dev.cdyn.app.FormatLocale;
import dev.cdyn.config.Settings;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.simulate.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.StreamsConfig;

/**
 * End-to-end throughput of the whole topology on a real broker in this JVM: a simulated backlog is
 * published first, then the application is started and timed until it has read everything.
 * Exactly-once and at-least-once are measured in one run, after a warm-up, so that their ratio
 * means something on a noisy machine. Arguments: customers (default 2000), days (default 90).
 */
public final class ThroughputBench {

    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        FormatLocale.preferUsWhereAlike(); // as `cdyn` does: the application runs as it would there
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        List<SimulatedEvent> events = new ArrayList<>();
        new Simulation(customers, days, System.currentTimeMillis(), 42).run(events::add);
        System.out.printf("%,d events for %,d customers over %d days%n", events.size(), customers, days);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            run(kafka, "warm-up", StreamsConfig.EXACTLY_ONCE_V2, events.subList(0, Math.min(events.size(), 20_000)));
            List<String> rows = new ArrayList<>();
            for (String guarantee : List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)) {
                rows.add(run(kafka, guarantee.replace('_', '-'), guarantee, events));
            }
            System.out.println("| processing.guarantee | events | seconds | events/s |");
            System.out.println("| --- | --- | --- | --- |");
            rows.forEach(System.out::println);
        }
    }

    private static String run(EmbeddedKafka kafka, String name, String guarantee, List<SimulatedEvent> events)
            throws Exception {
        Settings settings = Backlog.settings(kafka.bootstrapServers(), name, guarantee);
        Backlog.publish(settings, events);
        double seconds = CatchUp.pipeline(settings).wholeBacklogSeconds();
        return String.format("| %s | %,d | %.1f | %,.0f |", guarantee, events.size(), seconds, events.size() / seconds);
    }
}
