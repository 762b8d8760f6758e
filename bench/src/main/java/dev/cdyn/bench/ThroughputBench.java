package dev.cdyn.bench;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.TopicAdmin;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.SimulatedEvent;
import dev.cdyn.simulate.Simulation;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
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
        Map<String, Object> config = new HashMap<>();
        config.put(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        config.put(Settings.SCHEMA_REGISTRY_URL, "mock://bench-" + name);
        config.put(Settings.APPLICATION_ID, "bench-" + name);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        // The same commit interval for both guarantees (exactly-once's default), so that the lag the
        // benchmark watches is committed as often in both; at-least-once's default is 30 s.
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("cdyn-bench-").toString());
        config.putAll(Topics.prefixed(name));
        Settings settings = new Settings(config);
        try (Admin admin = Admin.create(settings.adminProperties())) {
            TopicAdmin.create(admin, settings, Topics.external(), 2, (short) 1);
            try (Publisher publisher = new Publisher(settings, 0)) {
                events.forEach(publisher::send);
                publisher.flush();
            }
            try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not running: " + app.streams().state());
                }
                long start = System.nanoTime(); // from RUNNING: start-up is not throughput
                int quiet = 0;
                while (quiet < 2) {
                    Thread.sleep(250);
                    long lag = ConsumerLag.of(admin, settings.getString(Settings.APPLICATION_ID), Topics.consumed(settings));
                    quiet = lag == 0 ? quiet + 1 : 0;
                }
                double seconds = (System.nanoTime() - start) / 1e9 - 0.25; // the last quiet check found nothing new
                return String.format("| %s | %,d | %.1f | %,.0f |", guarantee, events.size(), seconds,
                        events.size() / seconds);
            }
        }
    }
}
