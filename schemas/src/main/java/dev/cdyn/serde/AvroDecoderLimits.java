package dev.cdyn.serde;

import org.apache.avro.SystemLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps what one Avro length prefix may make the decoder allocate, so that a hostile or corrupt
 * record fails with an error instead of exhausting memory. Avro reads these limits from system
 * properties once, when it first decodes; a value the user set with {@code -D} is kept.
 */
public final class AvroDecoderLimits {

    /** Longest {@code bytes} field: 8 MiB, far above any event of ours and below the broker's default message size. */
    public static final int MAX_BYTES_LENGTH = 8 * 1024 * 1024;
    /** Longest string: 1 MiB. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** Most items in one array or map. */
    public static final int MAX_COLLECTION_ITEMS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(AvroDecoderLimits.class);

    static {
        setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES_LENGTH);
        setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_STRING_LENGTH);
        setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_COLLECTION_ITEMS);
        if (!inForce()) {
            LOG.warn("Avro decoder limits were fixed before customer-dynamics could set them; set {} and its"
                    + " siblings with -D to bound what a corrupt record can allocate",
                    SystemLimitException.MAX_BYTES_LENGTH_PROPERTY);
        }
    }

    private AvroDecoderLimits() {
    }

    /** Sets the limits if they are not set yet; idempotent. */
    public static void install() {
        // The static initializer does the work, once.
    }

    /** Whether Avro enforces a bytes limit no larger than ours. */
    public static boolean inForce() {
        try {
            SystemLimitException.checkMaxBytesLength(
                    Long.getLong(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES_LENGTH) + 1L);
            return false;
        } catch (SystemLimitException expected) {
            return true;
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
