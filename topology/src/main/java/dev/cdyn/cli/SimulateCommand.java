package dev.cdyn.cli;

import dev.cdyn.config.Settings;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.Simulation;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Publish a simulated population's calls, e-mails, meetings, orders, tickets and accounts.",
                "Customers have a latent loyalty that drives what they do; those who will churn buy less, sound worse"
                        + " and open more tickets, then go silent. Event times run from --days ago up to now,"
                        + " time-compressed; the same --seed gives the same events."})
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @Option(names = "--customers", defaultValue = "500", description = "How many customers (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--days", defaultValue = "180", description = "Days of history, ending now (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--rate", defaultValue = "0",
            description = "Events per second at most; 0 for as fast as Kafka takes them (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--ground-truth", paramLabel = "FILE", defaultValue = "ground-truth.csv",
            description = "Where to write who churns and when (default ${DEFAULT-VALUE}).")
    Path groundTruth;

    @Override
    public Integer call() throws IOException {
        Settings settings = options.settings(Cdyn.environment(), Map.of());
        Simulation simulation = new Simulation(customers, days, System.currentTimeMillis(), seed);
        try (Writer out = Files.newBufferedWriter(groundTruth)) {
            simulation.writeGroundTruth(out);
        }
        ProgressBar progress = new ProgressBar(System.err, "simulate", simulation.expectedEvents());
        try (Publisher publisher = new Publisher(settings, rate)) {
            long[] count = {0};
            simulation.run(event -> {
                publisher.send(event);
                progress.update(++count[0]);
            });
            publisher.flush();
            progress.done(count[0]);
            System.out.printf("Published %,d events for %,d customers over %d days; ground truth in %s%n",
                    publisher.sentTotal(), customers, days, groundTruth);
        }
        return 0;
    }
}
