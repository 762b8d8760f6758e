package dev.cdyn.serde;

import dev.cdyn.events.AccountChange;
import dev.cdyn.events.AcquisitionChannel;
import dev.cdyn.events.CallDirection;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CallOutcome;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.CustomerSegment;
import dev.cdyn.events.EmailDirection;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.MeetingMode;
import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.events.SupportTicketEvent;
import dev.cdyn.events.TicketCategory;
import dev.cdyn.events.TicketPriority;
import dev.cdyn.events.TicketStatus;
import dev.cdyn.scores.AlertKind;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.LoyaltyTier;
import dev.cdyn.scores.RiskBand;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scores.ScoreKind;
import dev.cdyn.scores.ScoreReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One readable sample of every contract, at fixed times. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2023-11-14T22:13:20Z"); // 1_700_000_000_000 ms

    private SampleEvents() {
    }

    static CallEvent call() {
        return CallEvent.newBuilder()
                .setEventId("e1").setCustomerId("c7").setOccurredAt(AT)
                .setDirection(CallDirection.OUTBOUND).setDurationSeconds(300)
                .setOutcome(CallOutcome.CONNECTED).setSentiment(0.5)
                .build();
    }

    static OrderEvent order() {
        return OrderEvent.newBuilder()
                .setEventId("o-1-placed").setCustomerId("c7").setOccurredAt(AT)
                .setOrderId("o-1").setStatus(OrderStatus.PLACED).setAmount(new BigDecimal("12.34"))
                .setCurrency("EUR").setChannel(OrderChannel.WEB).setDeliveryDelayHours(null)
                .build();
    }

    static List<SpecificRecord> everyContract() {
        return List.of(
                CustomerAccount.newBuilder().setEventId("a1").setCustomerId("c7").setOccurredAt(AT)
                        .setChange(AccountChange.CREATED).setSegment(CustomerSegment.SMALL_BUSINESS)
                        .setRegion("DE").setPlan("growth").setAcquisitionChannel(AcquisitionChannel.PARTNER)
                        .setCreatedAt(AT).build(),
                call(),
                EmailEvent.newBuilder().setEventId("m1").setCustomerId("c7").setOccurredAt(AT)
                        .setDirection(EmailDirection.INBOUND).setReplyLatencySeconds(3_600L).setSentiment(-0.25)
                        .build(),
                MeetingEvent.newBuilder().setEventId("mt1").setCustomerId("c7").setOccurredAt(AT)
                        .setMode(MeetingMode.IN_PERSON).setDurationMinutes(45).setSentiment(null).build(),
                order(),
                SupportTicketEvent.newBuilder().setEventId("t1").setCustomerId("c7").setOccurredAt(AT)
                        .setTicketId("T-9").setStatus(TicketStatus.RESOLVED).setPriority(TicketPriority.HIGH)
                        .setCategory(TicketCategory.DELIVERY).setCsat(4).setSentiment(0.1).build(),
                CustomerScore.newBuilder().setCustomerId("c7").setLoyalty(72.5).setLoyaltyTier(LoyaltyTier.GOLD)
                        .setChurnRisk(0.18).setRiskBand(RiskBand.LOW)
                        .setReasons(List.of(new ScoreReason(ScoreKind.CHURN_RISK, "order_rhythm_steady",
                                "Orders every 12 days, last one 3 days ago", -0.8)))
                        .setFeatures(Map.of("orders_90d", 7.0)).setModelVersion("test").setAsOf(AT)
                        .setHorizonDays(90).build(),
                ScoreAlert.newBuilder().setCustomerId("c7").setKind(AlertKind.RISK_BAND_RAISED)
                        .setFromLevel("MEDIUM").setToLevel("HIGH").setThreshold(0.5).setBefore(0.41).setAfter(0.57)
                        .setTopReasons(List.of("No order for 60 days")).setModelVersion("test").setAsOf(AT)
                        .build());
    }
}
