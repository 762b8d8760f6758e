package dev.cdyn.simulate;

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
import dev.cdyn.ingest.Source;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A deterministic simulated population and its interactions over {@code days} of history ending
 * at {@code end}: the same seed gives the same customers and the same events. Events come out in
 * event-time order, one day at a time, so that memory holds a few days, not the whole history;
 * every event time is at or before {@code end}, never ahead of the clock.
 */
public final class Simulation {

    static final long DAY = 86_400_000L;
    static final long HOUR = 3_600_000L;

    // Who leaves, and when. Latent loyalty u is Beta(2, 2) over customers, in [0, 1].
    /** Chance of leaving for the most loyal customer; the least loyal has this plus {@link #CHURN_BY_DISLOYALTY}. */
    static final double CHURN_BASE = 0.05;
    static final double CHURN_BY_DISLOYALTY = 0.45;
    /** A leaver leaves at a uniform point of the history's middle: from 35% to 90% of the way. */
    static final double CHURN_WINDOW_START = 0.35;
    static final double CHURN_WINDOW_SPAN = 0.55;
    /** How long before it leaves a customer buys less, sounds worse and complains more. */
    static final long DECLINE = 45 * DAY;
    /** Accounts were opened up to this many years before the history starts. */
    static final int ACCOUNT_AGE_YEARS = 3;

    // Daily chances of each kind of event, for loyalty u; "declining" applies in the weeks before leaving.
    /** Days between orders: from this for the most loyal to this plus {@link #ORDER_GAP_BY_DISLOYALTY} for the least. */
    static final double ORDER_GAP_DAYS = 6;
    static final double ORDER_GAP_BY_DISLOYALTY = 34;
    static final double DECLINING_ORDER_FACTOR = 0.3;
    static final double CALL_CHANCE = 0.07;
    static final double CALL_CHANCE_BY_LOYALTY = 0.1;
    static final double DECLINING_CALL_CHANCE = 0.05;
    static final double EMAIL_CHANCE = 0.15;
    static final double DECLINING_EMAIL_CHANCE = 0.08;
    static final double MEETING_CHANCE = 0.01;
    static final double MEETING_CHANCE_BY_LOYALTY = 0.04;
    static final double TICKET_CHANCE = 0.008;
    static final double TICKET_CHANCE_BY_DISLOYALTY = 0.03;
    static final double DECLINING_TICKET_CHANCE = 0.09;
    /** Chance that an order goes wrong (half cancelled, the rest late; half of those also returned). */
    static final double ORDER_TROUBLE = 0.03;
    static final double ORDER_TROUBLE_BY_DISLOYALTY = 0.12;
    static final double DECLINING_ORDER_TROUBLE = 0.3;
    /** Chance that a ticket is escalated; a declining customer's tickets often are, and half stay open. */
    static final double ESCALATION_CHANCE = 0.1;
    static final double ESCALATION_CHANCE_BY_DISLOYALTY = 0.3;
    static final double DECLINING_ESCALATION_CHANCE = 0.5;
    static final double DECLINING_LEFT_OPEN_CHANCE = 0.5;
    static final double REOPEN_CHANCE_BY_DISLOYALTY = 0.12;
    /** Mood, from which sentiment is drawn: declining customers sound bad, others by their loyalty. */
    static final double DECLINING_MOOD = -0.55;
    static final double MOOD_BY_LOYALTY = 0.7;
    static final double MOOD_OFFSET = -0.15;

    private final List<SimulatedCustomer> customers;
    private final long start;
    private final long end;
    private final long seed;

    public Simulation(int customerCount, int days, long end, long seed) {
        this.start = end - days * DAY;
        this.end = end;
        this.seed = seed;
        SplittableRandom random = new SplittableRandom(seed);
        List<SimulatedCustomer> population = new ArrayList<>(customerCount);
        for (int i = 0; i < customerCount; i++) {
            double loyalty = beta22(random);
            boolean churns = random.nextDouble() < CHURN_BASE + CHURN_BY_DISLOYALTY * (1 - loyalty);
            long churnAt = start + (long) ((CHURN_WINDOW_START + CHURN_WINDOW_SPAN * random.nextDouble()) * (end - start));
            long createdAt = start - (long) (random.nextDouble() * ACCOUNT_AGE_YEARS * 365) * DAY;
            population.add(new SimulatedCustomer(String.format(Locale.ROOT, "cust-%05d", i + 1), loyalty, createdAt,
                    churns, churnAt));
        }
        this.customers = List.copyOf(population);
    }

    public List<SimulatedCustomer> customers() {
        return customers;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    /** An upper estimate of how many events {@link #run} gives, for progress bars. */
    public long expectedEvents() {
        return (long) (customers.size() * ((end - start) / (double) DAY) * 0.45) + customers.size();
    }

    /** Writes who churns and when, as CSV. */
    public void writeGroundTruth(Writer out) throws IOException {
        out.write("customer_id,latent_loyalty,churns,churn_at\n");
        for (SimulatedCustomer c : customers) {
            out.write(String.format(Locale.ROOT, "%s,%.4f,%b,%s%n", c.id(), c.loyalty(), c.churns(),
                    c.churns() ? Instant.ofEpochMilli(c.churnAt()) : ""));
        }
    }

    /** Hands every event to the sink, in event-time order. */
    public void run(Consumer<SimulatedEvent> sink) {
        TreeMap<Long, List<SimulatedEvent>> pending = new TreeMap<>();
        for (SimulatedCustomer customer : customers) {
            add(pending, account(customer));
        }
        for (long day = start; day < end; day += DAY) {
            for (SimulatedCustomer customer : customers) {
                simulateDay(customer, day, new SplittableRandom(seed * 31 + customer.id().hashCode() * 1_000_003L + day),
                        pending);
            }
            long dayEnd = day + DAY;
            List<SimulatedEvent> ready = new ArrayList<>();
            while (!pending.isEmpty() && pending.firstKey() < dayEnd) {
                ready.addAll(pending.pollFirstEntry().getValue());
            }
            ready.sort(Comparator.comparingLong(SimulatedEvent::occurredAt));
            ready.forEach(sink);
        }
    }

    private void add(TreeMap<Long, List<SimulatedEvent>> pending, SimulatedEvent event) {
        if (event.occurredAt() <= end) {
            pending.computeIfAbsent(event.occurredAt(), t -> new ArrayList<>(2)).add(event);
        }
    }

    private SimulatedEvent account(SimulatedCustomer c) {
        CustomerSegment[] segments = {CustomerSegment.CONSUMER, CustomerSegment.SMALL_BUSINESS,
                CustomerSegment.MID_MARKET, CustomerSegment.ENTERPRISE};
        AcquisitionChannel[] channels = {AcquisitionChannel.WEB, AcquisitionChannel.DIRECT_SALES,
                AcquisitionChannel.PARTNER, AcquisitionChannel.REFERRAL, AcquisitionChannel.MARKETING};
        int pick = Math.floorMod(c.id().hashCode(), 20);
        CustomerAccount account = CustomerAccount.newBuilder()
                .setEventId(c.id() + "-account").setCustomerId(c.id()).setOccurredAt(Instant.ofEpochMilli(start))
                .setChange(AccountChange.CREATED).setSegment(segments[pick % segments.length])
                .setRegion(new String[] {"DE", "FR", "NL", "PL", "ES"}[pick % 5]).setPlan(pick % 3 == 0 ? "premium" : "standard")
                .setAcquisitionChannel(channels[pick % channels.length]).setCreatedAt(Instant.ofEpochMilli(c.createdAt()))
                .build();
        return new SimulatedEvent(Source.ACCOUNTS, c.id(), account, start);
    }

    private void simulateDay(SimulatedCustomer c, long day, SplittableRandom r, TreeMap<Long, List<SimulatedEvent>> pending) {
        long noon = day + DAY / 2;
        if (c.goneAt(noon)) {
            return;
        }
        boolean declining = c.decliningAt(noon, DECLINE);
        double u = c.loyalty();
        double mood = declining ? DECLINING_MOOD : MOOD_BY_LOYALTY * u + MOOD_OFFSET;
        String prefix = c.id() + "-" + (day / DAY) + "-";

        if (r.nextDouble() < (declining ? DECLINING_ORDER_FACTOR : 1.0) / (ORDER_GAP_DAYS + ORDER_GAP_BY_DISLOYALTY * (1 - u))) {
            order(c, prefix + "o", at(day, r), declining, r, pending);
        }
        if (r.nextDouble() < (declining ? DECLINING_CALL_CHANCE : CALL_CHANCE + CALL_CHANCE_BY_LOYALTY * u)) {
            long at = at(day, r);
            CallEvent call = CallEvent.newBuilder().setEventId(prefix + "c").setCustomerId(c.id())
                    .setOccurredAt(Instant.ofEpochMilli(at)).setDirection(r.nextBoolean() ? CallDirection.INBOUND
                            : CallDirection.OUTBOUND).setDurationSeconds(60 + r.nextInt(900))
                    .setOutcome(r.nextDouble() < 0.85 ? CallOutcome.CONNECTED : CallOutcome.VOICEMAIL)
                    .setSentiment(sentiment(mood, r)).build();
            add(pending, new SimulatedEvent(Source.CALLS, call.getEventId(), call, at));
        }
        if (r.nextDouble() < (declining ? DECLINING_EMAIL_CHANCE : EMAIL_CHANCE)) {
            long at = at(day, r);
            EmailEvent email = EmailEvent.newBuilder().setEventId(prefix + "e").setCustomerId(c.id())
                    .setOccurredAt(Instant.ofEpochMilli(at)).setDirection(r.nextDouble() < 0.6 ? EmailDirection.INBOUND
                            : EmailDirection.OUTBOUND).setReplyLatencySeconds(r.nextBoolean() ? (long) r.nextInt(86_400) : null)
                    .setSentiment(r.nextBoolean() ? sentiment(mood, r) : null).build();
            add(pending, new SimulatedEvent(Source.EMAILS, "thread-" + c.id(), email, at));
        }
        if (!declining && r.nextDouble() < MEETING_CHANCE + MEETING_CHANCE_BY_LOYALTY * u) {
            long at = at(day, r);
            MeetingEvent meeting = MeetingEvent.newBuilder().setEventId(prefix + "m").setCustomerId(c.id())
                    .setOccurredAt(Instant.ofEpochMilli(at)).setMode(r.nextBoolean() ? MeetingMode.VIDEO : MeetingMode.IN_PERSON)
                    .setDurationMinutes(30 + r.nextInt(60)).setSentiment(sentiment(mood + 0.1, r)).build();
            add(pending, new SimulatedEvent(Source.MEETINGS, meeting.getEventId(), meeting, at));
        }
        if (r.nextDouble() < (declining ? DECLINING_TICKET_CHANCE : TICKET_CHANCE + TICKET_CHANCE_BY_DISLOYALTY * (1 - u))) {
            ticket(c, prefix + "t", at(day, r), declining, mood, r, pending);
        }
    }

    private void order(SimulatedCustomer c, String orderId, long at, boolean declining, SplittableRandom r,
                       TreeMap<Long, List<SimulatedEvent>> pending) {
        BigDecimal amount = BigDecimal.valueOf(20 + r.nextInt(400 + (int) (600 * c.loyalty())), 0)
                .add(BigDecimal.valueOf(r.nextInt(100), 2));
        OrderChannel channel = OrderChannel.values()[r.nextInt(6)];
        add(pending, orderEvent(c, orderId, OrderStatus.PLACED, at, amount, channel, null));
        double trouble = declining ? DECLINING_ORDER_TROUBLE : ORDER_TROUBLE + ORDER_TROUBLE_BY_DISLOYALTY * (1 - c.loyalty());
        if (r.nextDouble() < trouble / 2) {
            add(pending, orderEvent(c, orderId, OrderStatus.CANCELLED, at + 2 * HOUR + r.nextInt(20) * HOUR, amount,
                    channel, null));
            return;
        }
        long fulfilled = at + 12 * HOUR + r.nextInt(24) * HOUR;
        add(pending, orderEvent(c, orderId, OrderStatus.FULFILLED, fulfilled, amount, channel, null));
        int delay = r.nextDouble() < trouble ? 12 + r.nextInt(72) : -r.nextInt(12);
        long delivered = fulfilled + 36 * HOUR + Math.max(0, delay) * HOUR;
        add(pending, orderEvent(c, orderId, OrderStatus.DELIVERED, delivered, amount, channel, delay));
        if (r.nextDouble() < trouble / 2) {
            add(pending, orderEvent(c, orderId, OrderStatus.RETURNED, delivered + (2 + r.nextInt(10)) * DAY, amount,
                    channel, null));
        }
    }

    private static SimulatedEvent orderEvent(SimulatedCustomer c, String orderId, OrderStatus status, long at,
                                             BigDecimal amount, OrderChannel channel, Integer delay) {
        OrderEvent order = OrderEvent.newBuilder().setEventId(orderId + "-" + status.name().toLowerCase(Locale.ROOT))
                .setCustomerId(c.id()).setOccurredAt(Instant.ofEpochMilli(at)).setOrderId(orderId).setStatus(status)
                .setAmount(amount).setCurrency("EUR").setChannel(channel).setDeliveryDelayHours(delay).build();
        return new SimulatedEvent(Source.ORDERS, orderId, order, at);
    }

    private void ticket(SimulatedCustomer c, String ticketId, long at, boolean declining, double mood, SplittableRandom r,
                        TreeMap<Long, List<SimulatedEvent>> pending) {
        TicketCategory category = TicketCategory.values()[r.nextInt(6)];
        TicketPriority priority = TicketPriority.values()[r.nextInt(4)];
        add(pending, ticketEvent(c, ticketId, TicketStatus.OPENED, at, priority, category, null, sentiment(mood, r)));
        long next = at;
        if (r.nextDouble() < (declining ? DECLINING_ESCALATION_CHANCE
                : ESCALATION_CHANCE + ESCALATION_CHANCE_BY_DISLOYALTY * (1 - c.loyalty()))) {
            next = at + (2 + r.nextInt(20)) * HOUR;
            add(pending, ticketEvent(c, ticketId, TicketStatus.ESCALATED, next, TicketPriority.URGENT, category, null,
                    sentiment(mood - 0.2, r)));
        }
        if (declining && r.nextDouble() < DECLINING_LEFT_OPEN_CHANCE) {
            return; // left open
        }
        long resolved = next + (4 + r.nextInt(96)) * HOUR;
        int csat = (int) Math.max(1, Math.min(5, Math.round(declining ? 1 + r.nextInt(2) : 1 + 4 * c.loyalty()
                + r.nextGaussian() * 0.7)));
        add(pending, ticketEvent(c, ticketId, TicketStatus.RESOLVED, resolved, priority, category, csat,
                sentiment(mood + 0.1, r)));
        if (r.nextDouble() < REOPEN_CHANCE_BY_DISLOYALTY * (1 - c.loyalty())) {
            add(pending, ticketEvent(c, ticketId, TicketStatus.REOPENED, resolved + (1 + r.nextInt(5)) * DAY, priority,
                    category, null, sentiment(mood - 0.3, r)));
        }
    }

    private static SimulatedEvent ticketEvent(SimulatedCustomer c, String ticketId, TicketStatus status, long at,
                                              TicketPriority priority, TicketCategory category, Integer csat,
                                              Double sentiment) {
        SupportTicketEvent ticket = SupportTicketEvent.newBuilder()
                .setEventId(ticketId + "-" + status.name().toLowerCase(Locale.ROOT) + "-" + at).setCustomerId(c.id())
                .setOccurredAt(Instant.ofEpochMilli(at)).setTicketId(ticketId).setStatus(status).setPriority(priority)
                .setCategory(category).setCsat(csat).setSentiment(sentiment).build();
        return new SimulatedEvent(Source.SUPPORT_TICKETS, ticketId, ticket, at);
    }

    private static long at(long day, SplittableRandom r) {
        return day + 7 * HOUR + r.nextLong(12 * HOUR);
    }

    private static double sentiment(double mood, SplittableRandom r) {
        double value = mood + r.nextGaussian() * 0.25;
        return Math.round(Math.max(-1, Math.min(1, value)) * 1000) / 1000.0;
    }

    /** Beta(2, 2): most customers in the middle, few at the extremes. */
    private static double beta22(SplittableRandom r) {
        double[] u = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
        Arrays.sort(u);
        return u[1];
    }
}
