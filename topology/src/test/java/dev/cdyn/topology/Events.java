package dev.cdyn.topology;

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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Readable builders of valid events at fixed times; tests change the one field they are about. */
public final class Events {

    /** A fixed "now" for tests: 2026-03-02T09:00:00Z. */
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Events() {
    }

    /** {@code n} days (fractions allowed) after {@link #T0}, to the minute. */
    public static Instant day(double n) {
        return T0.plus(Duration.ofMinutes(Math.round(n * 24 * 60)));
    }

    /** A record key as producers write text keys. */
    public static byte[] key(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static CallEvent.Builder call(String eventId, String customerId, Instant at) {
        return CallEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setDirection(CallDirection.INBOUND).setDurationSeconds(240).setOutcome(CallOutcome.CONNECTED)
                .setSentiment(0.2);
    }

    public static EmailEvent.Builder email(String eventId, String customerId, Instant at) {
        return EmailEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setDirection(EmailDirection.INBOUND).setReplyLatencySeconds(null).setSentiment(null);
    }

    public static MeetingEvent.Builder meeting(String eventId, String customerId, Instant at) {
        return MeetingEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setMode(MeetingMode.VIDEO).setDurationMinutes(30).setSentiment(0.4);
    }

    public static OrderEvent.Builder order(String orderId, String customerId, Instant at) {
        return OrderEvent.newBuilder().setEventId(orderId + "-placed").setCustomerId(customerId).setOccurredAt(at)
                .setOrderId(orderId).setStatus(OrderStatus.PLACED).setAmount(new BigDecimal("120.00"))
                .setCurrency("EUR").setChannel(OrderChannel.WEB).setDeliveryDelayHours(null);
    }

    public static SupportTicketEvent.Builder ticket(String ticketId, String customerId, Instant at) {
        return SupportTicketEvent.newBuilder().setEventId(ticketId + "-opened").setCustomerId(customerId)
                .setOccurredAt(at).setTicketId(ticketId).setStatus(TicketStatus.OPENED)
                .setPriority(TicketPriority.NORMAL).setCategory(TicketCategory.DELIVERY).setCsat(null)
                .setSentiment(-0.3);
    }

    public static CustomerAccount.Builder account(String customerId, Instant at) {
        return CustomerAccount.newBuilder().setEventId("account-" + customerId + "-" + at.toEpochMilli())
                .setCustomerId(customerId).setOccurredAt(at).setChange(AccountChange.CREATED)
                .setSegment(CustomerSegment.SMALL_BUSINESS).setRegion("DE").setPlan("standard")
                .setAcquisitionChannel(AcquisitionChannel.WEB).setCreatedAt(at);
    }
}
