package dev.cdyn.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers in reason texts, as {@code String.format("%.2f")} writes them in the root locale (a dot,
 * half up), without a {@code Formatter}: reasons are written for every emitted score, and a
 * formatter's set-up cost more than the scoring itself.
 */
final class Decimals {

    private Decimals() {
    }

    /** The value with this many decimals: {@code fixed(2.345, 1)} is "2.3", {@code fixed(12.5, 0)} is "13". */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(Double.toString(value)).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** As {@link #fixed}, with a sign in front of every number but zero's: "+0.25", "-0.40", "0.00". */
    static String signed(double value, int decimals) {
        String text = fixed(value, decimals);
        return text.startsWith("-") || text.equals(fixed(0, decimals)) ? text : "+" + text;
    }
}
