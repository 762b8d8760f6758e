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
        // Written into the thread's own buffer, kept from one value to the next (it grows to the
        // largest activity the thread has written), then copied out at its length: an activity is
        // written on every event and every review.
        Writer out = WRITERS.get().reset();
        out.put((byte) VERSION);
        long anchor = a.lastEventAt;
        out.varlong(anchor);
        out.time(anchor, a.accountCreatedAt);
        out.time(anchor, a.firstSeenAt);
        out.varint(a.lifetimeOrders);
        out.time(anchor, a.firstOrderAt);
        out.time(anchor, a.lastOrderAt);
        out.time(anchor, a.reviewAt);
        out.time(anchor, a.erasedAt);

        out.varint(a.days.size());
        int previousDay = CustomerActivity.dayOf(Math.max(anchor, 0));
        for (Map.Entry<Integer, long[]> day : a.days.descendingMap().entrySet()) {
            out.varint(previousDay - day.getKey());
            previousDay = day.getKey();
            long[] figures = day.getValue();
            int mask = 0;
            for (int i = 0; i < figures.length; i++) {
                if (figures[i] != 0) {
                    mask |= 1 << i;
                }
            }
            out.unsignedVarlong(mask & 0xFFFFFFFFL);
            for (long figure : figures) {
                if (figure != 0) {
                    out.varlong(figure);
                }
            }
        }

        out.varint(a.openTickets.size());
        for (Map.Entry<String, Long> ticket : a.openTickets.entrySet()) {
            out.bytes(ticket.getKey().getBytes(StandardCharsets.UTF_8));
            out.time(anchor, ticket.getValue());
        }

        out.time(anchor, a.forgottenOrderAt);
        out.varint(a.orders.size());
        for (Map.Entry<Long, CustomerActivity.RememberedOrder> entry : a.orders.entrySet()) {
            CustomerActivity.RememberedOrder order = entry.getValue();
            out.fixedLong(entry.getKey());
            out.time(anchor, order.at());
            out.varlong(order.valueCents());
            out.unsignedVarlong((order.statuses() << 1 | (order.purchase() ? 1 : 0)) & 0xFFFFFFFFL);
        }

        out.varint(a.events.size());
        for (Map.Entry<Long, Long> event : a.events.entrySet()) {
            out.fixedLong(event.getKey());
            out.time(anchor, event.getValue());
        }
        CustomerActivity.LastScore last = a.lastScore;
        if (last == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1);
            out.fixedLong(Double.doubleToRawLongBits(last.churnRisk()));
            out.fixedLong(Double.doubleToRawLongBits(last.loyalty()));
            out.varint(last.band());
            out.varint(last.tier());
            out.time(anchor, last.asOf());
            out.bytes(last.modelVersion().getBytes(StandardCharsets.UTF_8));
            out.bytes(last.record());
        }
        return out.toByteArray();
    }

    private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

    /**
     * A growable byte array written front to back: Kafka's varints (zig-zag for signed values, seven
     * bits a byte, low bits first), big-endian fixed longs, length-prefixed bytes, and times as
     * {@link #readTime} reads them.
     */
    static final class Writer {

        private byte[] buffer = new byte[1024];
        private int position;

        Writer reset() {
            position = 0;
            return this;
        }

        private void room(int bytes) {
            if (position + bytes > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, position + bytes));
            }
        }

        void put(byte b) {
            room(1);
            buffer[position++] = b;
        }

        void unsignedVarlong(long value) {
            room(10);
            long v = value;
            while ((v & ~0x7FL) != 0) {
                buffer[position++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buffer[position++] = (byte) v;
        }

        void varlong(long value) {
            unsignedVarlong((value << 1) ^ (value >> 63));
        }

        void varint(int value) {
            unsignedVarlong(((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
        }

        void fixedLong(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[position++] = (byte) (value >>> shift);
            }
        }

        /** Its length as a varint, then the bytes. */
        void bytes(byte[] bytes) {
            varint(bytes.length);
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }

        /**
         * A time as its distance back from the anchor, small for recent times. 0 stands for "none"
         * (-1), so distances of zero or more are written plus one; times after the anchor (a review
         * due later) are negative distances, which never collide with 0.
         */
        void time(long anchor, long time) {
            long distance = anchor - time;
            varlong(time < 0 ? 0 : distance >= 0 ? distance + 1 : distance);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, position);
        }
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

    private static long readTime(ByteBuffer in, long anchor) {
        long written = ByteUtils.readVarlong(in);
        if (written == 0) {
            return -1;
        }
        return anchor - (written > 0 ? written - 1 : written);
    }
}
