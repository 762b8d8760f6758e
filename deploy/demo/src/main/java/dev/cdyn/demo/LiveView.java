package dev.cdyn.demo;

import dev.cdyn.app.ConsumerLag;
import dev.cdyn.cli.ScoreBoard;
import dev.cdyn.config.Settings;
import dev.cdyn.ingest.Source;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.serde.SerdeConfig;
import dev.cdyn.simulate.Publisher;
import dev.cdyn.simulate.Simulation;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** The demo's live terminal view: what is sent, lag, alerts, the customers most at risk, how to connect. */
final class LiveView {
    private final PrintStream out;
    private final Settings settings;
    private final Admin admin;
    private final String bootstrap;
    private final String registryUrl;
    private final String endpoint;
    private final long started;
    private final Simulation simulation;
    private final boolean terminal = System.console() != null;
    private final Map<Source, Long> lastSent = new EnumMap<>(Source.class);
    private long lastDrawn = System.nanoTime();
    private long firstScoreNanos = -1;
    private int frames;

    LiveView(PrintStream out, LocalStack stack, long started, Simulation simulation) {
        this.out = out;
        this.settings = stack.settings();
        this.admin = stack.admin();
        this.bootstrap = stack.bootstrapServers();
        this.registryUrl = SerdeConfig.withoutCredentials(stack.registryUrl()); // the screen may be shared
        this.endpoint = stack.endpointUrl();
        this.started = started;
        this.simulation = simulation;
    }

    void draw(Publisher publisher, ScoreBoard board, boolean simulating, Throwable failure, String state) {
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
        frame.append(String.format("(%,d sent)%nConsumer lag  %,d records%n", total, lag()));
        frame.append(String.format("Alerts  %,d", board.alertCount()));
        for (ScoreAlert alert : board.latestAlerts(3)) {
            frame.append(String.format("%n  %s %s %s→%s (%.2f→%.2f)", alert.getCustomerId(), alert.getKind(),
                    alert.getFromLevel(), alert.getToLevel(), alert.getBefore(), alert.getAfter()));
        }
        frame.append("\n\nMost at risk\n");
        for (CustomerScore score : board.mostAtRisk(8)) {
            frame.append(String.format("  %-11s risk %.2f %-8s loyalty %5.1f %-8s %s%n", score.getCustomerId(),
                    score.getChurnRisk(), score.getRiskBand(), score.getLoyalty(), score.getLoyaltyTier(),
                    ScoreBoard.topRiskReason(score)));
        }
        frame.append("\nLoyalty tiers  ");
        board.tierCounts().forEach((tier, count) -> frame.append(String.format("%s %d  ", tier, count)));
        List<CustomerScore> riskiest = board.mostAtRisk(1);
        frame.append(String.format("%n%nHTTP endpoint %s  (health, metrics, scores)%n  curl %s/customers/%s/score%n"
                + "  curl '%s/customers/at-risk?band=HIGH&limit=10'%n", endpoint, endpoint,
                riskiest.isEmpty() ? "CUSTOMER_ID" : riskiest.get(0).getCustomerId(), endpoint));
        frame.append(String.format("%nFrom another terminal:%n  ./cdyn scores --follow --bootstrap-servers %s"
                + " --schema-registry-url %s%n  ./cdyn produce --type orders my-orders.jsonl --bootstrap-servers %s"
                + " --schema-registry-url %s%nCtrl-C stops the demo and removes its data.%n",
                bootstrap, registryUrl, bootstrap, registryUrl));
        out.print(frame);
        out.flush();
    }

    private long lag() {
        try {
            return ConsumerLag.of(admin, settings.getString(Settings.APPLICATION_ID));
        } catch (Exception e) {
            return -1;
        }
    }
}
