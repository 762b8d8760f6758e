package dev.cdyn.topology;

import dev.cdyn.activity.AtRiskIndex;
import dev.cdyn.config.Topics;
import dev.cdyn.ingest.Source;

/**
 * Every processor, store and internal topic of the topology, in kebab-case. These names are part
 * of a running application's state (changelog and repartition topics are named after them):
 * renaming one is a breaking upgrade, and {@code TopologyNamesTest} locks them.
 */
public final class Names {

    /** Repartition by customer: its topic is declared in {@link Topics#INTERACTIONS_BY_CUSTOMER}. */
    public static final String INTERACTIONS_BY_CUSTOMER = Topics.INTERACTIONS_BY_CUSTOMER.defaultName();
    /** With co-partitioned inputs: whether an interaction is already in its customer's partition, and the two ways on. */
    public static final String CUSTOMER_PARTITION = "customer-partition";
    public static final String CUSTOMER_PARTITION_ROUTE = "customer-partition-route";
    public static final String IN_PLACE = "-in-place";
    public static final String ELSEWHERE = "-elsewhere";
    public static final String IN_PLACE_VALUES = "in-place-values";
    public static final String ELSEWHERE_VALUES = "elsewhere-values";
    public static final String MERGE_BY_CUSTOMER = "merge-by-customer";

    public static final String SCORE_CUSTOMERS = "score-customers";
    /**
     * Everything about a customer, its last emitted score included: what a query for one
     * customer's score is answered from. The only store with a changelog.
     */
    public static final String CUSTOMER_ACTIVITY_STORE = "customer-activity";
    /** Reviews by due time; derived from the activities, no changelog. */
    public static final String REVIEW_SCHEDULE_STORE = "review-schedule";
    /** Customers by band and risk, riskiest first: what the at-risk query reads; derived, no changelog. */
    public static final String AT_RISK_INDEX_STORE = AtRiskIndex.STORE;
    /**
     * The published scoring models: a global table over the model topic (its source is named
     * {@code scoring-model-table-source}) in the store {@code scoring-model}.
     */
    public static final String SCORING_MODEL_TABLE = "scoring-model-table";
    public static final String SCORING_MODEL_STORE = "scoring-model";
    public static final String SCORING_ROUTE = "scoring-route";
    public static final String INTERACTIONS_BRANCH = "-interactions";
    public static final String SCORES_BRANCH = "-scores";
    public static final String ALERTS_BRANCH = "-alerts";
    public static final String DEAD_LETTERS_BRANCH = "-dead-letters";
    public static final String INTERACTION_VALUES = "interaction-values";
    public static final String SCORE_VALUES = "score-values";
    public static final String ALERT_VALUES = "alert-values";
    public static final String DEAD_LETTER_VALUES = "scoring-dead-letter-values";
    public static final String INTERACTIONS_SINK = "interactions-sink";
    public static final String SCORES_SINK = "scores-sink";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String SCORING_DEAD_LETTERS_SINK = "scoring-dead-letters-sink";

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
