package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ActivitySerdeTest {

    @Test
    void roundTripKeepsEveryField() {
        CustomerActivity busy = Customers.busy();
        busy.reviewAt(busy.lastEventAt() + CustomerActivity.DAY_MS);
        busy.scoredAt(busy.lastEventAt());
        CustomerActivity read = ActivitySerde.decode(ActivitySerde.encode(busy));
        assertEquals(busy, read);
        assertEquals(busy.openTicketCount(), read.openTicketCount());
        assertEquals(busy.sum(Figure.ORDER_VALUE_CENTS, 0, Integer.MAX_VALUE),
                read.sum(Figure.ORDER_VALUE_CENTS, 0, Integer.MAX_VALUE));
    }

    @Test
    void timesAfterTheLatestEventSurviveTheRoundTrip() {
        CustomerActivity typical = Customers.typical();
        typical.reviewAt(typical.lastEventAt() + 1);
        assertEquals(typical.lastEventAt() + 1, ActivitySerde.decode(ActivitySerde.encode(typical)).reviewAt());
        typical.reviewAt(typical.lastEventAt());
        assertEquals(typical.lastEventAt(), ActivitySerde.decode(ActivitySerde.encode(typical)).reviewAt());
    }

    @Test
    void formatStartsWithItsVersion() {
        assertEquals(ActivitySerde.VERSION, ActivitySerde.encode(Customers.typical())[0]);
    }

    @Test
    void unknownVersionFailsNamingIt() {
        byte[] bytes = ActivitySerde.encode(Customers.typical());
        bytes[0] = 9;
        SerializationException e = assertThrows(SerializationException.class, () -> ActivitySerde.decode(bytes));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void truncatedValueFailsAsCorrupt() {
        byte[] bytes = ActivitySerde.encode(Customers.busy());
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        assertThrows(SerializationException.class, () -> ActivitySerde.decode(cut));
    }

    @Test
    void storedSizeStaysSmall() {
        int typical = ActivitySerde.encode(Customers.typical()).length;
        int busy = ActivitySerde.encode(Customers.busy()).length;
        // Guards against a format change that bloats the changelog; the measured figures are in MODEL.md.
        assertTrue(typical < 400, "typical customer: " + typical + " bytes");
        assertTrue(busy < 4_000, "busy customer: " + busy + " bytes");
    }

    @Test
    void formatOfAMinimalActivityIsStable() {
        CustomerActivity a = new CustomerActivity();
        a.seen(172_800_000L); // day 2
        a.add(172_800_000L, Figure.MEETINGS, 1);
        // version 1; anchor 172_800_000 as zig-zag varint; no account (0); first seen = anchor (distance 0 -> 1 -> zig-zag 2);
        // 0 orders; no first/last order, score or review (0 0 0 0); 1 day (zig-zag 2) at distance 0;
        // mask bit 4 (MEETINGS) = 0x10; value 1 (zig-zag 2); no open tickets.
        assertEquals("01 80 e0 e5 a4 01 00 02 00 00 00 00 00 02 00 10 02 00",
                HexFormat.ofDelimiter(" ").formatHex(ActivitySerde.encode(a)));
    }
}
