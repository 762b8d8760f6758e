package dev.cdyn.activity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * Everything the scores need to know of one customer, kept in one store entry: a bucket of
 * {@link Figure}s per event-time day that had activity (only the days inside the horizon plus the
 * grace are kept), lifetime order figures for the purchase model, the tickets still open, the
 * next review, the orders seen lately so that each order counts once, the event ids seen lately so
 * that a retried event counts once, and the last emitted score. Bounded: at most horizon + grace + 1
 * days, {@value #MAX_OPEN_TICKETS} open tickets, {@value #MAX_REMEMBERED_ORDERS} remembered orders
 * and {@value #MAX_REMEMBERED_EVENTS} remembered events. An erased customer is kept as a marker
 * ({@link #erasureMarker}) for a while, so that its late events do not bring it back. Mutable; one
 * instance per customer at a time.
 */
public final class CustomerActivity {

    public static final long DAY_MS = 86_400_000L;
    public static final int MAX_OPEN_TICKETS = 32;
    /**
     * Orders remembered per customer. Past it the oldest is forgotten: a later PLACED, FULFILLED or
     * DELIVERED of that order would count it again, which takes this many newer orders between two
     * statuses of one order.
     */
    public static final int MAX_REMEMBERED_ORDERS = 256;
    /**
     * Event ids remembered per customer for de-duplication. Past it the oldest is forgotten before
     * its retention ends: only a customer with this many events inside the retention loses any.
     */
    public static final int MAX_REMEMBERED_EVENTS = 512;

    long accountCreatedAt = -1;
    long firstSeenAt = -1;
    long lastEventAt = -1;
    int lifetimeOrders;
    long firstOrderAt = -1;
    long lastOrderAt = -1;
    long reviewAt = -1;
    /** When the customer was erased, -1 if not: an erased customer is a marker that holds nothing else. */
    long erasedAt = -1;
    /** The last score emitted, null before the first. */
    LastScore lastScore;
    final TreeMap<Integer, long[]> days = new TreeMap<>();
    /** Ticket id to the time it was opened (or last reopened), oldest first. */
    final LinkedHashMap<String, Long> openTickets = new LinkedHashMap<>();
    /** Order id hash ({@link #orderKey}) to the order, in the order they were first seen. */
    final LinkedHashMap<Long, RememberedOrder> orders = new LinkedHashMap<>();
    /** The latest time of a purchase no longer remembered, -1 if none: where the last order time falls back to. */
    long forgottenOrderAt = -1;
    /** Event id hash ({@link #eventKey}) to its event time, oldest first: what de-duplication remembers. */
    final LinkedHashMap<Long, Long> events = new LinkedHashMap<>();

    /**
     * The last score emitted: the levels the next emission is decided against, as the scorer
     * computed them, and the record as written to the scores topic (what a query serves).
     *
     * @param band         the risk band's ordinal in the model's {@code Band}
     * @param tier         the loyalty tier's ordinal in the model's {@code Tier}
     * @param modelVersion the version of the model that computed it
     * @param record       the emitted record in the scores topic's wire format
     */
    public record LastScore(double churnRisk, double loyalty, int band, int tier, long asOf, String modelVersion,
                            byte[] record) {

        @Override
        public boolean equals(Object o) {
            return o instanceof LastScore other && Double.compare(churnRisk, other.churnRisk) == 0
                    && Double.compare(loyalty, other.loyalty) == 0 && band == other.band && tier == other.tier
                    && asOf == other.asOf && modelVersion.equals(other.modelVersion)
                    && Arrays.equals(record, other.record);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(churnRisk) * 31 + Arrays.hashCode(record);
        }
    }

    /**
     * An order seen lately: when it was counted (its first event), the value still counted for it in
     * that day, whether it counts as a purchase, and a bit per status seen (the recorder's bits).
     */
    public record RememberedOrder(long at, long valueCents, boolean purchase, int statuses) {

        public boolean saw(int status) {
            return (statuses & status) != 0;
        }
    }

    /** The compact key an order id is remembered by: a 64-bit MurmurHash3 of its UTF-8 bytes. */
    public static long orderKey(String orderId) {
        return MurmurHash3.hash128x64(orderId.getBytes(StandardCharsets.UTF_8))[0];
    }

    /** The compact key an event is remembered by: a 64-bit MurmurHash3 of its channel and event id. */
    public static long eventKey(String channel, String eventId) {
        return MurmurHash3.hash128x64((channel + ':' + eventId).getBytes(StandardCharsets.UTF_8))[0];
    }

    /** Whether this event id was taken in lately: a retry of an event already counted. */
    public boolean remembersEvent(long eventKey) {
        return events.containsKey(eventKey);
    }

    /**
     * Remembers an event id at its event time, for {@code retentionMs} behind the customer's latest
     * event; ids older than that are forgotten now, and the oldest past {@value #MAX_REMEMBERED_EVENTS}.
     */
    public void rememberEvent(long eventKey, long eventAt, long retentionMs) {
        long keepFrom = Math.max(lastEventAt, eventAt) - retentionMs;
        events.values().removeIf(at -> at < keepFrom);
        events.put(eventKey, eventAt);
        if (events.size() > MAX_REMEMBERED_EVENTS) {
            Map.Entry<Long, Long> oldest = null;
            for (Map.Entry<Long, Long> entry : events.entrySet()) {
                if (oldest == null || entry.getValue() < oldest.getValue()) {
                    oldest = entry;
                }
            }
            events.remove(oldest.getKey());
        }
    }

    public static int dayOf(long epochMs) {
        return (int) Math.floorDiv(epochMs, DAY_MS);
    }

    /**
     * Adds to a figure on the day of the event. The event must have been {@link #seen} first: no day
     * is older than the first event, which the features rely on (their baseline is the 90-day
     * window less the 30-day one).
     */
    public void add(long eventAt, Figure figure, long amount) {
        days.computeIfAbsent(dayOf(eventAt), d -> new long[Figure.ALL.length])[figure.ordinal()] += amount;
    }

    /** Notes that the customer did something at this time. */
    public void seen(long eventAt) {
        firstSeenAt = firstSeenAt < 0 ? eventAt : Math.min(firstSeenAt, eventAt);
        lastEventAt = Math.max(lastEventAt, eventAt);
    }

    public void accountCreated(long createdAt) {
        accountCreatedAt = createdAt;
    }

    /** The order remembered under this key, or null if it was never seen or is forgotten. */
    public RememberedOrder order(long orderKey) {
        return orders.get(orderKey);
    }

    /**
     * Counts an order as a purchase at the time of its first event: lifetime orders, first and
     * last order time, and the order and its value on that day. Remembers it with its statuses.
     */
    public void orderCounted(long orderKey, long at, long valueCents, int statuses) {
        lifetimeOrders++;
        firstOrderAt = firstOrderAt < 0 ? at : Math.min(firstOrderAt, at);
        lastOrderAt = Math.max(lastOrderAt, at);
        add(at, Figure.ORDERS_PLACED, 1);
        add(at, Figure.ORDER_VALUE_CENTS, valueCents);
        remember(orderKey, new RememberedOrder(at, valueCents, true, statuses));
    }

    /** Remembers an order first seen by a status that does not count it, so that its other statuses do not. */
    public void orderSeen(long orderKey, long at, int statuses) {
        remember(orderKey, new RememberedOrder(at, 0, false, statuses));
    }

    /** Notes more statuses of a remembered order. */
    public void orderStatuses(long orderKey, int statuses) {
        RememberedOrder order = orders.get(orderKey);
        orders.put(orderKey, new RememberedOrder(order.at(), order.valueCents(), order.purchase(),
                order.statuses() | statuses));
    }

    /** Takes a remembered order's value out of the day it was counted in (if that day is still kept). */
    public void orderValueRemoved(long orderKey) {
        RememberedOrder order = orders.get(orderKey);
        subtract(order.at(), Figure.ORDER_VALUE_CENTS, order.valueCents());
        orders.put(orderKey, new RememberedOrder(order.at(), 0, order.purchase(), order.statuses()));
    }

    /**
     * Takes a remembered purchase back, as if it had never been placed: its value and its count
     * leave its day, lifetime orders drop by one, and the first and last order times fall back to
     * the other purchases (the remembered ones, and the latest of those already forgotten).
     */
    public void orderWithdrawn(long orderKey) {
        orderValueRemoved(orderKey);
        RememberedOrder order = orders.get(orderKey);
        if (!order.purchase()) {
            return;
        }
        orders.put(orderKey, new RememberedOrder(order.at(), 0, false, order.statuses()));
        subtract(order.at(), Figure.ORDERS_PLACED, 1);
        lifetimeOrders--;
        if (lifetimeOrders <= 0) {
            lifetimeOrders = 0;
            firstOrderAt = -1;
            lastOrderAt = -1;
            forgottenOrderAt = -1;
            return;
        }
        long first = Long.MAX_VALUE;
        long last = forgottenOrderAt;
        int remembered = 0;
        for (RememberedOrder other : orders.values()) {
            if (other.purchase()) {
                remembered++;
                first = Math.min(first, other.at());
                last = Math.max(last, other.at());
            }
        }
        if (order.at() >= lastOrderAt) {
            lastOrderAt = last;
        }
        // Forgotten purchases are older than the remembered ones: with any, the first order stays.
        if (order.at() <= firstOrderAt && remembered == lifetimeOrders) {
            firstOrderAt = first;
        }
    }

    private void remember(long orderKey, RememberedOrder order) {
        orders.put(orderKey, order);
        if (orders.size() > MAX_REMEMBERED_ORDERS) {
            Map.Entry<Long, RememberedOrder> oldest = null;
            for (Map.Entry<Long, RememberedOrder> entry : orders.entrySet()) {
                if (oldest == null || entry.getValue().at() < oldest.getValue().at()) {
                    oldest = entry;
                }
            }
            forget(oldest.getValue());
            orders.remove(oldest.getKey());
        }
    }

    private void forget(RememberedOrder order) {
        if (order.purchase()) {
            forgottenOrderAt = Math.max(forgottenOrderAt, order.at());
        }
    }

    /** Takes an amount off a figure of a day still kept; a day left with nothing is dropped. */
    private void subtract(long eventAt, Figure figure, long amount) {
        long[] figures = days.get(dayOf(eventAt));
        if (figures == null || amount == 0) {
            return;
        }
        figures[figure.ordinal()] -= amount;
        if (Arrays.stream(figures).allMatch(f -> f == 0)) {
            days.remove(dayOf(eventAt));
        }
    }

    public void ticketOpened(String ticketId, long openedAt) {
        openTickets.remove(ticketId);
        openTickets.put(ticketId, openedAt);
        if (openTickets.size() > MAX_OPEN_TICKETS) {
            Iterator<String> oldest = openTickets.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Closes a ticket; returns when it was opened, or -1 if it was not known to be open. */
    public long ticketResolved(String ticketId) {
        Long openedAt = openTickets.remove(ticketId);
        return openedAt == null ? -1 : openedAt;
    }

    /** Drops the days, and the orders counted in them, that no window can reach any more. */
    public void forgetDaysBefore(int firstDayToKeep) {
        days.headMap(firstDayToKeep).clear();
        Iterator<RememberedOrder> remembered = orders.values().iterator();
        while (remembered.hasNext()) {
            RememberedOrder order = remembered.next();
            if (dayOf(order.at()) < firstDayToKeep) {
                forget(order);
                remembered.remove();
            }
        }
    }

    public long accountCreatedAt() {
        return accountCreatedAt;
    }

    public long firstSeenAt() {
        return firstSeenAt;
    }

    public long lastEventAt() {
        return lastEventAt;
    }

    public int lifetimeOrders() {
        return lifetimeOrders;
    }

    public long firstOrderAt() {
        return firstOrderAt;
    }

    public long lastOrderAt() {
        return lastOrderAt;
    }

    public int openTicketCount() {
        return openTickets.size();
    }

    public int dayCount() {
        return days.size();
    }

    public int rememberedOrderCount() {
        return orders.size();
    }

    public int rememberedEventCount() {
        return events.size();
    }

    public LastScore lastScore() {
        return lastScore;
    }

    public void lastScore(LastScore score) {
        lastScore = score;
    }

    /** The customer's erasure time if this is an erasure marker, else -1. */
    public long erasedAt() {
        return erasedAt;
    }

    /** An erasure marker: nothing of the customer but the time it was erased. */
    public static CustomerActivity erasureMarker(long erasedAt) {
        CustomerActivity marker = new CustomerActivity();
        marker.erasedAt = erasedAt;
        marker.lastEventAt = erasedAt;
        return marker;
    }

    public long reviewAt() {
        return reviewAt;
    }

    public void reviewAt(long at) {
        reviewAt = at;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CustomerActivity other)) {
            return false;
        }
        if (days.size() != other.days.size()) {
            return false;
        }
        for (Map.Entry<Integer, long[]> day : days.entrySet()) {
            if (!Arrays.equals(day.getValue(), other.days.get(day.getKey()))) {
                return false;
            }
        }
        return accountCreatedAt == other.accountCreatedAt && firstSeenAt == other.firstSeenAt
                && lastEventAt == other.lastEventAt && lifetimeOrders == other.lifetimeOrders
                && firstOrderAt == other.firstOrderAt && lastOrderAt == other.lastOrderAt
                && reviewAt == other.reviewAt && erasedAt == other.erasedAt
                && openTickets.equals(other.openTickets) && orders.equals(other.orders)
                && forgottenOrderAt == other.forgottenOrderAt && events.equals(other.events)
                && Objects.equals(lastScore, other.lastScore);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastEventAt) * 31 + days.size();
    }
}
