package dev.cdyn.activity;

import dev.cdyn.events.CallDirection;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailDirection;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.events.SupportTicketEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Folds one interaction into a customer's activity: one place that knows what each event counts as. */
public final class ActivityRecorder {

    private static final long HOUR_MS = 3_600_000L;

    // A bit per order status, by name; stored with each remembered order, so never renumber them.
    static final int PLACED = 1;
    static final int FULFILLED = 1 << 1;
    static final int DELIVERED = 1 << 2;
    static final int CANCELLED = 1 << 3;
    static final int RETURNED = 1 << 4;
    static final int FAILED = 1 << 5;
    /** The statuses that count an order seen first by them. */
    private static final int COUNTING = PLACED | FULFILLED | DELIVERED;
    /** The statuses that take an order back: it never reached the customer. */
    private static final int WITHDRAWING = CANCELLED | FAILED;

    private ActivityRecorder() {
    }

    public static void record(CustomerActivity activity, Interaction interaction) {
        long at = interaction.getOccurredAt().toEpochMilli();
        activity.seen(at);
        Object payload = interaction.getPayload();
        if (payload instanceof CustomerAccount account) {
            activity.accountCreated(account.getCreatedAt().toEpochMilli());
        } else if (payload instanceof CallEvent call) {
            activity.add(at, call.getDirection() == CallDirection.INBOUND ? Figure.CALLS_INBOUND : Figure.CALLS_OUTBOUND, 1);
            sentiment(activity, at, call.getSentiment());
        } else if (payload instanceof EmailEvent email) {
            activity.add(at, email.getDirection() == EmailDirection.INBOUND ? Figure.EMAILS_INBOUND
                    : Figure.EMAILS_OUTBOUND, 1);
            sentiment(activity, at, email.getSentiment());
        } else if (payload instanceof MeetingEvent meeting) {
            activity.add(at, Figure.MEETINGS, 1);
            sentiment(activity, at, meeting.getSentiment());
        } else if (payload instanceof OrderEvent order) {
            order(activity, at, order);
        } else if (payload instanceof SupportTicketEvent ticket) {
            ticket(activity, at, ticket);
        }
    }

    /**
     * Each order counts once, by order id, at its first event whatever its status: a feed of
     * DELIVERED events alone counts the same orders as the whole lifecycle, and a status seen
     * again (a retry under a new event id) changes nothing. CANCELLED and FAILED take the order
     * back (no purchase, no value); RETURNED keeps the purchase and takes its value back. Each
     * of the three, and a late DELIVERED, is an order problem on its own day.
     */
    private static void order(CustomerActivity activity, long at, OrderEvent order) {
        int status = statusBit(order.getStatus());
        if (status == 0) {
            return; // a status this release does not know says nothing about the order
        }
        long key = CustomerActivity.orderKey(order.getOrderId());
        CustomerActivity.RememberedOrder known = activity.order(key);
        if (known != null && known.saw(status)) {
            return;
        }
        boolean counts = (status & COUNTING) != 0;
        if (known == null && counts) {
            activity.orderCounted(key, at, cents(order.getAmount()), status);
        } else if (known == null) {
            activity.orderSeen(key, at, status);
        } else {
            activity.orderStatuses(key, status);
            if (status == RETURNED) {
                activity.orderValueRemoved(key);
            } else if ((status & WITHDRAWING) != 0) {
                activity.orderWithdrawn(key);
            }
        }
        switch (order.getStatus()) {
            case CANCELLED -> activity.add(at, Figure.ORDERS_CANCELLED, 1);
            case RETURNED -> activity.add(at, Figure.ORDERS_RETURNED, 1);
            case FAILED -> activity.add(at, Figure.ORDERS_FAILED, 1);
            case DELIVERED -> {
                if (order.getDeliveryDelayHours() != null && order.getDeliveryDelayHours() > 0) {
                    activity.add(at, Figure.LATE_DELIVERIES, 1);
                }
            }
            default -> {
                // PLACED, FULFILLED: no problem.
            }
        }
    }

    static int statusBit(OrderStatus status) {
        return switch (status) {
            case PLACED -> PLACED;
            case FULFILLED -> FULFILLED;
            case DELIVERED -> DELIVERED;
            case CANCELLED -> CANCELLED;
            case RETURNED -> RETURNED;
            case FAILED -> FAILED;
            default -> 0;
        };
    }

    private static long cents(BigDecimal amount) {
        return amount.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static void ticket(CustomerActivity activity, long at, SupportTicketEvent ticket) {
        switch (ticket.getStatus()) {
            case OPENED -> {
                activity.ticketOpened(ticket.getTicketId(), at);
                activity.add(at, Figure.TICKETS_OPENED, 1);
            }
            case ESCALATED -> activity.add(at, Figure.ESCALATIONS, 1);
            case REOPENED -> {
                activity.ticketOpened(ticket.getTicketId(), at);
                activity.add(at, Figure.REOPENINGS, 1);
            }
            case RESOLVED -> {
                long openedAt = activity.ticketResolved(ticket.getTicketId());
                if (openedAt >= 0 && openedAt <= at) {
                    activity.add(at, Figure.TICKETS_RESOLVED, 1);
                    activity.add(at, Figure.RESOLUTION_HOURS, (at - openedAt + HOUR_MS / 2) / HOUR_MS);
                }
            }
            default -> {
                // UNKNOWN never gets here: ingest rejects it.
            }
        }
        if (ticket.getCsat() != null) {
            activity.add(at, Figure.CSAT_COUNT, 1);
            activity.add(at, Figure.CSAT_SUM, ticket.getCsat());
        }
        sentiment(activity, at, ticket.getSentiment());
    }

    private static void sentiment(CustomerActivity activity, long at, Double sentiment) {
        if (sentiment != null) {
            activity.add(at, Figure.SENTIMENT_COUNT, 1);
            activity.add(at, Figure.SENTIMENT_MILLIS, Math.round(sentiment * 1000));
        }
    }
}
