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
    void writesZeroWithoutASign() {
        assertEquals("0.00", Decimals.signed(0.0, 2));
        assertEquals("+0.25", Decimals.signed(0.25, 2));
        assertEquals("-0.40", Decimals.signed(-0.4, 2));
        assertEquals("13", Decimals.fixed(12.5, 0));
    }
}
