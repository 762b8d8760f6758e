package dev.cdyn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdyn.app.AvroJson;
import dev.cdyn.app.ConsumerLag;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LagCommandTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final List<ConsumerLag.Partition> PARTITIONS = List.of(
            new ConsumerLag.Partition("orders", 0, 90, 0, 100, NOW - 30_000),
            new ConsumerLag.Partition("orders", 1, 50, 0, 50, -1),
            new ConsumerLag.Partition("calls", 0, -1, 5, 25, -1));

    @Test
    void aPartitionWithoutCommitCountsFromItsFirstOffsetAndItsAgeIsUnknownUnlessRead() {
        assertEquals(10 + 0 + 20, ConsumerLag.total(PARTITIONS));
        assertEquals(30_000, PARTITIONS.get(0).timeLagMs(NOW));
        assertEquals(0, PARTITIONS.get(1).timeLagMs(NOW), "caught up");
        assertEquals(-1, PARTITIONS.get(2).timeLagMs(NOW), "lagging, age not read");
    }

    @Test
    void exitStatusSaysWhichBoundWasCrossed() {
        LagCommand lag = new LagCommand();
        assertEquals(0, lag.status(PARTITIONS, NOW));
        lag.maxLag = 30L;
        assertEquals(0, lag.status(PARTITIONS, NOW), "at the bound is within it");
        lag.maxLag = 29L;
        assertEquals(LagCommand.OVER_MAX_LAG, lag.status(PARTITIONS, NOW));
        lag.maxLag = null;
        lag.maxLagSeconds = 29L;
        assertEquals(LagCommand.OVER_MAX_LAG_SECONDS, lag.status(PARTITIONS, NOW));
        lag.maxLagSeconds = 30L;
        assertEquals(0, lag.status(PARTITIONS, NOW));
    }

    @Test
    void jsonHasTotalsPerTopicAndOverall() throws Exception {
        JsonNode json = AvroJson.MAPPER.readTree(LagCommand.json("app", PARTITIONS, NOW));
        assertEquals(30, json.get("lag").asLong());
        assertEquals(10, json.get("topics").get(0).get("lag").asLong());
        assertEquals("orders", json.get("topics").get(0).get("topic").asText());
        assertTrue(json.get("topics").get(1).get("partitions").get(0).get("committed").isNull());
        assertTrue(LagCommand.table("app", PARTITIONS, NOW).contains("all topics"));
    }
}
