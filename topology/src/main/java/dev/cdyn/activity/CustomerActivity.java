package dev.cdyn.activity;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the scores need to know of one customer, kept in one store entry: a bucket of
 * {@link Figure}s per event-time day that had activity (only the days inside the horizon plus the
 * grace are kept), lifetime order figures for the purchase model, the tickets still open, and the
 * review bookkeeping. Bounded: at most horizon + grace + 1 days and {@value #MAX_OPEN_TICKETS}
 * open tickets. Mutable; one instance per customer at a time.
 */
public final class CustomerActivity {

    public static final long DAY_MS = 86_400_000L;
    public static final int MAX_OPEN_TICKETS = 32;

    long accountCreatedAt = -1;
    long firstSeenAt = -1;
    long lastEventAt = -1;
    int lifetimeOrders;
    long firstOrderAt = -1;
    long lastOrderAt = -1;
    long lastScoredAt = -1;
    long reviewAt = -1;
    final TreeMap<Integer, long[]> days = new TreeMap<>();
    /** Ticket id to the time it was opened (or last reopened), oldest first. */
    final LinkedHashMap<String, Long> openTickets = new LinkedHashMap<>();

    public static int dayOf(long epochMs) {
        return (int) Math.floorDiv(epochMs, DAY_MS);
    }

    /** Adds to a figure on the day of the event. */
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

    public void orderPlaced(long placedAt) {
        lifetimeOrders++;
        firstOrderAt = firstOrderAt < 0 ? placedAt : Math.min(firstOrderAt, placedAt);
        lastOrderAt = Math.max(lastOrderAt, placedAt);
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

    /** Drops the days that no window can reach any more: before the newest day minus {@code keepDays}. */
    public void forgetDaysBefore(int firstDayToKeep) {
        days.headMap(firstDayToKeep).clear();
    }

    /** Sum of a figure over the days in [fromDay, toDay]. */
    public long sum(Figure figure, int fromDay, int toDay) {
        return sums(fromDay, toDay)[figure.ordinal()];
    }

    /** Every figure summed over the days in [fromDay, toDay], in one pass; index by {@link Figure#ordinal()}. */
    public long[] sums(int fromDay, int toDay) {
        long[] total = new long[Figure.ALL.length];
        if (fromDay > toDay) {
            return total;
        }
        for (long[] figures : days.subMap(fromDay, true, toDay, true).values()) {
            for (int i = 0; i < total.length; i++) {
                total[i] += figures[i];
            }
        }
        return total;
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

    public long lastScoredAt() {
        return lastScoredAt;
    }

    public void scoredAt(long asOf) {
        lastScoredAt = Math.max(lastScoredAt, asOf);
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
                && lastScoredAt == other.lastScoredAt && reviewAt == other.reviewAt
                && openTickets.equals(other.openTickets);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(lastEventAt) * 31 + days.size();
    }
}
