package dev.cdyn.app;

import java.util.Locale;

/**
 * The process's default format locale, made {@code en_US} when it is English without a country (what
 * Java makes of a {@code C.UTF-8} or POSIX environment): numbers and dates read the same in both (a
 * currency symbol would not, and the application formats none). Kafka Streams formats a line per
 * empty input partition for every record it processes, whatever the log level, and under any locale
 * but {@code en_US} each such {@code %d} builds the locale's number symbols anew: 6% of a stream
 * thread's time in a backfill of orders (bench/RESULTS.md). Any other locale (a country of its own,
 * another language) is left as it is; {@code -Duser.country=US} does the same for it.
 */
public final class FormatLocale {

    private FormatLocale() {
    }

    /** Makes the default format locale {@code en_US} if it is plain English; returns the locale in use. */
    public static Locale preferUsWhereAlike() {
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        if (alikeToUs(format)) {
            Locale.setDefault(Locale.Category.FORMAT, Locale.US);
            return Locale.US;
        }
        return format;
    }

    static boolean alikeToUs(Locale locale) {
        return locale.getLanguage().equals("en") && locale.getCountry().isEmpty()
                && locale.getVariant().isEmpty() && locale.getScript().isEmpty() && !locale.hasExtensions();
    }
}
