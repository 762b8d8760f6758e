package dev.cdyn.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.Validation;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class SimulationTest {

    private static final long END = 1_772_442_000_000L; // 2026-03-02T09:00:00Z

    private static List<SimulatedEvent> run(Simulation simulation) {
        List<SimulatedEvent> events = new ArrayList<>();
        simulation.run(events::add);
        return events;
    }

    @Test
    void theSameSeedGivesTheSameEvents() {
        List<SimulatedEvent> first = run(new Simulation(30, 60, END, 9));
        List<SimulatedEvent> again = run(new Simulation(30, 60, END, 9));
        assertEquals(first, again);
        assertNotEquals(first, run(new Simulation(30, 60, END, 10)));
    }

    @Test
    void eventsComeInTimeOrderAndNeverAfterTheEnd() {
        long previous = Long.MIN_VALUE;
        for (SimulatedEvent event : run(new Simulation(30, 90, END, 3))) {
            assertTrue(event.occurredAt() >= previous, "in event-time order");
            assertTrue(event.occurredAt() <= END, "never ahead of the clock");
            previous = event.occurredAt();
        }
    }

    @Test
    void everyEventPassesTheIngestChecks() {
        Validation validation = new Validation(Duration.ofMinutes(5));
        for (SimulatedEvent event : run(new Simulation(40, 90, END, 4))) {
            SpecificRecordBase value = (SpecificRecordBase) event.value();
            assertEquals(Optional.empty(), validation.check(value, END), event.toString());
        }
    }

    @Test
    void churnersGoSilentAfterTheyLeaveAndBuyLessBefore() {
        Simulation simulation = new Simulation(400, 180, END, 5);
        List<SimulatedEvent> events = run(simulation);
        Map<String, SimulatedCustomer> customers = simulation.customers().stream()
                .collect(Collectors.toMap(SimulatedCustomer::id, c -> c));
        long ordersBeforeDecline = 0;
        long ordersInDecline = 0;
        double declineDays = 0;
        double steadyDays = 0;
        for (SimulatedCustomer c : customers.values()) {
            if (c.churns()) {
                declineDays += Duration.ofMillis(Math.min(Simulation.DECLINE, c.churnAt() - simulation.start())).toDays();
                steadyDays += Math.max(0, Duration.ofMillis(c.churnAt() - Simulation.DECLINE - simulation.start()).toDays());
            }
        }
        for (SimulatedEvent event : events) {
            SimulatedCustomer c = customers.get(EventFields.customerId((SpecificRecordBase) event.value()));
            if (c.churns() && event.occurredAt() > c.churnAt() + 30 * Simulation.DAY) {
                throw new AssertionError(c.id() + " should be silent a month after leaving: " + event);
            }
            if (c.churns() && event.value() instanceof OrderEvent order && order.getStatus() == OrderStatus.PLACED) {
                if (c.decliningAt(event.occurredAt(), Simulation.DECLINE)) {
                    ordersInDecline++;
                } else if (event.occurredAt() < c.churnAt()) {
                    ordersBeforeDecline++;
                }
            }
        }
        assertTrue(customers.values().stream().anyMatch(SimulatedCustomer::churns));
        double rateBefore = ordersBeforeDecline / steadyDays;
        double rateInDecline = ordersInDecline / declineDays;
        assertTrue(rateInDecline < rateBefore * 0.6, "orders per day " + rateBefore + " then " + rateInDecline);
    }

    @Test
    void groundTruthNamesEveryCustomer() throws Exception {
        Simulation simulation = new Simulation(12, 30, END, 1);
        StringWriter out = new StringWriter();
        simulation.writeGroundTruth(out);
        assertEquals(13, out.toString().lines().count());
        assertTrue(out.toString().startsWith("customer_id,latent_loyalty,churns,churn_at"));
    }
}
