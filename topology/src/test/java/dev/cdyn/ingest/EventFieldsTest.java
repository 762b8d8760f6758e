package dev.cdyn.ingest;

import static dev.cdyn.topology.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cdyn.topology.Events;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class EventFieldsTest {

    private final Instant at = T0.plusMillis(1234);

    @Test
    void everyContractGivesItsCommonFieldsByPosition() {
        List<SpecificRecordBase> events = List.of(Events.account("c-acc", at).build(),
                Events.call("call-1", "c-call", at).build(), Events.email("mail-1", "c-mail", at).build(),
                Events.meeting("meet-1", "c-meet", at).build(), Events.order("o-1", "c-order", at).build(),
                Events.ticket("t-1", "c-ticket", at).build());
        for (SpecificRecordBase event : events) {
            // the same as reading each field by its name
            assertEquals(event.get(EventFields.CUSTOMER_ID), EventFields.customerId(event));
            assertEquals(event.get(EventFields.EVENT_ID), EventFields.eventId(event));
            assertEquals(at.toEpochMilli(), EventFields.occurredAtMillis(event));
        }
        assertEquals("c-order", EventFields.customerId(events.get(4)));
        assertEquals("o-1-placed", EventFields.eventId(events.get(4)));
    }

    @Test
    void sentimentIsReadWhereTheContractHasIt() {
        assertEquals(0.2, EventFields.sentiment(Events.call("call-1", "c", at).build()));
        assertEquals(0.4, EventFields.sentiment(Events.meeting("meet-1", "c", at).build()));
        assertEquals(-0.3, EventFields.sentiment(Events.ticket("t-1", "c", at).build()));
        assertNull(EventFields.sentiment(Events.email("mail-1", "c", at).build()), "measured nothing");
        assertNull(EventFields.sentiment(Events.order("o-1", "c", at).build()), "an order has no sentiment");
        assertNull(EventFields.sentiment(Events.account("c", at).build()), "an account has no sentiment");
    }
}
