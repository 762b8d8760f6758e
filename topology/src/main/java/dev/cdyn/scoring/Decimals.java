package dev.cdyn.scoring;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers in reason texts, as {@code String.format("%.2f")} writes them in the root locale (a dot,
 * half up), without a {@code Formatter}: reasons are written for every emitted score, and a
 * formatter's set-up cost more than the scoring itself. Most numbers are rounded in floating point;
 * those that might round otherwise on their decimal text (near a half, or large) are rounded on it.
 */
final class Decimals {

    private Decimals() {
    }

    /** Scaled values below this are rounded in floating point, unless they lie within {@link #NEAR_HALF} of a half. */
    private static final double FAST_BELOW = 1e9;
    /**
     * Below {@link #FAST_BELOW}, the value scaled in floating point differs from its decimal text
     * scaled by less than 3e-7 (a few units in the last place), so it rounds the same way unless
     * it is this close to a half; those few are rounded on the decimal text.
     */
    private static final double NEAR_HALF = 1e-6;
    private static final double[] POWERS = {1, 10, 100, 1_000};

    /** The value with this many decimals: {@code fixed(2.345, 1)} is "2.3", {@code fixed(12.5, 0)} is "13". */
    static String fixed(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        if (decimals >= 0 && decimals < POWERS.length) {
            double scaled = Math.abs(value) * POWERS[decimals];
            double whole = Math.floor(scaled);
            double fraction = scaled - whole;
            if (scaled < FAST_BELOW && Math.abs(fraction - 0.5) > NEAR_HALF) {
                return units((long) whole + (fraction > 0.5 ? 1 : 0), value < 0, decimals);
            }
        }
        return new BigDecimal(Double.toString(value)).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code units} hundredths (for two decimals) written out; a minus only in front of a number that is not zero. */
    private static String units(long units, boolean negative, int decimals) {
        String digits = Long.toString(units);
        StringBuilder text = new StringBuilder(digits.length() + decimals + 2);
        if (negative && units != 0) {
            text.append('-');
        }
        if (decimals == 0) {
            return text.append(digits).toString();
        }
        int wholeDigits = digits.length() - decimals;
        if (wholeDigits <= 0) {
            text.append('0').append('.');
            text.append("0".repeat(-wholeDigits));
            return text.append(digits).toString();
        }
        return text.append(digits, 0, wholeDigits).append('.').append(digits, wholeDigits, digits.length()).toString();
    }

    /** As {@link #fixed}, with a sign in front of every number but zero's: "+0.25", "-0.40", "0.00". */
    static String signed(double value, int decimals) {
        String text = fixed(value, decimals);
        return text.startsWith("-") || text.equals(fixed(0, decimals)) ? text : "+" + text;
    }
}
