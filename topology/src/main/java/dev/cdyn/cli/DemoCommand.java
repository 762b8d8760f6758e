package dev.cdyn.cli;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.EmbeddedKafka;
import dev.cdyn.app.Settings;
import dev.cdyn.app.StartupChecks;
import dev.cdyn.app.Topics;
import dev.cdyn.ingest.Source;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.serde.LocalRegistryProcess;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.Simulation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Everything on this machine, with nothing else running: a real Kafka broker (KRaft, in this JVM,"
                + " loopback only, data in a temporary folder), the schema registry, the topics, the application and a"
                + " simulated population, with a live view refreshed every second. Ctrl-C stops it all and removes the data."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--customers", defaultValue = "300", description = "Simulated customers (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--rate", defaultValue = "2000", description = "Events per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--days", defaultValue = "180", description = "Days of simulated history, ending now (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "Stop after this long; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed of the simulation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--registry", defaultValue = "local",
            description = "'local' starts the real registry of deploy/registry as a child process; 'memory' uses an"
                    + " in-memory one (only this process can read the topics); or the URL of a running registry.")
    String registry;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("cdyn-demo-");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        // Ctrl-C: ask the main loop to stop, and hold the JVM until it has cleaned up.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cdyn-demo-stop"));
        long started = System.nanoTime();
        // The registry boots in its own JVM while the broker starts in this one.
        CompletableFuture<LocalRegistryProcess> registryStart = registry.equals("local")
                ? CompletableFuture.supplyAsync(this::startRegistry) : CompletableFuture.completedFuture(null);
        out.println("Starting Kafka" + (registry.equals("local") ? " and the schema registry..." : "..."));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60));
             LocalRegistryProcess registryProcess = registryStart.join()) {
            String registryUrl = registryProcess != null ? registryProcess.confluentApiUrl()
                    : registry.equals("memory") ? "mock://cdyn-demo" : registry;
            Map<String, Object> config = new HashMap<>();
            config.put(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            config.put(Settings.SCHEMA_REGISTRY_URL, registryUrl);
            config.put(Settings.APPLICATION_ID, "cdyn-demo");
            config.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
            config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            // The simulation runs months of history in about a minute: a tenth of a second between two
            // topics is days of event time, so the demo allows events to be two months late.
            config.put(Settings.GRACE_MS, Duration.ofDays(60).toMillis());
            config.put(Settings.DEDUP_RETENTION_MS, Duration.ofDays(90).toMillis());
            Settings settings = new Settings(config);
            try (Admin admin = Admin.create(StartupChecks.adminProperties(settings))) {
                Topics.create(admin, Topics.of(settings), 2, (short) 1);
                out.println("Starting the application...");
                try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
                    if (!app.awaitRunning(Duration.ofSeconds(60))) {
                        throw new IllegalStateException("The application did not start: " + app.streams().state());
                    }
                    Simulation simulation = new Simulation(customers, days, System.currentTimeMillis(), seed);
                    try (Publisher publisher = new Publisher(settings, rate);
                         ScoreBoard board = new ScoreBoard(settings, List.of(settings.topic(Settings.TOPIC_SCORES),
                                 settings.topic(Settings.TOPIC_ALERTS)))) {
                        AtomicReference<Throwable> simulatorFailure = new AtomicReference<>();
                        Thread simulator = daemon("cdyn-simulator", () -> {
                            try {
                                simulation.run(publisher::send);
                                publisher.flush();
                            } catch (Throwable e) {
                                simulatorFailure.set(e);
                            }
                        });
                        Thread follower = daemon("cdyn-scoreboard", board::follow);
                        simulator.start();
                        follower.start();
                        View view = new View(settings, kafka.bootstrapServers(), registryUrl, started, simulation);
                        long deadline = durationSeconds > 0 ? System.nanoTime() + durationSeconds * 1_000_000_000L
                                : Long.MAX_VALUE;
                        while (!stop.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
                            view.draw(admin, publisher, board, simulator.isAlive(), simulatorFailure.get(),
                                    app.streams().state().toString());
                        }
                        view.draw(admin, publisher, board, simulator.isAlive(), simulatorFailure.get(),
                                app.streams().state().toString());
                        out.println("Stopping...");
                        board.stop();
                        simulator.interrupt();
                        follower.join(2_000);
                    }
                }
            }
        } finally {
            EmbeddedKafka.deleteQuietly(work);
            out.println("Stopped; temporary data removed.");
            out.flush();
            cleanedUp.countDown();
        }
        return 0;
    }

    private LocalRegistryProcess startRegistry() {
        try {
            return LocalRegistryProcess.start(Path.of(System.getProperty("cdyn.registry.jar",
                    "deploy/registry/target/cdyn-registry-runner.jar")), Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the schema registry", e);
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The live terminal view. */
    private final class View {
        private final Settings settings;
        private final String bootstrap;
        private final String registryUrl;
        private final long started;
        private final Simulation simulation;
        private final boolean terminal = System.console() != null;
        private final Map<Source, Long> lastSent = new EnumMap<>(Source.class);
        private long lastDrawn = System.nanoTime();
        private long firstScoreNanos = -1;
        private int frames;

        View(Settings settings, String bootstrap, String registryUrl, long started, Simulation simulation) {
            this.settings = settings;
            this.bootstrap = bootstrap;
            this.registryUrl = registryUrl;
            this.started = started;
            this.simulation = simulation;
        }

        void draw(Admin admin, Publisher publisher, ScoreBoard board, boolean simulating, Throwable failure, String state) {
            long now = System.nanoTime();
            double seconds = Math.max(0.001, (now - lastDrawn) / 1e9);
            lastDrawn = now;
            frames++;
            if (!terminal && frames % 5 != 1) {
                return; // not a terminal: a frame every five seconds is enough for a log
            }
            StringBuilder frame = new StringBuilder();
            if (terminal) {
                frame.append("\033[H\033[2J");
            }
            if (firstScoreNanos < 0 && !board.mostAtRisk(1).isEmpty()) {
                firstScoreNanos = now;
            }
            frame.append(String.format("customer-dynamics demo — %s, up %ds, application %s%s%n", simulating
                    ? "simulating " + simulation.customers().size() + " customers" : "simulation finished",
                    (now - started) / 1_000_000_000L, state, firstScoreNanos < 0 ? ""
                            : String.format(", first score %.1f s after start", (firstScoreNanos - started) / 1e9)));
            if (failure != null) {
                frame.append("  simulator failed: ").append(failure.getMessage()).append('\n');
            }
            frame.append("\nEvents/s  ");
            long total = 0;
            for (Source source : Source.values()) {
                long sent = publisher.sent(source);
                total += sent;
                frame.append(String.format("%s %.0f  ", source.label(), (sent - lastSent.getOrDefault(source, 0L)) / seconds));
                lastSent.put(source, sent);
            }
            frame.append(String.format("(%,d sent)%nConsumer lag  %,d records%n", total, lag(admin)));
            frame.append(String.format("Alerts  %,d", board.alertCount()));
            for (ScoreAlert alert : board.latestAlerts(3)) {
                frame.append(String.format("%n  %s %s %s→%s (%.2f→%.2f)", alert.getCustomerId(), alert.getKind(),
                        alert.getFromLevel(), alert.getToLevel(), alert.getBefore(), alert.getAfter()));
            }
            frame.append("\n\nMost at risk\n");
            for (CustomerScore score : board.mostAtRisk(8)) {
                frame.append(String.format("  %-11s risk %.2f %-8s loyalty %5.1f %-8s %s%n", score.getCustomerId(),
                        score.getChurnRisk(), score.getRiskBand(), score.getLoyalty(), score.getLoyaltyTier(),
                        ScoresCommand.topRiskReason(score)));
            }
            frame.append("\nLoyalty tiers  ");
            board.tierCounts().forEach((tier, count) -> frame.append(String.format("%s %d  ", tier, count)));
            frame.append(String.format("%n%nFrom another terminal:%n  ./cdyn scores --follow --bootstrap-servers %s"
                    + " --schema-registry-url %s%n  ./cdyn produce --type orders my-orders.jsonl --bootstrap-servers %s"
                    + " --schema-registry-url %s%nCtrl-C stops the demo and removes its data.%n",
                    bootstrap, registryUrl, bootstrap, registryUrl));
            out.print(frame);
            out.flush();
        }

        private long lag(Admin admin) {
            try {
                return ConsumerLag.of(admin, settings.getString(Settings.APPLICATION_ID));
            } catch (Exception e) {
                return -1;
            }
        }
    }
}
