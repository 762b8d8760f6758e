package dev.cdyn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.simulate.SimulatedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short run of each benchmark on a real broker, so that `mvn verify` keeps them working: the
 * full runs (bench/RESULTS.md) take minutes and are made by hand. Figures are not asserted; what
 * each reader read and wrote is.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BenchmarksSmokeIT {

    private static void assertComparison(List<CeilingBench.Row> rows, int events, boolean everyInputUsed) {
        assertEquals(everyInputUsed ? 3 : 4, rows.size(), "(a), (b), the application, and (b1) for a workload that"
                + " leaves inputs empty");
        rows.forEach(row -> {
            assertEquals(events, row.records(), row.app());
            assertTrue(row.readInSpan() > 0 && row.readInSpan() <= events, row.app() + " read " + row.readInSpan()
                    + " in its span");
            assertTrue(row.seconds() > 0, row.app() + " was timed");
            assertTrue(row.cpuSeconds() > 0, row.app() + "'s CPU time was measured");
            assertTrue(row.readerCpuSeconds() > 0 && row.readerCpuSeconds() <= row.cpuSeconds(),
                    row.app() + "'s reading threads' CPU time was measured, within the process's");
            assertEquals(List.of(ThreadCpu.READERS, ThreadCpu.CLIENT_IO, ThreadCpu.COMPILER, ThreadCpu.GC,
                    ThreadCpu.REST), List.copyOf(row.cpuByGroup().keySet()), row.app());
        });
        // Without a warm-up the application's first records are compiled in its span, and the broker
        // answers its writes and commits: neither is counted as the stream threads'.
        Map<String, Double> application = rows.get(2).cpuByGroup();
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            assertTrue(application.get(ThreadCpu.COMPILER) > 0, application.toString());
        }
        assertTrue(application.get(ThreadCpu.REST) > 0, application.toString());
        assertEquals(0, rows.get(0).written(), "the decoding consumer writes nothing");
        assertTrue(rows.get(1).written() >= 2L * events, "(b) writes an output and a changelog record per input");
        assertTrue(rows.get(2).written() > events, "the application writes more than one offset per event");
        assertEquals(0, rows.get(2).deadLetters(), "the application took in every event: none went to the dead letters");
        if (!everyInputUsed) {
            assertTrue(rows.get(3).app().startsWith("(b1)") && rows.get(3).app().endsWith("[orders]"), rows.get(3).app());
            assertTrue(rows.get(3).written() >= 2L * events, "(b1) writes an output and a changelog record per input");
        }
    }

    @Test
    void ceilingComparisonOnARetailPanel() throws Exception {
        List<SimulatedEvent> orders = CeilingBench.panel(300);
        List<List<CeilingBench.Row>> rounds = CeilingBench.measure("smoke-panel", orders, 0, 1, 2);
        assertEquals(2, rounds.size(), "two measured rounds");
        for (List<CeilingBench.Row> rows : rounds) {
            assertComparison(rows, orders.size(), false);
        }
        assertTrue(rounds.get(0).get(2).workload().endsWith("-1") && rounds.get(1).get(2).workload().endsWith("-2"),
                "each round on topics of its own");
        assertTrue(CeilingBench.summary(rounds).contains("median"), CeilingBench.summary(rounds));
    }

    @Test
    void ceilingComparisonOnTheSimulatedMix() throws Exception {
        List<SimulatedEvent> events = CeilingBench.mix(30, 10);
        assertComparison(CeilingBench.measure("smoke-mix", events, 0, 1, 1).get(0), events.size(), true);
    }

    @Test
    void latencyOfLiveOrders() throws Exception {
        LatencyBench.Result result = LatencyBench.measure(100, 3, 1);
        assertEquals(300, result.counted() + result.missing(), "every order after the warm-up");
        assertEquals(0, result.missing(), "every order scored");
        assertTrue(result.appendToSeen()[0] >= result.appendToAppend()[0], "readable no earlier than appended");
    }

    @Test
    void costAtAScaleOfCustomers() throws Exception {
        ScaleBench.Row row = ScaleBench.measure(500);
        assertEquals(500, row.customers());
        assertTrue(row.orders() >= 500, "every customer orders");
        assertTrue(row.stateBytes() > 0 && row.changelogBytes() > 0 && row.heapBytes() > 0, row.markdown());
    }

    @Test
    void theRetailPanelHasTheShapeOfOne() {
        RetailPanel.Shape shape = RetailPanel.shape(CeilingBench.panel(25_000));
        assertEquals(25_000, shape.customers());
        assertTrue(shape.oneTimeShare() >= 0.6 && shape.oneTimeShare() <= 0.7, "one-time buyers " + shape.oneTimeShare());
        assertTrue(shape.orders() > 45_000 && shape.orders() < 55_000, "orders " + shape.orders());
        assertTrue(shape.maxOrders() > 20, "a few heavy buyers: " + shape.maxOrders());
    }
}
