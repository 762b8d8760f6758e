package dev.cdyn.activity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the review index: the due time as 8 big-endian bytes, then the customer id, so that the
 * store's byte order is time order and "everything due by now" is one range scan from the start.
 * The index holds each customer's {@link CustomerActivity#reviewAt()}, nothing else: it is derived
 * from the activity and rebuilt from it when a task starts.
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

    static long dueAt(Bytes key) {
        return ByteBuffer.wrap(key.get()).getLong();
    }

    static String customerId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, 8, bytes.length - 8, StandardCharsets.UTF_8);
    }
}
