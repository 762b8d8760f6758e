package dev.cdyn.bench;

import dev.cdyn.ingest.Source;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.simulate.Simulation;
import dev.cdyn.topology.TopologyFixture;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The topology's own cost, without Kafka: simulated events piped through the test driver (in-memory
 * registry, the same stores). Compare with ThroughputBench to see what the broker round trips cost.
 * Arguments: customers (default 2000), days (default 90).
 */
public final class DriverThroughput {

    private DriverThroughput() {
    }

    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        List<SimulatedEvent> events = new ArrayList<>();
        new Simulation(customers, days, System.currentTimeMillis(), 42).run(events::add);
        for (String round : List.of("warm-up", "measured")) {
            try (TopologyFixture driver = new TopologyFixture(Map.of())) {
                Map<Source, TestInputTopic<byte[], Object>> inputs = new EnumMap<>(Source.class);
                for (Source source : Source.values()) {
                    inputs.put(source, driver.input(source.topic()));
                }
                Instant now = Instant.now();
                long start = System.nanoTime();
                for (SimulatedEvent event : events) {
                    inputs.get(event.source()).pipeInput(new TestRecord<>(event.key().getBytes(StandardCharsets.UTF_8),
                            event.value(), now));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s: %,d events in %.1f s: %,.0f events/s%n", round, events.size(), seconds,
                        events.size() / seconds);
            }
        }
    }
}
