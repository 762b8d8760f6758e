package dev.cdyn.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.scoring.CustomerFeatures;
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

    @Test
    void windowsMovedOnAgreeWithWindowsSummedAfresh() {
        CustomerActivity a = Customers.busy();
        int start = CustomerActivity.dayOf(NOW) - 120;
        FeatureExtractor.Windows moving = FeatureExtractor.windows(a, start);
        SplittableRandom random = new SplittableRandom(3);
        int moves = 0;
        for (int day = start; day < start + 400; day += 1 + random.nextInt(45)) {
            moving.advanceTo(day);
            long at = day * DAY + random.nextLong(DAY);
            assertEquals(FeatureExtractor.windows(a, day).features(a, at), moving.features(a, at), "day " + day);
            assertEquals(FeatureExtractor.features(a, at), moving.features(a, at), "day " + day);
            moves++;
        }
        assertTrue(moves > 15, "moved " + moves + " times");
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
