package dev.cdyn.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerFeaturesTest {

    @Test
    void theSnapshotListsEveryFigureByItsNameInOrder() {
        Map<String, Double> snapshot = Profiles.steady().snapshot();
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("tenure_days", 730.0);
        expected.put("lifetime_orders", 48.0);
        expected.put("days_first_to_last_order", 705.0);
        expected.put("days_since_first_order", 715.0);
        expected.put("days_since_last_order", 10.0);
        expected.put("orders_30d", 2.0);
        expected.put("orders_90d", 6.0);
        expected.put("order_value_90d", 1800.0);
        expected.put("order_problems_90d", 0.0);
        expected.put("interactions_30d", 6.0);
        expected.put("interactions_baseline_per_30d", 6.0);
        expected.put("meetings_90d", 1.0);
        expected.put("sentiment_90d", 0.4);
        expected.put("open_tickets", 0.0);
        expected.put("escalations_90d", 0.0);
        expected.put("reopenings_90d", 0.0);
        expected.put("resolution_hours_90d", 4.0);
        expected.put("csat_90d", 4.6);
        expected.put("channels_90d", 5.0);
        assertEquals(expected, snapshot);
        assertEquals(expected.hashCode(), snapshot.hashCode());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(snapshot.keySet()), "in the contract's order");
    }

    @Test
    void figuresWithoutEvidenceAreLeftOut() {
        Map<String, Double> snapshot = Profiles.oneTimeBuyer(40).snapshot();
        assertEquals(16, snapshot.size());
        for (String absent : List.of("sentiment_90d", "resolution_hours_90d", "csat_90d")) {
            assertFalse(snapshot.containsKey(absent), absent);
            assertNull(snapshot.get(absent), absent);
        }
        assertEquals(40.0, snapshot.get("days_since_last_order"));
        assertEquals("channels_90d", new ArrayList<>(snapshot.keySet()).get(15), "the last one after the gaps");
        assertTrue(snapshot.containsKey("channels_90d"));
    }

    @Test
    void theSnapshotIsReadOnly() {
        Map<String, Double> snapshot = Profiles.steady().snapshot();
        assertThrows(UnsupportedOperationException.class, () -> snapshot.put("tenure_days", 1.0));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.entrySet().iterator().next().setValue(1.0));
    }
}
