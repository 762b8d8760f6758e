package dev.cdyn.config;

import dev.cdyn.config.Topic.Retention;
import dev.cdyn.config.Topic.Role;
import dev.cdyn.events.CallEvent;
import dev.cdyn.events.CustomerAccount;
import dev.cdyn.events.EmailEvent;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.MeetingEvent;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.SupportTicketEvent;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scores.ScoringModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the application reads or writes, each declared once. Inputs may be keyed by anything
 * (their keys are read as bytes and kept as they are in dead letters), except the accounts topic,
 * whose tombstones carry nothing but the customer id in their key. Nothing loses a record to
 * time-based retention, so that a backfill with event times months or years old survives.
 */
public final class Topics {

    /** Every topic setting starts with this. */
    public static final String SETTING_PREFIX = "topics.";

    /**
     * Partitions of every topic unless told otherwise ({@code cdyn topics --partitions}): at most
     * this many stream threads work at once, over all instances; 12 spreads evenly over 1, 2, 3, 4,
     * 6 or 12 of them.
     */
    public static final int DEFAULT_PARTITIONS = 12;

    private static final Supplier<Serde<byte[]>> ANY_KEY = Serdes::ByteArray;
    private static final Supplier<Serde<String>> CUSTOMER_KEY = Serdes::String;
    private static final Supplier<Serde<String>> NAME_KEY = Serdes::String;

    public static final Topic<byte[], CustomerAccount> ACCOUNTS = input("accounts", CustomerAccount.class,
            Retention.COMPACT, "customer id",
            "Input: CustomerAccount, keyed by customer id (compacted; a tombstone forgets the customer).");
    public static final Topic<byte[], CallEvent> CALLS = input("calls", CallEvent.class, Retention.KEEP_ALL, "any",
            "Input: CallEvent, any key.");
    public static final Topic<byte[], EmailEvent> EMAILS = input("emails", EmailEvent.class, Retention.KEEP_ALL,
            "any", "Input: EmailEvent, any key.");
    public static final Topic<byte[], MeetingEvent> MEETINGS = input("meetings", MeetingEvent.class,
            Retention.KEEP_ALL, "any", "Input: MeetingEvent, any key.");
    public static final Topic<byte[], OrderEvent> ORDERS = input("orders", OrderEvent.class, Retention.KEEP_ALL,
            "any", "Input: OrderEvent, any key.");
    public static final Topic<byte[], SupportTicketEvent> SUPPORT_TICKETS = input("support-tickets",
            SupportTicketEvent.class, Retention.KEEP_ALL, "any", "Input: SupportTicketEvent, any key.");

    public static final Topic<String, Interaction> INTERACTIONS = output("interactions", Interaction.class,
            Retention.KEEP_ALL, "Output: every valid, de-duplicated Interaction, keyed by customer id.");
    public static final Topic<String, CustomerScore> SCORES = output("scores", CustomerScore.class, Retention.COMPACT,
            "Output: CustomerScore keyed by customer id (compacted); a tombstone when a customer is forgotten.");
    public static final Topic<String, ScoreAlert> ALERTS = output("alerts", ScoreAlert.class, Retention.KEEP_ALL,
            "Output: ScoreAlert keyed by customer id.");
    /** Written by {@code cdyn fit --publish}, read in full by every instance of the application. */
    public static final Topic<String, ScoringModel> MODEL = new Topic<>(SETTING_PREFIX + "model", "cdyn.model",
            Role.INPUT, Retention.COMPACT, "model name (churn)", NAME_KEY, ScoringModel.class, false,
            "Input: the ScoringModel cdyn fit --publish writes, keyed by model name (compacted): the latest is"
                    + " scored with; while it is empty, the scoring.* settings are.");
    /** Rejected input keeps its original key; a late interaction is keyed by its customer id. */
    public static final Topic<byte[], SpecificRecord> DEAD_LETTERS = new Topic<>(SETTING_PREFIX + "dead-letters",
            "cdyn.dead-letters", Role.OUTPUT, Retention.KEEP_ALL, "as the rejected record's", ANY_KEY,
            SpecificRecord.class, true, "Output: every record that was rejected, with the reason in its headers.");

    /** Interactions re-keyed by customer: {@code <application.id>-interactions-by-customer-repartition}. */
    public static final Topic<String, Interaction> INTERACTIONS_BY_CUSTOMER = new Topic<>(null,
            "interactions-by-customer", Role.INTERNAL, Retention.MANAGED_BY_STREAMS, "customer id", CUSTOMER_KEY,
            Interaction.class, false, "Internal: every accepted interaction, partitioned by customer id.");

    /** The six inputs, in the order the topology merges them. */
    public static final List<Topic<byte[], ? extends SpecificRecordBase>> INPUTS = List.of(ACCOUNTS, CALLS, EMAILS,
            MEETINGS, ORDERS, SUPPORT_TICKETS);
    /** Every topic, inputs first. */
    public static final List<Topic<?, ?>> ALL = List.of(ACCOUNTS, CALLS, EMAILS, MEETINGS, ORDERS, SUPPORT_TICKETS,
            INTERACTIONS, SCORES, ALERTS, DEAD_LETTERS, MODEL, INTERACTIONS_BY_CUSTOMER);

    private Topics() {
    }

    private static <V> Topic<byte[], V> input(String label, Class<V> contract, Retention retention, String key,
                                             String description) {
        return new Topic<>(SETTING_PREFIX + label, "cdyn." + label, Role.INPUT, retention, key, ANY_KEY, contract,
                false, description);
    }

    private static <V> Topic<String, V> output(String label, Class<V> contract, Retention retention,
                                              String description) {
        return new Topic<>(SETTING_PREFIX + label, "cdyn." + label, Role.OUTPUT, retention, "customer id",
                CUSTOMER_KEY, contract, false, description);
    }

    /** The topics a user names and creates: inputs and outputs, not Streams' internal ones. */
    public static List<Topic<?, ?>> external() {
        return ALL.stream().filter(topic -> topic.role() != Role.INTERNAL).toList();
    }

    /**
     * The topics whose partition counts must be equal: when inputs are declared partitioned by
     * customer, the inputs and every output keyed by customer id (a customer's records then sit in
     * the same partition number everywhere); otherwise none, as the repartition topic takes care of it.
     */
    public static List<Topic<?, ?>> coPartitioned(Settings settings) {
        if (!settings.inputsPartitionedByCustomer()) {
            return List.of();
        }
        return external().stream().filter(topic -> INPUTS.contains(topic) || topic.keyedByCustomer()).toList();
    }

    /** Topic settings that name every topic {@code <prefix>.<label>}: several copies side by side on one cluster. */
    public static Map<String, Object> prefixed(String prefix) {
        Map<String, Object> names = new HashMap<>();
        external().forEach(topic -> names.put(topic.setting(), prefix + "." + topic.label()));
        return names;
    }

    /** The input topics' names under these settings. */
    public static List<String> inputNames(Settings settings) {
        return INPUTS.stream().map(topic -> topic.name(settings)).toList();
    }

    /**
     * Every topic the application consumes: the inputs and, unless inputs are declared partitioned
     * by customer, its repartition topic. What "caught up" is measured over.
     */
    public static List<String> consumed(Settings settings) {
        List<String> topics = new ArrayList<>(inputNames(settings));
        if (!settings.inputsPartitionedByCustomer()) {
            topics.add(INTERACTIONS_BY_CUSTOMER.name(settings));
        }
        return topics;
    }
}
