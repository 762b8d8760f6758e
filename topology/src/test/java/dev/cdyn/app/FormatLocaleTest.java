package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FormatLocaleTest {

    private final Locale before = Locale.getDefault(Locale.Category.FORMAT);

    @AfterEach
    void restore() {
        Locale.setDefault(Locale.Category.FORMAT, before);
    }

    @Test
    void plainEnglishBecomesUs() {
        Locale.setDefault(Locale.Category.FORMAT, Locale.ENGLISH);
        assertEquals(Locale.US, FormatLocale.preferUsWhereAlike());
        assertEquals(Locale.US, Locale.getDefault(Locale.Category.FORMAT));
    }

    @Test
    void aLocaleWithACountryOrAnotherLanguageStays() {
        for (Locale own : new Locale[] {Locale.ROOT, Locale.UK, Locale.GERMANY, Locale.FRENCH, new Locale("en", "", "POSIX"),
                Locale.forLanguageTag("en-u-nu-arab")}) {
            Locale.setDefault(Locale.Category.FORMAT, own);
            assertEquals(own, FormatLocale.preferUsWhereAlike(), own.toLanguageTag());
            assertEquals(own, Locale.getDefault(Locale.Category.FORMAT));
            assertFalse(FormatLocale.alikeToUs(own), own.toLanguageTag());
        }
        assertTrue(FormatLocale.alikeToUs(Locale.ENGLISH));
    }

    @Test
    void numbersAndDatesReadTheSameInPlainEnglishAndUs() {
        String pattern = "%d %,d %.3f %e %tc %tB";
        Object[] values = {-1_234_567L, 9_876_543_210L, Math.PI, 6.02e23, 1_764_000_000_000L, 1_764_000_000_000L};
        String us = String.format(Locale.US, pattern, values);
        assertEquals(us, String.format(Locale.ENGLISH, pattern, values));
    }
}
