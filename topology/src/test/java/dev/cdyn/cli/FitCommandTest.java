package dev.cdyn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdyn.app.AvroJson;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.training.OrderHistories;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FitCommandTest {

    static final long END = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int fit(String... args) {
        CommandLine line = Cdyn.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "fit";
        System.arraycopy(args, 0, all, 1, args.length);
        return line.execute(all);
    }

    private Path ordersFile(List<OrderEvent> orders) throws IOException {
        Path file = dir.resolve("orders.jsonl");
        StringBuilder lines = new StringBuilder();
        orders.forEach(o -> lines.append(AvroJson.write(o)).append('\n'));
        lines.append("{\"not\": \"an order\"}\n");
        Files.writeString(file, lines);
        return file;
    }

    @Test
    void fitsFromAnOrdersFileAndWritesAModelThatRunReads() throws IOException {
        Path orders = ordersFile(OrderHistories.orders(3_000, 450, 270, END, new double[] {0.35, 60, 0.8, 2.5}, 5));
        Path model = dir.resolve("model.properties");

        int status = fit("--input", "orders=" + orders, "--horizon-days", "180", "--format", "json", "--output",
                model.toString());

        assertEquals(0, status, err.toString());
        assertTrue(err.toString().contains("skipped 1 bad line(s)"), "the bad line is reported: " + err);
        JsonNode json = AvroJson.MAPPER.readTree(out.toString());
        assertEquals(4, json.get("heldOut").size());
        assertEquals(180, json.at("/history/horizonDays").asInt());
        SettingsOptions options = new SettingsOptions();
        options.configs.add(model);
        ModelParameters read = options.settings(Map.of(), Map.of()).modelParameters();
        assertEquals(180, read.horizonDays());
        assertEquals(json.at("/bgnbd/r/value").asDouble(), read.r());
        assertEquals(json.at("/weights/recency").asDouble(), read.churnWeights().weight(dev.cdyn.scoring.ChurnTerm.RECENCY));
        assertNotEquals(ModelParameters.defaults().churnWeights(), read.churnWeights());
    }

    @Test
    void aHistoryTooShortForTheHorizonIsRefusedInOneLineWithStatusTwo() throws IOException {
        Path orders = ordersFile(OrderHistories.orders(500, 200, 100, END, new double[] {0.35, 60, 0.8, 2.5}, 6));

        int status = fit("--input", "orders=" + orders, "--horizon-days", "180");

        assertEquals(2, status);
        String refusal = err.toString().lines().filter(l -> l.startsWith("cdyn fit: refused:")).findFirst().orElse("");
        assertTrue(refusal.contains("needs at least 270"), err.toString());
        assertEquals("", out.toString(), "nothing is printed as a result");
    }

    @Test
    void aRefusedFitPublishesNothing() throws IOException {
        Path orders = ordersFile(OrderHistories.orders(500, 200, 100, END, new double[] {0.35, 60, 0.8, 2.5}, 6));

        // No broker is reachable here: a refused fit must not get as far as trying one.
        int status = fit("--input", "orders=" + orders, "--horizon-days", "180", "--publish",
                "--bootstrap-servers", "127.0.0.1:1", "--publish-timeout", "1");

        assertEquals(2, status);
        assertTrue(err.toString().contains("cdyn fit: refused: the history spans"), err.toString());
        assertEquals("", out.toString(), "nothing published");
    }

    @Test
    void anInputThatIsNotTypeEqualsFileIsAUsageError() {
        assertEquals(2, fit("--input", "invoices=/tmp/x.jsonl"));
        assertTrue(err.toString().contains("--input: 'invoices=/tmp/x.jsonl' is not TYPE=FILE"), err.toString());
    }
}
