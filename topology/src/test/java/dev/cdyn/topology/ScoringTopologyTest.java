package dev.cdyn.topology;

import dev.cdyn.activity.CustomerActivity;
import dev.cdyn.activity.Customers;
import dev.cdyn.activity.Figure;
import dev.cdyn.config.Topics;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import dev.cdyn.events.TicketStatus;
import dev.cdyn.ingest.DeadLetters;
import dev.cdyn.ingest.RejectReason;
import dev.cdyn.scores.AlertKind;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.RiskBand;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scores.ScoreKind;
import dev.cdyn.scores.ScoreReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static dev.cdyn.topology.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringTopologyTest {

    private TopologyFixture app;
    private TestInputTopic<byte[], CustomerAccount> accounts;
    private TestInputTopic<byte[], CallEvent> calls;
    private TestInputTopic<byte[], EmailEvent> emails;
    private TestInputTopic<byte[], MeetingEvent> meetings;
    private TestInputTopic<byte[], OrderEvent> orders;
    private TestInputTopic<byte[], SupportTicketEvent> tickets;
    private final List<TestRecord<String, CustomerScore>> scores = new ArrayList<>();
    private int sequence;

    @BeforeEach
    void start() {
        app = new TopologyFixture();
        accounts = app.input(Topics.ACCOUNTS);
        calls = app.input(Topics.CALLS);
        emails = app.input(Topics.EMAILS);
        meetings = app.input(Topics.MEETINGS);
        orders = app.input(Topics.ORDERS);
        tickets = app.input(Topics.SUPPORT_TICKETS);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static Instant day(double n) {
        return T0.plus(Duration.ofMinutes(Math.round(n * 24 * 60)));
    }

    private static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String id(String prefix) {
        return prefix + "-" + (++sequence);
    }

    private void order(String customer, double day) {
        orders.pipeInput(key("any"), Events.order(id("o"), customer, day(day)).build(), day(day));
    }

    private void call(String customer, double day, double sentiment) {
        calls.pipeInput(key("any"), Events.call(id("call"), customer, day(day)).setSentiment(sentiment).build(), day(day));
    }

    private void ticket(String customer, String ticketId, TicketStatus status, double day, Integer csat) {
        tickets.pipeInput(key("any"), Events.ticket(ticketId, customer, day(day)).setEventId(id("t"))
                .setStatus(status).setCsat(csat).build(), day(day));
    }

    /** Advances stream time with another customer's e-mails, every few days up to {@code toDay}. */
    private void timePasses(double fromDay, double toDay) {
        for (double d = fromDay; d <= toDay; d += 5) {
            emails.pipeInput(key("any"), Events.email(id("tick"), "clock-customer", day(d)).build(), day(d));
        }
    }

    private List<CustomerScore> scoresOf(String customer) {
        scores.addAll(app.scores().readRecordsToList());
        return scores.stream().filter(r -> r.key().equals(customer) && r.value() != null).map(TestRecord::value).toList();
    }

    private CustomerScore lastScoreOf(String customer) {
        List<CustomerScore> all = scoresOf(customer);
        return all.get(all.size() - 1);
    }

    private static double feature(CustomerScore score, String name) {
        Double value = score.getFeatures().get(name);
        return value == null ? Double.NaN : value;
    }

    @Test
    void aCustomersSixSourcesLandInOneScore() {
        accounts.pipeInput(key("c1"), Events.account("c1", day(-400)).build(), day(0));
        call("c1", 0.01, 0.5);
        emails.pipeInput(key("x"), Events.email(id("m"), "c1", day(0.02)).build(), day(0.02));
        meetings.pipeInput(key("x"), Events.meeting(id("mt"), "c1", day(0.03)).build(), day(0.03));
        order("c1", 0.04);
        ticket("c1", "T-1", TicketStatus.OPENED, 0.05, null);

        CustomerScore score = lastScoreOf("c1");
        assertEquals(5.0, feature(score, "channels_90d"), "calls, e-mails, meetings, orders and tickets");
        assertEquals(400.0, feature(score, "tenure_days"), 0.1, "tenure comes from the account");
        assertEquals(3.0, feature(score, "interactions_30d"));
        assertEquals(1.0, feature(score, "orders_90d"));
        assertEquals(1.0, feature(score, "open_tickets"));
        assertEquals(1.0, feature(score, "meetings_90d"));
        assertEquals(Set.of("c1"), scores.stream().map(TestRecord::key).collect(Collectors.toSet()));
    }

    @Test
    void eventsOlderThanThirtyDaysLeaveTheThirtyDayFigures() {
        order("c1", 0);
        call("c1", 1, 0.1);
        assertEquals(1.0, feature(lastScoreOf("c1"), "orders_30d"));
        call("c1", 31, 0.1);
        // An angry call moves the score, so it is emitted with the figures of its own day.
        call("c1", 32, -0.9);
        CustomerScore later = lastScoreOf("c1");
        assertEquals(day(32), later.getAsOf());
        assertEquals(0.0, feature(later, "orders_30d"));
        assertEquals(1.0, feature(later, "orders_90d"));
        assertEquals(31.0, feature(later, "days_since_last_order"), 1.0);
    }

    @Test
    void outOfOrderEventWithinTheGraceCountsInItsDay() {
        order("c1", 10);
        call("c1", 4.5, 0.2); // five and a half days earlier than the order: within the seven-day grace
        KeyValueStore<String, CustomerActivity> store = app.driver.getKeyValueStore(Names.CUSTOMER_ACTIVITY_STORE);
        int callDay = CustomerActivity.dayOf(day(4.5).toEpochMilli());
        assertEquals(1, Customers.sum(store.get("c1"), Figure.CALLS_INBOUND, callDay, callDay));
        assertTrue(app.rawDeadLetters().isEmpty());
    }

    @Test
    void eventLaterThanTheGraceGoesToDeadLettersAsLate() {
        order("c1", 10);
        call("c1", 2, 0.2); // eight days earlier: beyond the seven-day grace
        TestRecord<byte[], byte[]> letter = app.rawDeadLetters().readRecord();
        assertEquals(RejectReason.LATE.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertEquals("cdyn.calls", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("0", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
        KeyValueStore<String, CustomerActivity> store = app.driver.getKeyValueStore(Names.CUSTOMER_ACTIVITY_STORE);
        assertEquals(0, Customers.sum(store.get("c1"), Figure.CALLS_INBOUND, 0, Integer.MAX_VALUE), "not counted");
    }

    @Test
    void silenceRaisesRiskAsTimeAdvances() {
        for (int d = 0; d <= 63; d += 7) {
            order("c1", d);
        }
        CustomerScore whileBuying = lastScoreOf("c1");
        timePasses(64, 200);
        List<CustomerScore> afterwards = scoresOf("c1").stream()
                .filter(score -> score.getAsOf().isAfter(day(63))).toList();
        CustomerScore silent = afterwards.get(afterwards.size() - 1);
        assertTrue(silent.getAsOf().isAfter(day(150)), "re-scored by reviews, as of " + silent.getAsOf());
        assertTrue(silent.getChurnRisk() > whileBuying.getChurnRisk() + 0.3,
                whileBuying.getChurnRisk() + " -> " + silent.getChurnRisk());
        double previous = 0;
        for (CustomerScore score : afterwards) {
            assertTrue(score.getChurnRisk() >= previous - 1e-9, "risk only rises while silent");
            previous = score.getChurnRisk();
        }
    }

    @Test
    void driftingAwayCustomerEndsWithHigherRiskAndLowerLoyaltyThanASteadyOne() {
        ticket("steady", "S-1", TicketStatus.OPENED, 2, null);
        ticket("steady", "S-1", TicketStatus.RESOLVED, 3, 5);
        for (int d = 0; d <= 120; d += 10) {
            order("steady", d);
            call("steady", d + 1, 0.4);
            if (d <= 50) {
                order("drifting", d);
                call("drifting", d + 1, 0.4);
            } else {
                call("drifting", d + 1, -0.6);
            }
        }
        ticket("drifting", "D-1", TicketStatus.OPENED, 80, null);
        ticket("drifting", "D-1", TicketStatus.ESCALATED, 90, null);
        ticket("drifting", "D-2", TicketStatus.OPENED, 100, null);
        call("drifting", 121, -0.7);
        CustomerScore steady = lastScoreOf("steady");
        CustomerScore drifting = lastScoreOf("drifting");
        assertTrue(drifting.getChurnRisk() > steady.getChurnRisk(), drifting.getChurnRisk() + " vs " + steady.getChurnRisk());
        assertTrue(drifting.getLoyalty() < steady.getLoyalty(), drifting.getLoyalty() + " vs " + steady.getLoyalty());
        assertEquals(RiskBand.LOW, steady.getRiskBand());
        assertTrue(drifting.getRiskBand().ordinal() >= RiskBand.HIGH.ordinal(), drifting.getRiskBand().toString());
    }

    @Test
    void ordersOnlyCustomerGetsASensibleScore() {
        for (int d = 0; d <= 180; d += 14) {
            order("c1", d);
        }
        CustomerScore score = lastScoreOf("c1");
        assertEquals(RiskBand.LOW, score.getRiskBand());
        assertTrue(score.getLoyalty() >= 50, "loyalty " + score.getLoyalty());
        Set<String> riskCodes = score.getReasons().stream().filter(r -> r.getScore() == ScoreKind.CHURN_RISK)
                .map(ScoreReason::getCode).collect(Collectors.toSet());
        assertEquals(Set.of("population_baseline", "order_rhythm"), riskCodes, "unused channels say nothing");
        assertTrue(Double.isNaN(feature(score, "sentiment_90d")));
    }

    @Test
    void alertsFireOnceAcrossALineAndDoNotFlap() {
        for (int d = 0; d <= 63; d += 7) {
            order("c1", d);
        }
        timePasses(64, 300);
        List<ScoreAlert> alerts = app.alerts().readValuesToList().stream()
                .filter(a -> a.getCustomerId().equals("c1") && a.getKind() == AlertKind.RISK_BAND_RAISED).toList();
        List<CustomerScore> scores = scoresOf("c1");
        long bandRises = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i).getRiskBand().ordinal() > scores.get(i - 1).getRiskBand().ordinal()) {
                bandRises++;
            }
        }
        assertTrue(bandRises >= 2, "the customer's band rose as it went silent: " + bandRises);
        assertEquals(bandRises, alerts.size(), "one alert per crossing, none while the band holds");
        for (int i = 1; i < alerts.size(); i++) {
            assertEquals(alerts.get(i - 1).getToLevel(), alerts.get(i).getFromLevel(), "alerts chain without repeats");
        }
        ScoreAlert first = alerts.get(0);
        assertTrue(first.getAfter() >= first.getThreshold(), "the line was crossed");
        assertTrue(first.getAfter() > first.getBefore());
        assertTrue(!first.getTopReasons().isEmpty());
    }

    @Test
    void reasonsAddUpToTheRisksLogOdds() {
        call("c1", 0, -0.4);
        order("c1", 1);
        ticket("c1", "T-9", TicketStatus.OPENED, 2, null);
        ticket("c1", "T-9", TicketStatus.ESCALATED, 3, null);
        CustomerScore score = lastScoreOf("c1");
        double sum = score.getReasons().stream().filter(r -> r.getScore() == ScoreKind.CHURN_RISK)
                .mapToDouble(ScoreReason::getContribution).sum();
        double risk = score.getChurnRisk();
        assertEquals(Math.log(risk / (1 - risk)), sum, 1e-9);
        double loyaltyPoints = score.getReasons().stream().filter(r -> r.getScore() == ScoreKind.LOYALTY)
                .mapToDouble(ScoreReason::getContribution).sum();
        assertEquals(score.getLoyalty() - 50, loyaltyPoints, 1e-9);
    }

    @Test
    void deletedAccountLeavesNoStateAndATombstone() {
        accounts.pipeInput(key("c1"), Events.account("c1", day(0)).build(), day(0));
        order("c1", 1);
        call("c1", 2, 0.3);
        assertTrue(scoresOf("c1").size() > 0);
        app.rawInput(Topics.ACCOUNTS).pipeInput(key("c1"), null, day(3));
        timePasses(4, 30);

        KeyValueStore<String, CustomerActivity> activity = app.driver.getKeyValueStore(Names.CUSTOMER_ACTIVITY_STORE);
        assertEquals(day(3).toEpochMilli(), activity.get("c1").erasedAt(), "nothing but the erasure marker");
        assertEquals(0, activity.get("c1").lifetimeOrders());
        assertNull(activity.get("c1").lastScore());
        List<TestRecord<String, CustomerScore>> forC1 = scores.stream().filter(r -> r.key().equals("c1")).toList();
        scores.addAll(app.scores().readRecordsToList());
        forC1 = scores.stream().filter(r -> r.key().equals("c1")).toList();
        assertNull(forC1.get(forC1.size() - 1).value(), "the last word on c1 is a tombstone; reviews emit nothing after it");
    }
}
