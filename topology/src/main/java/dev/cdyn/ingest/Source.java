package dev.cdyn.ingest;

import dev.cdyn.app.Settings;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.Channel;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import org.apache.avro.specific.SpecificRecordBase;

/** The six input topics: which contract each carries, which channel it feeds, which setting names it. */
public enum Source {
    ACCOUNTS(Channel.ACCOUNT, CustomerAccount.class, Settings.TOPIC_ACCOUNTS, "accounts"),
    CALLS(Channel.CALL, CallEvent.class, Settings.TOPIC_CALLS, "calls"),
    EMAILS(Channel.EMAIL, EmailEvent.class, Settings.TOPIC_EMAILS, "emails"),
    MEETINGS(Channel.MEETING, MeetingEvent.class, Settings.TOPIC_MEETINGS, "meetings"),
    ORDERS(Channel.ORDER, OrderEvent.class, Settings.TOPIC_ORDERS, "orders"),
    SUPPORT_TICKETS(Channel.SUPPORT_TICKET, SupportTicketEvent.class, Settings.TOPIC_SUPPORT_TICKETS,
            "support-tickets");

    private final Channel channel;
    private final Class<? extends SpecificRecordBase> contract;
    private final String topicSetting;
    private final String label;

    Source(Channel channel, Class<? extends SpecificRecordBase> contract, String topicSetting, String label) {
        this.channel = channel;
        this.contract = contract;
        this.topicSetting = topicSetting;
        this.label = label;
    }

    public Channel channel() {
        return channel;
    }

    public Class<? extends SpecificRecordBase> contract() {
        return contract;
    }

    public String topicSetting() {
        return topicSetting;
    }

    /** Kebab-case name used in processor names, such as {@code support-tickets}. */
    public String label() {
        return label;
    }

    /** Whether a null value on this topic means something (an account tombstone: forget the customer). */
    public boolean acceptsTombstones() {
        return this == ACCOUNTS;
    }
}
