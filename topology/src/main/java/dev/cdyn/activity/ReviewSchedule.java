package dev.cdyn.activity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the review index: the due time as 8 big-endian bytes, then the customer id, so that the
 * store's byte order is time order and "everything due by now" is one range scan from the start.
 * Beside the index, in the same store, the review a customer's last review booked: under eight
 * 0xFF bytes and the customer id, beyond any due time a scan reaches.
 */
final class ReviewSchedule {

    private ReviewSchedule() {
    }

    static Bytes key(long dueAt, String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(dueAt).put(id).array());
    }

    /** The upper bound of a scan for everything due at or before {@code now}: longer keys with this prefix sort after it. */
    static Bytes dueBy(long now) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(now + 1).array());
    }

    /** The key of the customer's booking: the review its last review booked. */
    static Bytes booking(String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(-1L).put(id).array());
    }

    /** A booking's value: the booked time, or -1 for none. */
    static byte[] booking(long dueAt) {
        return ByteBuffer.allocate(8).putLong(dueAt).array();
    }

    static long bookedAt(byte[] booking) {
        return ByteBuffer.wrap(booking).getLong();
    }

    static long dueAt(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String customerId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8);
    }
}
