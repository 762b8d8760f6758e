package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ActivitySerdeTest {

    /** A busy customer with a review booked, 40 remembered events of the channel and a last score: every part of the format. */
    private static CustomerActivity everyPart(String channel) {
        CustomerActivity busy = Customers.busy();
        busy.reviewAt(busy.lastEventAt() + CustomerActivity.DAY_MS);
        for (int e = 0; e < 40; e++) {
            busy.rememberEvent(CustomerActivity.eventKey(channel, "e" + e), busy.lastEventAt() - e * 60_000L,
                    14 * CustomerActivity.DAY_MS);
        }
        busy.lastScore(new CustomerActivity.LastScore(0.4321, 55.5, 1, 2, busy.lastEventAt() - 5,
                "2026-11-20T10:00:00Z-1a2b3c4d", new byte[] {0, 0, 0, 0, 7, 42, -1}));
        return busy;
    }

    @Test
    void roundTripKeepsEveryField() {
        CustomerActivity busy = everyPart("ORDER");
        byte[] encoded = ActivitySerde.encode(busy);
        CustomerActivity read = ActivitySerde.decode(encoded);
        assertEquals(busy, read);
        assertEquals(40, read.rememberedEventCount());
        assertEquals(busy.lastScore(), read.lastScore());
        assertEquals(busy.openTicketCount(), read.openTicketCount());
        assertEquals(Customers.sum(busy, Figure.ORDER_VALUE_CENTS, 0, Integer.MAX_VALUE),
                Customers.sum(read, Figure.ORDER_VALUE_CENTS, 0, Integer.MAX_VALUE));
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
        // The busy customer holds the most remembered orders there can be, about 17 bytes each.
        assertTrue(typical < 400, "typical customer: " + typical + " bytes");
        assertTrue(busy < 8_000, "busy customer: " + busy + " bytes");
    }

    @Test
    void formatOfAFullActivityIsStable() throws Exception {
        byte[] encoded = ActivitySerde.encode(everyPart("CALL"));
        // Every part of format version 3 (days, open tickets, orders, events, the last score), held by
        // the digest of its bytes: a change to how they are written needs a new format version.
        assertEquals(8_211, encoded.length, "size");
        assertEquals("4d7f01cfe9b65a367f391f7fb28c9e00a68aea33ad2cf6a3232c078d487e8a01", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)));
    }

    @Test
    void anActivityAtEveryVarintsLongestRoundTripsAndTheNextValueHoldsOnlyItsOwnBytes() {
        // Times 200 years apart, figures at the longest varints, ticket ids and a model version of
        // four-byte characters: several times what the thread's buffer holds at first.
        long first = 86_400_000L;
        long last = first + 73_000L * CustomerActivity.DAY_MS;
        CustomerActivity a = new CustomerActivity();
        a.accountCreated(first);
        a.seen(first);
        for (int d = 0; d < 5; d++) {
            long at = last - d * CustomerActivity.DAY_MS;
            for (Figure figure : Figure.ALL) {
                a.add(at, figure, d % 2 == 0 ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4);
            }
            a.ticketOpened("\uD83D\uDE00".repeat(40) + d, at);
            a.orderCounted(CustomerActivity.orderKey("o-" + d), at, Long.MAX_VALUE / 2, ActivityRecorder.DELIVERED);
            a.rememberEvent(CustomerActivity.eventKey("CALL", "e" + d), at, 14 * CustomerActivity.DAY_MS);
        }
        a.seen(last);
        a.reviewAt(last + 36_500L * CustomerActivity.DAY_MS);
        a.lastScore(new CustomerActivity.LastScore(Double.MAX_VALUE, -Double.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE, first, "\uD83D\uDE00".repeat(30), new byte[5_000]));
        byte[] encoded = ActivitySerde.encode(a);
        assertTrue(encoded.length > 4 * 1_024, "larger than the first buffer: " + encoded.length);
        assertEquals(a, ActivitySerde.decode(encoded));
        // The same thread's buffer, grown, writes a small value next: only that value's bytes.
        CustomerActivity small = new CustomerActivity();
        small.seen(first);
        byte[] smallEncoded = ActivitySerde.encode(small);
        assertEquals(small, ActivitySerde.decode(smallEncoded));
        assertTrue(smallEncoded.length < 40, "only the small value's bytes: " + smallEncoded.length);
    }

    @Test
    void formatOfAMinimalActivityIsStable() {
        CustomerActivity a = new CustomerActivity();
        a.seen(172_800_000L); // day 2
        a.add(172_800_000L, Figure.MEETINGS, 1);
        a.orderCounted(CustomerActivity.orderKey("O-1"), 172_800_000L, 100, ActivityRecorder.DELIVERED);
        // version 3; anchor 172_800_000 as zig-zag varint; no account (0); first seen = anchor (distance 0 -> 1 -> zig-zag 2);
        // 1 order (zig-zag 2); first and last order = anchor (2 2); no review, no erasure (0 0); 1 day (zig-zag 2) at
        // distance 0; mask bits 4, 5, 6 (MEETINGS, ORDERS_PLACED, ORDER_VALUE_CENTS) = 0x70; values 1, 1, 100 (zig-zag
        // 2, 2, c8 01); no open tickets (0); no forgotten purchase (0); 1 remembered order (2): the 8-byte MurmurHash3
        // of "O-1", at the anchor (2), value 100 (c8 01), flags DELIVERED << 1 | purchase = 9; no remembered events (0);
        // no last score (0).
        assertEquals("03 80 e0 e5 a4 01 00 02 02 02 02 00 00 02 00 70 02 02 c8 01 00 00 02 "
                        + HexFormat.ofDelimiter(" ").formatHex(ByteBuffer.allocate(8).putLong(CustomerActivity.orderKey("O-1"))
                        .array()) + " 02 c8 01 09 00 00",
                HexFormat.ofDelimiter(" ").formatHex(ActivitySerde.encode(a)));
    }

    @Test
    void versionTwoValueIsStillRead() {
        // The minimal activity above in version 2: a last scoring time (the anchor, 02) before the review time (the
        // anchor, 02); no remembered events, no last score and no erasure after the orders.
        byte[] v2 = HexFormat.ofDelimiter(" ").parseHex("02 80 e0 e5 a4 01 00 02 02 02 02 02 02 02 00 70 02 02 c8 01 00 00 02 "
                + HexFormat.ofDelimiter(" ").formatHex(ByteBuffer.allocate(8).putLong(CustomerActivity.orderKey("O-1"))
                .array()) + " 02 c8 01 09");
        CustomerActivity read = ActivitySerde.decode(v2);
        assertEquals(172_800_000L, read.reviewAt());
        assertEquals(-1, read.erasedAt());
        assertEquals(0, read.rememberedEventCount());
        assertEquals(null, read.lastScore());
        assertEquals(1, read.rememberedOrderCount());
        assertEquals(1, read.lifetimeOrders());
    }

    @Test
    void anErasureMarkerHoldsItsTimeAndNothingElse() {
        CustomerActivity marker = CustomerActivity.erasureMarker(172_800_000L);
        marker.reviewAt(172_800_000L + 30 * CustomerActivity.DAY_MS);
        byte[] bytes = ActivitySerde.encode(marker);
        CustomerActivity read = ActivitySerde.decode(bytes);
        assertEquals(marker, read);
        assertEquals(172_800_000L, read.erasedAt());
        assertEquals(0, read.lifetimeOrders());
        assertTrue(bytes.length < 32, "a marker is small: " + bytes.length + " bytes");
    }

    @Test
    void orderIdsAreRememberedByAHashThatNeverChanges() {
        // The hash is stored: a release that hashed differently would count every remembered order again.
        // The first half of MurmurHash3_x64_128 (seed 0) of the UTF-8 bytes, as the reference implementation gives it.
        assertEquals("a56efc0bd6325366", HexFormat.of().toHexDigits(CustomerActivity.orderKey("ORDER-2026-000001")));
    }

    @Test
    void versionOneValueIsStillRead() {
        // A value written by the release before remembered orders: one meeting on day 2.
        CustomerActivity read = ActivitySerde.decode(HexFormat.ofDelimiter(" ")
                .parseHex("01 80 e0 e5 a4 01 00 02 00 00 00 00 00 02 00 10 02 00"));
        CustomerActivity expected = new CustomerActivity();
        expected.seen(172_800_000L);
        expected.add(172_800_000L, Figure.MEETINGS, 1);
        assertEquals(expected, read);
    }

    @Test
    void versionOneOrdersStandAsForgottenPurchases() {
        CustomerActivity now = Customers.typical();
        now.reviewAt(now.lastEventAt() + CustomerActivity.DAY_MS);
        byte[] v1 = versionOne(now);
        CustomerActivity old = ActivitySerde.decode(v1);
        assertEquals(0, old.rememberedOrderCount());
        assertEquals(now.lifetimeOrders(), old.lifetimeOrders());
        assertEquals(now.firstOrderAt(), old.firstOrderAt());
        assertEquals(now.lastOrderAt(), old.lastOrderAt());
        assertEquals(now.reviewAt(), old.reviewAt());
        assertEquals(null, old.lastScore(), "an old state has no last score: its next scoring emits");
        assertEquals(Customers.sum(now, Figure.ORDER_VALUE_CENTS, 0, Integer.MAX_VALUE),
                Customers.sum(old, Figure.ORDER_VALUE_CENTS, 0,
                Integer.MAX_VALUE));

        // Read again in the new format, it goes on: a new order counts once, an old one's cancel changes no order figure.
        CustomerActivity upgraded = ActivitySerde.decode(ActivitySerde.encode(old));
        assertEquals(old, upgraded);
        long key = CustomerActivity.orderKey("NEW");
        upgraded.orderCounted(key, now.lastEventAt(), 5_000, ActivityRecorder.PLACED);
        upgraded.orderWithdrawn(key);
        assertEquals(now.lifetimeOrders(), upgraded.lifetimeOrders());
        assertEquals(now.lastOrderAt(), upgraded.lastOrderAt(), "falls back to the last order of the old state");
    }

    /** The value the release before remembered orders wrote: this format without its remembered-orders tail. */
    private static byte[] versionOne(CustomerActivity activity) {
        CustomerActivity withoutOrders = ActivitySerde.decode(ActivitySerde.encode(activity));
        withoutOrders.orders.clear();
        withoutOrders.forgottenOrderAt = -1;
        // Version 1 has (last scoring time, review time) where version 3 has (review time, erasure time).
        withoutOrders.erasedAt = withoutOrders.reviewAt;
        withoutOrders.reviewAt = -1;
        byte[] bytes = ActivitySerde.encode(withoutOrders);
        // No forgotten purchase, orders, events or last score (0 0 0 0) at the end in version 3.
        byte[] v1 = java.util.Arrays.copyOf(bytes, bytes.length - 4);
        v1[0] = 1;
        return v1;
    }
}
