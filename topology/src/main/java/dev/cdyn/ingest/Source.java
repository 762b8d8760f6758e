package dev.cdyn.ingest;

import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Channel;
import org.apache.avro.specific.SpecificRecordBase;

/** The six input topics and the channel each feeds; the topic's declaration says the rest. */
public enum Source {
    ACCOUNTS(Channel.ACCOUNT, Topics.ACCOUNTS),
    CALLS(Channel.CALL, Topics.CALLS),
    EMAILS(Channel.EMAIL, Topics.EMAILS),
    MEETINGS(Channel.MEETING, Topics.MEETINGS),
    ORDERS(Channel.ORDER, Topics.ORDERS),
    SUPPORT_TICKETS(Channel.SUPPORT_TICKET, Topics.SUPPORT_TICKETS);

    private final Channel channel;
    private final Topic<byte[], ? extends SpecificRecordBase> topic;

    Source(Channel channel, Topic<byte[], ? extends SpecificRecordBase> topic) {
        this.channel = channel;
        this.topic = topic;
    }

    public Channel channel() {
        return channel;
    }

    public Topic<byte[], ? extends SpecificRecordBase> topic() {
        return topic;
    }

    public Class<? extends SpecificRecordBase> contract() {
        return topic.contract();
    }

    /** Kebab-case name used in processor names, such as {@code support-tickets}. */
    public String label() {
        return topic.label();
    }

    /** Whether a null value on this topic means something (an account tombstone: forget the customer). */
    public boolean acceptsTombstones() {
        return this == ACCOUNTS;
    }
}
