package dev.cdyn.activity;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * The stored form of a {@link CustomerActivity}. Under exactly-once the changelog carries the
 * whole value on nearly every update, so bytes per customer are throughput: a version byte, then
 * zig-zag varints throughout, times as distances back from the customer's latest event, and each
 * day as a bit mask of the figures it has followed by those figures only.
 *
 * <p>Version 2: version 1 followed by the remembered orders (the latest forgotten purchase's time,
 * then per order its 64-bit id hash, time, value still counted and a flags varint: statuses seen
 * shifted left by one, bit 0 set for a purchase). Version 1 is still read: it has no remembered
 * orders, and its purchases count as forgotten ones.
 *
 * <p>Version 3: as version 2 without the last scoring time (nothing reads it since reviews are
 * booked by forecast) and with the erasure time after the review time; after the remembered
 * orders, the remembered events (count, then per event its 64-bit id hash and time), and the last
 * emitted score (0 for none, else 1, risk and loyalty as doubles, band and tier ordinals, its time,
 * the model version's length and UTF-8 bytes, and the record's length and bytes as written to the
 * scores topic). Versions 1 and 2 read as
 * customers with no remembered events and no last score: their next scoring emits.
 *
 * <p>A later release reads every earlier version; a version it does not know fails with an error
 * naming it rather than guessing.
 */
public final class ActivitySerde implements Serde<CustomerActivity> {

    public static final byte VERSION = 3;
    /** The first format: no remembered orders. */
    static final byte VERSION_1 = 1;
    /** Remembered orders; a last scoring time; no remembered events, no last score, no erasure. */
    static final byte VERSION_2 = 2;

    @Override
    public Serializer<CustomerActivity> serializer() {
        return (topic, activity) -> activity == null ? null : encode(activity);
    }

    @Override
    public Deserializer<CustomerActivity> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    public static byte[] encode(CustomerActivity a) {
        // A buffer sized for the most this activity can take, so it never grows, written without a
        // stream: an activity is written on every event and every review.
        ByteBuffer out = ByteBuffer.allocate(maxEncodedSize(a));
        out.put((byte) VERSION);
        long anchor = a.lastEventAt;
        ByteUtils.writeVarlong(anchor, out);
        writeTime(out, anchor, a.accountCreatedAt);
        writeTime(out, anchor, a.firstSeenAt);
        ByteUtils.writeVarint(a.lifetimeOrders, out);
        writeTime(out, anchor, a.firstOrderAt);
        writeTime(out, anchor, a.lastOrderAt);
        writeTime(out, anchor, a.reviewAt);
        writeTime(out, anchor, a.erasedAt);

        ByteUtils.writeVarint(a.days.size(), out);
        int previousDay = CustomerActivity.dayOf(Math.max(anchor, 0));
        for (Map.Entry<Integer, long[]> day : a.days.descendingMap().entrySet()) {
            ByteUtils.writeVarint(previousDay - day.getKey(), out);
            previousDay = day.getKey();
            long[] figures = day.getValue();
            int mask = 0;
            for (int i = 0; i < figures.length; i++) {
                if (figures[i] != 0) {
                    mask |= 1 << i;
                }
            }
            ByteUtils.writeUnsignedVarint(mask, out);
            for (long figure : figures) {
                if (figure != 0) {
                    ByteUtils.writeVarlong(figure, out);
                }
            }
        }

        ByteUtils.writeVarint(a.openTickets.size(), out);
        for (Map.Entry<String, Long> ticket : a.openTickets.entrySet()) {
            byte[] id = ticket.getKey().getBytes(StandardCharsets.UTF_8);
            ByteUtils.writeVarint(id.length, out);
            out.put(id);
            writeTime(out, anchor, ticket.getValue());
        }

        writeTime(out, anchor, a.forgottenOrderAt);
        ByteUtils.writeVarint(a.orders.size(), out);
        for (Map.Entry<Long, CustomerActivity.RememberedOrder> entry : a.orders.entrySet()) {
            CustomerActivity.RememberedOrder order = entry.getValue();
            out.putLong(entry.getKey());
            writeTime(out, anchor, order.at());
            ByteUtils.writeVarlong(order.valueCents(), out);
            ByteUtils.writeUnsignedVarint(order.statuses() << 1 | (order.purchase() ? 1 : 0), out);
        }

        ByteUtils.writeVarint(a.events.size(), out);
        for (Map.Entry<Long, Long> event : a.events.entrySet()) {
            out.putLong(event.getKey());
            writeTime(out, anchor, event.getValue());
        }
        CustomerActivity.LastScore last = a.lastScore;
        if (last == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1);
            out.putDouble(last.churnRisk());
            out.putDouble(last.loyalty());
            ByteUtils.writeVarint(last.band(), out);
            ByteUtils.writeVarint(last.tier(), out);
            writeTime(out, anchor, last.asOf());
            byte[] version = last.modelVersion().getBytes(StandardCharsets.UTF_8);
            ByteUtils.writeVarint(version.length, out);
            out.put(version);
            ByteUtils.writeVarint(last.record().length, out);
            out.put(last.record());
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    public static CustomerActivity decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_1 && version != VERSION_2) {
            throw new SerializationException("Unknown customer-activity format version " + version
                    + "; this release reads versions " + VERSION_1 + " to " + VERSION);
        }
        try {
            CustomerActivity a = new CustomerActivity();
            long anchor = ByteUtils.readVarlong(in);
            a.lastEventAt = anchor;
            a.accountCreatedAt = readTime(in, anchor);
            a.firstSeenAt = readTime(in, anchor);
            a.lifetimeOrders = ByteUtils.readVarint(in);
            a.firstOrderAt = readTime(in, anchor);
            a.lastOrderAt = readTime(in, anchor);
            if (version < VERSION) {
                readTime(in, anchor);
            }
            a.reviewAt = readTime(in, anchor);
            if (version >= VERSION) {
                a.erasedAt = readTime(in, anchor);
            }

            int dayCount = ByteUtils.readVarint(in);
            int day = CustomerActivity.dayOf(Math.max(anchor, 0));
            for (int d = 0; d < dayCount; d++) {
                day -= ByteUtils.readVarint(in);
                int mask = ByteUtils.readUnsignedVarint(in);
                long[] figures = new long[Figure.ALL.length];
                for (int i = 0; i < 32 && mask >>> i != 0; i++) {
                    if ((mask & (1 << i)) != 0) {
                        long value = ByteUtils.readVarlong(in);
                        // A figure added by a later release is skipped by this one.
                        if (i < figures.length) {
                            figures[i] = value;
                        }
                    }
                }
                a.days.put(day, figures);
            }

            int ticketCount = ByteUtils.readVarint(in);
            for (int t = 0; t < ticketCount; t++) {
                byte[] id = new byte[ByteUtils.readVarint(in)];
                in.get(id);
                a.openTickets.put(new String(id, StandardCharsets.UTF_8), readTime(in, anchor));
            }

            if (version == VERSION_1) {
                a.forgottenOrderAt = a.lifetimeOrders > 0 ? a.lastOrderAt : -1;
                return a;
            }
            a.forgottenOrderAt = readTime(in, anchor);
            int orderCount = ByteUtils.readVarint(in);
            for (int o = 0; o < orderCount; o++) {
                long key = in.getLong();
                long at = readTime(in, anchor);
                long value = ByteUtils.readVarlong(in);
                int flags = ByteUtils.readUnsignedVarint(in);
                a.orders.put(key, new CustomerActivity.RememberedOrder(at, value, (flags & 1) != 0, flags >>> 1));
            }
            if (version == VERSION_2) {
                return a;
            }
            int eventCount = ByteUtils.readVarint(in);
            for (int e = 0; e < eventCount; e++) {
                long key = in.getLong();
                a.events.put(key, readTime(in, anchor));
            }
            if (in.get() != 0) {
                double risk = in.getDouble();
                double loyalty = in.getDouble();
                int band = ByteUtils.readVarint(in);
                int tier = ByteUtils.readVarint(in);
                long asOf = readTime(in, anchor);
                byte[] model = new byte[ByteUtils.readVarint(in)];
                in.get(model);
                byte[] record = new byte[ByteUtils.readVarint(in)];
                in.get(record);
                a.lastScore = new CustomerActivity.LastScore(risk, loyalty, band, tier, asOf,
                        new String(model, StandardCharsets.UTF_8), record);
            }
            return a;
        } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
            throw new SerializationException("Corrupt customer-activity value of " + bytes.length + " bytes", e);
        }
    }

    /** The most bytes {@link #encode} can write for this activity: every varint at its longest, text at 3 bytes a char. */
    static int maxEncodedSize(CustomerActivity a) {
        // Version and score flag, eight times, five counts.
        int size = 2 + 10 * 8 + 5 * 5;
        for (long[] figures : a.days.values()) {
            size += 5 + 5;
            for (long figure : figures) {
                size += figure != 0 ? 10 : 0;
            }
        }
        for (String ticket : a.openTickets.keySet()) {
            size += 5 + 3 * ticket.length() + 10;
        }
        size += a.orders.size() * (8 + 10 + 10 + 5) + a.events.size() * (8 + 10);
        CustomerActivity.LastScore last = a.lastScore;
        if (last != null) {
            size += 8 + 8 + 5 + 5 + 10 + 5 + 3 * last.modelVersion().length() + 5 + last.record().length;
        }
        return size;
    }

    /**
     * A time as its distance back from the anchor, small for recent times. 0 stands for "none"
     * (-1), so distances of zero or more are written plus one; times after the anchor (a review
     * due later) are negative distances, which never collide with 0.
     */
    private static void writeTime(ByteBuffer out, long anchor, long time) {
        long distance = anchor - time;
        ByteUtils.writeVarlong(time < 0 ? 0 : distance >= 0 ? distance + 1 : distance, out);
    }

    private static long readTime(ByteBuffer in, long anchor) {
        long written = ByteUtils.readVarlong(in);
        if (written == 0) {
            return -1;
        }
        return anchor - (written > 0 ? written - 1 : written);
    }
}
