package dev.cdyn.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void writesWhatTheFormatterWritesInTheRootLocale() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            double value = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(6));
            if (i % 7 == 0) {
                value = Math.round(value * 1000) / 1000.0; // many ties at the last decimal
            }
            for (int decimals = 0; decimals <= 2; decimals++) {
                String expected = String.format(Locale.ROOT, "%." + decimals + "f", value);
                if (!expected.matches("-0(\\.0*)?")) { // the formatter keeps the sign of a negative zero
                    assertEquals(expected, Decimals.fixed(value, decimals), value + " with " + decimals);
                }
            }
            if (!String.format(Locale.ROOT, "%.2f", value).equals("-0.00")) {
                assertEquals(String.format(Locale.ROOT, "%+.2f", value).replace("+0.00", "0.00"),
                        Decimals.signed(value, 2), Double.toString(value));
            }
        }
    }

    @Test
    void roundsHalvesLargeAndTinyNumbersOnTheirDecimalText() {
        // Halves whose binary value lies below or above the half, numbers past the floating-point
        // rounding, and numbers with fewer digits than decimals: as the formatter writes them.
        double[] values = {2.675, 1.005, 0.125, 0.375, 1.115, 2.5, 3.5, -2.5, -0.125, 0.045, 0.005, -0.005, 1e-7,
                -1e-7, 0.0049999999, 0.994999, 0.995, 9.995, 99.995, 999_999.995, 9_999_999.994, 9_999_999.996,
                1e9 / 100 - 0.005, 1e9 / 100 + 0.005, 12_345_678.9, 1e15 + 0.3, Long.MAX_VALUE / 10.0, 7.0, -7.0, 0.1, 0.7};
        for (double value : values) {
            for (int decimals = 0; decimals <= 2; decimals++) {
                String expected = String.format(Locale.ROOT, "%." + decimals + "f", value);
                if (!expected.matches("-0(\\.0*)?")) {
                    assertEquals(expected, Decimals.fixed(value, decimals), value + " with " + decimals);
                }
            }
        }
        assertEquals("0.00", Decimals.fixed(-0.001, 2));
        assertEquals("0", Decimals.fixed(-0.4, 0));
    }

    @Test
    void writesZeroWithoutASign() {
        assertEquals("0.00", Decimals.signed(0.0, 2));
        assertEquals("+0.25", Decimals.signed(0.25, 2));
        assertEquals("-0.40", Decimals.signed(-0.4, 2));
        assertEquals("13", Decimals.fixed(12.5, 0));
    }
}
