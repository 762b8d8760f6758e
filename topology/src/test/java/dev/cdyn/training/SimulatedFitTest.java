package dev.cdyn.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.scoring.ModelParameters;
import dev.cdyn.simulate.Simulation;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/** The whole fit on the simulator's population: what {@code bench/RESULTS.md} reports under "Fitting the model". */
class SimulatedFitTest {

    static final long END = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    static History simulated(int customers, int days, long seed) {
        History history = new History();
        long[] offset = {0};
        new Simulation(customers, days, END, seed).run(e -> {
            SpecificRecordBase event = (SpecificRecordBase) e.value();
            history.add(IngestCheck.envelope(e.source(), EventFields.customerId(event), EventFields.eventId(event),
                    e.occurredAt(), e.source().label(), 0, offset[0]++, event));
        });
        return history;
    }

    @Test
    void fittedModelRanksAtLeastAsWellAsBgNbdAloneAndBetterThanTheDefaults() {
        History history = simulated(3_000, 365, 42);

        FittedModel model = ModelTraining.fit(history, ModelParameters.defaults(), 90, Instant.parse("2026-03-01T00:00:00Z"));

        System.out.println(FitReport.table(model));
        FittedModel.Metrics fitted = model.heldOut().get(0);
        FittedModel.Metrics bgnbd = model.heldOut().get(2);
        FittedModel.Metrics defaults = model.heldOut().get(3);
        assertTrue(fitted.auc() >= bgnbd.auc(), fitted + " against " + bgnbd);
        assertTrue(fitted.logLoss() <= bgnbd.logLoss(), fitted + " against " + bgnbd);
        assertTrue(fitted.auc() > defaults.auc(), fitted + " against " + defaults);
        assertTrue(fitted.logLoss() < defaults.logLoss(), fitted + " against " + defaults);
    }
}
