package dev.cdyn.demo;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.cli.ExtraCommand;
import dev.cdyn.cli.ScoreBoard;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.Simulation;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Everything on this machine, with nothing else running: a real Kafka broker (KRaft, in this JVM,"
                + " loopback only, data in a temporary folder), the schema registry, the topics, the application and a"
                + " simulated population, with a live view refreshed every second. Ctrl-C stops it all and removes the data."})
public final class DemoCommand implements ExtraCommand {

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
        out.println("Starting Kafka" + (registry.equals("local") ? " and the schema registry..." : "..."));
        try (LocalStack stack = LocalStack.start(registry)) {
            out.println("Starting the application...");
            CustomerDynamicsApp app = stack.startApplication();
            Simulation simulation = new Simulation(customers, days, System.currentTimeMillis(), seed);
            Settings settings = stack.settings();
            try (Publisher publisher = new Publisher(settings, rate);
                 ScoreBoard board = new ScoreBoard(settings, List.of(settings.topic(Topics.SCORES),
                         settings.topic(Topics.ALERTS)))) {
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
                LiveView view = new LiveView(out, stack, started, simulation);
                Runnable draw = () -> view.draw(publisher, board, simulator.isAlive(), simulatorFailure.get(),
                        app.streams().state().toString());
                long deadline = durationSeconds > 0 ? System.nanoTime() + durationSeconds * 1_000_000_000L
                        : Long.MAX_VALUE;
                while (!stop.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
                    draw.run();
                }
                draw.run();
                out.println("Stopping...");
                board.stop();
                simulator.interrupt();
                follower.join(2_000);
            }
        } finally {
            out.println("Stopped; temporary data removed.");
            out.flush();
            cleanedUp.countDown();
        }
        return 0;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
