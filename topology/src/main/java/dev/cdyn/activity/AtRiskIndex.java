package dev.cdyn.activity;

import dev.cdyn.scoring.Band;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Customers by risk: one entry per scored customer keyed by (band, inverted risk, customer id), so
 * a range scan of one band yields its riskiest customers first, and the riskiest {@code n} cost
 * {@code n} reads however many customers there are. Derived from the last scores kept in the
 * activity: the scoring step moves a customer's entry whenever it emits, and rebuilds the whole
 * index when its task starts, so the index needs no changelog of its own.
 */
public final class AtRiskIndex {

    /** The store's name. */
    public static final String STORE = "at-risk-index";
    private static final byte[] NOTHING = new byte[0];

    private final KeyValueStore<Bytes, byte[]> index;

    AtRiskIndex(KeyValueStore<Bytes, byte[]> index) {
        this.index = index;
    }

    /** Moves the customer's entry from its previous score (null for none) to its new one (null to remove it). */
    void replace(String customer, CustomerActivity.LastScore previous, CustomerActivity.LastScore now) {
        if (previous != null) {
            index.delete(key(customer, previous));
        }
        if (now != null) {
            index.put(key(customer, now), NOTHING);
        }
    }

    static Bytes key(String customer, CustomerActivity.LastScore score) {
        return key(score.band(), score.churnRisk(), customer);
    }

    public static Bytes key(int band, double churnRisk, String customer) {
        byte[] id = customer.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + id.length)
                .put((byte) band)
                .putLong(Long.MAX_VALUE - Double.doubleToLongBits(Math.max(0, churnRisk)))
                .put(id).array());
    }

    /** The first key of a band's entries. */
    public static Bytes bandStart(Band band) {
        return Bytes.wrap(new byte[] {(byte) band.ordinal()});
    }

    /** The last key of a band's entries (a range scan's upper bound is inclusive). */
    public static Bytes bandEnd(Band band) {
        return Bytes.wrap(new byte[] {(byte) band.ordinal(), (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    }

    public static String customerId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, 1 + Long.BYTES, bytes.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
    }

    public static double churnRisk(Bytes key) {
        return Double.longBitsToDouble(Long.MAX_VALUE - ByteBuffer.wrap(key.get(), 1, Long.BYTES).getLong());
    }
}
