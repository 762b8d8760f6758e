package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.scoring.CustomerFeatures;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final long DAY = CustomerActivity.DAY_MS;
    private static final long NOW = Customers.NOW;

    @Test
    void windowsAreSumsOverDaysEndingOnTheAsOfDay() {
        CustomerFeatures f = FeatureExtractor.features(Customers.typical(), NOW);
        assertEquals(7, f.orders90()); // days 84, 70, ..., 0
        assertEquals(3, f.orders30()); // days 28, 14, 0
        assertEquals(840.0, f.orderValue90(), 1e-9);
        assertEquals(1, f.openTickets());
        assertEquals(0.3, f.sentiment90(), 1e-9);
        assertEquals(4, f.channels90()); // calls, e-mails, orders, and the open ticket
    }

    @Test
    void figuresFadeAsTheAsOfMomentMovesOn() {
        CustomerActivity a = Customers.typical();
        CustomerFeatures later = FeatureExtractor.features(a, NOW + 40 * DAY);
        assertEquals(0, later.orders30());
        assertEquals(4, later.orders90());
        assertEquals(40.0, later.daysSinceLastOrder(), 1e-9);
        CustomerFeatures muchLater = FeatureExtractor.features(a, NOW + 200 * DAY);
        assertEquals(0, muchLater.orders90());
        assertTrue(Double.isNaN(muchLater.sentiment90()), "no evidence is NaN, not zero");
    }

    @Test
    void baselineIsTheCustomersOwnMonthlyRateBeforeTheLastThirtyDays() {
        CustomerFeatures f = FeatureExtractor.features(Customers.typical(), NOW);
        // Days 30..89 hold calls on days with day % 7 == 3 and e-mails on day % 4 == 1.
        long calls = java.util.stream.IntStream.rangeClosed(30, 89).filter(d -> d % 7 == 3).count();
        long emails = java.util.stream.IntStream.rangeClosed(30, 89).filter(d -> d % 4 == 1).count();
        assertEquals((calls + emails) / 2.0, f.interactionsBaseline(), 1e-9);
    }

    /** Calls, e-mails and meetings over [from, to], summed day by day. */
    private static long conversations(CustomerActivity a, int from, int to) {
        return Customers.sum(a, Figure.CALLS_INBOUND, from, to) + Customers.sum(a, Figure.CALLS_OUTBOUND, from, to)
                + Customers.sum(a, Figure.EMAILS_INBOUND, from, to) + Customers.sum(a, Figure.EMAILS_OUTBOUND, from, to)
                + Customers.sum(a, Figure.MEETINGS, from, to);
    }

    /** Busy, typical and new customers, walked from before their first event in small steps and jumps past a window. */
    @Test
    void windowsMovedOnAgreeWithSumsOverTheirDays() {
        SplittableRandom random = new SplittableRandom(3);
        CustomerActivity recent = new CustomerActivity();
        for (int d = 50; d >= 0; d -= 1 + random.nextInt(4)) {
            long at = NOW - d * DAY;
            recent.seen(at);
            recent.add(at, random.nextBoolean() ? Figure.CALLS_INBOUND : Figure.MEETINGS, 1);
            recent.add(at, Figure.ORDERS_PLACED, random.nextInt(2));
        }
        int checked = 0;
        for (CustomerActivity a : List.of(Customers.busy(), Customers.typical(), recent)) {
            int firstDay = CustomerActivity.dayOf(a.firstSeenAt());
            FeatureExtractor.Windows moving = FeatureExtractor.windows(a, firstDay - 10);
            for (int day = firstDay - 10; day < firstDay + 500;
                 day += random.nextBoolean() ? 1 + random.nextInt(5) : 1 + random.nextInt(120)) {
                moving.advanceTo(day);
                long at = day * DAY + random.nextLong(DAY);
                CustomerFeatures f = moving.features(at);
                assertEquals(Customers.sum(a, Figure.ORDERS_PLACED, day - 29, day), f.orders30(), "day " + day);
                assertEquals(Customers.sum(a, Figure.ORDERS_PLACED, day - 89, day), f.orders90(), "day " + day);
                assertEquals(Customers.sum(a, Figure.ORDER_VALUE_CENTS, day - 89, day) / 100.0, f.orderValue90(), 1e-9);
                assertEquals(conversations(a, day - 29, day), f.interactions30(), "day " + day);
                int baselineFrom = Math.max(day - 89, firstDay);
                int baselineDays = day - 29 - baselineFrom;
                double baseline = baselineDays >= FeatureExtractor.MIN_BASELINE_DAYS
                        ? conversations(a, baselineFrom, day - 30) * 30.0 / baselineDays : 0;
                assertEquals(baseline, f.interactionsBaseline(), 1e-9, "day " + day);
                assertEquals(FeatureExtractor.features(a, at), f, "day " + day);
                checked++;
            }
        }
        assertTrue(checked > 30, "checked " + checked + " days");
    }

    @Test
    void windowsMoveOnOnly() {
        FeatureExtractor.Windows windows = FeatureExtractor.windows(Customers.busy(), 20_000);
        assertThrows(IllegalArgumentException.class, () -> windows.advanceTo(19_999));
        assertThrows(IllegalArgumentException.class, () -> windows.features(19_999 * DAY));
    }

    @Test
    void resolutionHoursJoinAnOpeningWithItsResolution() {
        CustomerActivity a = new CustomerActivity();
        a.seen(NOW - DAY);
        a.ticketOpened("T", NOW - DAY);
        long opened = a.ticketResolved("T");
        a.add(NOW, Figure.TICKETS_RESOLVED, 1);
        a.add(NOW, Figure.RESOLUTION_HOURS, (NOW - opened) / 3_600_000L);
        a.seen(NOW);
        CustomerFeatures f = FeatureExtractor.features(a, NOW);
        assertEquals(24.0, f.resolutionHours90(), 1e-9);
        assertEquals(0, f.openTickets());
    }

    @Test
    void forgettingOldDaysKeepsTheStateBounded() {
        CustomerActivity a = Customers.busy();
        a.forgetDaysBefore(CustomerActivity.dayOf(NOW) - 30);
        assertEquals(31, a.dayCount());
    }
}
