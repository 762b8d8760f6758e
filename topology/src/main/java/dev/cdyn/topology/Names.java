package dev.cdyn.topology;

import dev.cdyn.ingest.Source;

/**
 * Every processor, store and internal topic of the topology, in kebab-case. These names are part
 * of a running application's state (changelog and repartition topics are named after them):
 * renaming one is a breaking upgrade, and {@code TopologyNamesTest} locks them.
 */
public final class Names {

    /** Repartition by customer: topic {@code <application.id>-interactions-by-customer-repartition}. */
    public static final String INTERACTIONS_BY_CUSTOMER = "interactions-by-customer";
    public static final String DEDUPLICATE = "deduplicate";
    public static final String SEEN_EVENT_IDS_STORE = "seen-event-ids";
    public static final String INTERACTIONS_SINK = "interactions-sink";
    public static final String ERASURES = "erasures";
    public static final String SCORE_TOMBSTONES = "score-tombstones";
    public static final String SCORE_TOMBSTONES_SINK = "score-tombstones-sink";

    private Names() {
    }

    public static String source(Source source) {
        return source.label() + "-source";
    }

    public static String check(Source source) {
        return source.label() + "-check";
    }

    /** The split into accepted and rejected records. */
    public static String route(Source source) {
        return source.label() + "-route";
    }

    /** Suffixes of the split's branches: {@code <label>-route-accepted} and {@code <label>-route-rejected}. */
    public static final String ACCEPTED = "-accepted";
    public static final String REJECTED = "-rejected";

    public static String rejectedPayload(Source source) {
        return source.label() + "-rejected-payload";
    }

    public static String deadLetterSink(Source source) {
        return source.label() + "-dead-letters-sink";
    }

    public static String keyByCustomer(Source source) {
        return source.label() + "-key-by-customer";
    }

    public static String merge(Source source) {
        return "merge-" + source.label();
    }
}
