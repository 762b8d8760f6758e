package dev.cdyn.topology;

import dev.cdyn.activity.ActivitySerde;
import dev.cdyn.activity.CustomerScoring;
import dev.cdyn.activity.ScoreBodyWriter;
import dev.cdyn.activity.ScoringOutput;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.Checked;
import dev.cdyn.ingest.DeadLetterDeserializationHandler;
import dev.cdyn.ingest.DeadLetterProcessingHandler;
import dev.cdyn.ingest.DeadLetterProductionHandler;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.OccurredAtExtractor;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.AvroSerializer;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The customer-dynamics topology.
 *
 * <p>Reads the accounts, calls, e-mails, meetings, orders and support-tickets topics (any key).
 * Checks every record before anything is written back (rejects go to the dead-letter topic with
 * the reason in their headers; unreadable bytes get there through Streams' own dead-letter
 * support), wraps the rest in one {@link Interaction} envelope keyed by customer and repartitions
 * by customer. One processor then keeps each customer's activity: it drops retried interactions,
 * writes the new ones to the interactions topic, a {@code CustomerScore} to the scores topic
 * whenever the score moves enough, a {@code ScoreAlert} to the alerts topic when a line is crossed,
 * late interactions and those of erased customers to the dead letters, and a tombstone to the
 * scores topic when a customer asks to be forgotten. Reads the model topic into a global store: the
 * newest valid model published there is scored with, and every customer is re-scored when it changes.
 */
public final class CustomerDynamicsTopology {

    private CustomerDynamicsTopology() {
    }

    /**
     * Kafka Streams' settings for this topology: the application's own, with the error handlers the
     * topology relies on: unreadable bytes, a record a processor fails on, and a record that cannot
     * be written (too large, unserializable) go to the dead letters instead of stopping the thread.
     */
    public static Properties streamsProperties(Settings settings) {
        Properties props = settings.streamsProperties();
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        return props;
    }

    public static Topology build(Settings settings, AvroSerdes serdes) {
        return build(settings, serdes, Clock.systemUTC(), 0);
    }

    /**
     * @param clock        what the check of event times from the future reads (a test's, in the test driver)
     * @param coPartitions the partition count every input topic has, or 0 if they differ or are not
     *                     known: with a count, interactions already in their customer's partition are
     *                     scored where they are read ({@link CustomerPartitions}), the others repartitioned
     */
    public static Topology build(Settings settings, AvroSerdes serdes, Clock clock, int coPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        Validation validation = new Validation(settings.maxFuture());

        KStream<String, Interaction> interactions = null;
        for (Source source : Source.values()) {
            KStream<String, Interaction> accepted = ingest(builder, source, settings, validation, clock, serdes);
            interactions = interactions == null ? accepted : interactions.merge(accepted, Named.as(Names.merge(source)));
        }

        KStream<String, Interaction> byCustomer;
        if (settings.inputsPartitionedByCustomer()) {
            byCustomer = interactions;
        } else if (coPartitions > 0) {
            byCustomer = routeByCustomer(interactions, new CustomerPartitions(coPartitions), serdes);
        } else {
            byCustomer = interactions.repartition(repartitioned(serdes));
        }

        score(builder, byCustomer, settings, serdes);

        return builder.build();
    }

    /**
     * Per-customer state, and what the scoring step emits: new interactions, scores (written once,
     * as bytes, for the topic and the customer's state alike), alerts, and dead letters.
     */
    private static void score(StreamsBuilder builder, KStream<String, Interaction> interactions, Settings settings,
                              AvroSerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.CUSTOMER_ACTIVITY_STORE), Serdes.String(), new ActivitySerde()));
        // Both indexes are rebuilt from the activities when a task starts: no changelog to write.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.REVIEW_SCHEDULE_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.AT_RISK_INDEX_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled());
        CustomerScorer scorer = new CustomerScorer(settings.modelParameters(), settings.emitMinRiskChange(),
                settings.emitMinLoyaltyChange());
        CustomerScoring.Rules rules = new CustomerScoring.Rules(settings.grace(), settings.reviewInterval(),
                settings.catchUpLag(), settings.reviewOnWallClock(), settings.reviewBatchMax(),
                settings.dedupRetention(), settings.erasureRetention());
        String scoresTopic = settings.topic(Topics.SCORES);
        Serializer<CustomerScore> scoreWriter = Topics.SCORES.valueSerde(serdes).serializer();
        if (scoreWriter instanceof AvroSerializer<CustomerScore> avro) {
            avro.writeWith(CustomerScore.class, new ScoreBodyWriter());
        }
        // Every instance reads every published model, and a restart restores them from the topic.
        builder.globalTable(settings.topic(Topics.MODEL),
                Topics.MODEL.consumed(serdes).withName(Names.SCORING_MODEL_TABLE),
                Materialized.<String, ScoringModel, KeyValueStore<Bytes, byte[]>>as(Names.SCORING_MODEL_STORE)
                        .withKeySerde(Topics.MODEL.keySerde()).withValueSerde(Topics.MODEL.valueSerde(serdes)));

        var routes = interactions
                .process(() -> new CustomerScoring(Names.CUSTOMER_ACTIVITY_STORE, Names.REVIEW_SCHEDULE_STORE, scorer,
                                rules, score -> scoreWriter.serialize(scoresTopic, score), Names.SCORING_MODEL_STORE,
                                settings.modelCheckInterval(), settings.modelSweepBatch()),
                        Named.as(Names.SCORE_CUSTOMERS),
                        Names.CUSTOMER_ACTIVITY_STORE, Names.REVIEW_SCHEDULE_STORE, Names.AT_RISK_INDEX_STORE)
                .split(Named.as(Names.SCORING_ROUTE))
                .branch((customer, out) -> out instanceof ScoringOutput.Accepted, Branched.as(Names.INTERACTIONS_BRANCH))
                .branch((customer, out) -> out instanceof ScoringOutput.Score || out instanceof ScoringOutput.Forgotten,
                        Branched.as(Names.SCORES_BRANCH))
                .branch((customer, out) -> out instanceof ScoringOutput.Alert, Branched.as(Names.ALERTS_BRANCH))
                .defaultBranch(Branched.as(Names.DEAD_LETTERS_BRANCH));

        routes.get(Names.SCORING_ROUTE + Names.INTERACTIONS_BRANCH)
                .mapValues(out -> ((ScoringOutput.Accepted) out).interaction(), Named.as(Names.INTERACTION_VALUES))
                .to(settings.topic(Topics.INTERACTIONS), Topics.INTERACTIONS.produced(serdes, Names.INTERACTIONS_SINK));
        // The record was written once by the scoring step; a forgotten customer's is the tombstone.
        routes.get(Names.SCORING_ROUTE + Names.SCORES_BRANCH)
                .mapValues(out -> out instanceof ScoringOutput.Score score ? score.record() : null,
                        Named.as(Names.SCORE_VALUES))
                .to(scoresTopic, Produced.with(Topics.SCORES.keySerde(), Serdes.ByteArray()).withName(Names.SCORES_SINK));
        routes.get(Names.SCORING_ROUTE + Names.ALERTS_BRANCH)
                .mapValues(out -> ((ScoringOutput.Alert) out).alert(), Named.as(Names.ALERT_VALUES))
                .to(settings.topic(Topics.ALERTS), Topics.ALERTS.produced(serdes, Names.ALERTS_SINK));
        // Keyed by customer id (its UTF-8 bytes, as a dead letter's key is whatever bytes its record had),
        // or by nothing when nothing of the record may be kept.
        routes.get(Names.SCORING_ROUTE + Names.DEAD_LETTERS_BRANCH)
                .mapValues(out -> ((ScoringOutput.DeadLetter) out).interaction(), Named.as(Names.DEAD_LETTER_VALUES))
                .to(settings.topic(Topics.DEAD_LETTERS), Produced.with(Serdes.String(),
                        Topics.DEAD_LETTERS.valueSerde(serdes, Interaction.class))
                        .withName(Names.SCORING_DEAD_LETTERS_SINK));
    }

    private static Repartitioned<String, Interaction> repartitioned(AvroSerdes serdes) {
        Topic<String, Interaction> topic = Topics.INTERACTIONS_BY_CUSTOMER;
        return Repartitioned.<String, Interaction>as(Names.INTERACTIONS_BY_CUSTOMER)
                .withKeySerde(topic.keySerde())
                .withValueSerde(topic.valueSerde(serdes));
    }

    /** Interactions in their customer's partition go straight on; the rest through the repartition topic. */
    private static KStream<String, Interaction> routeByCustomer(KStream<String, Interaction> interactions,
                                                                CustomerPartitions partitions, AvroSerdes serdes) {
        var routes = interactions
                .processValues(partitions::router, Named.as(Names.CUSTOMER_PARTITION))
                .split(Named.as(Names.CUSTOMER_PARTITION_ROUTE))
                .branch((customer, routed) -> routed.inPlace(), Branched.as(Names.IN_PLACE))
                .defaultBranch(Branched.as(Names.ELSEWHERE));
        KStream<String, Interaction> inPlace = routes.get(Names.CUSTOMER_PARTITION_ROUTE + Names.IN_PLACE)
                .mapValues(CustomerPartitions.Routed::interaction, Named.as(Names.IN_PLACE_VALUES));
        KStream<String, Interaction> moved = routes.get(Names.CUSTOMER_PARTITION_ROUTE + Names.ELSEWHERE)
                .mapValues(CustomerPartitions.Routed::interaction, Named.as(Names.ELSEWHERE_VALUES))
                .repartition(repartitioned(serdes).withNumberOfPartitions(partitions.partitions())
                        .withStreamPartitioner((topic, customer, interaction, count) ->
                                Optional.of(Set.of(partitions.of(customer)))));
        return inPlace.merge(moved, Named.as(Names.MERGE_BY_CUSTOMER));
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, Interaction> ingest(StreamsBuilder builder, Source source, Settings settings,
                                                       Validation validation, Clock clock, AvroSerdes serdes) {
        Topic<byte[], SpecificRecordBase> topic = (Topic<byte[], SpecificRecordBase>) source.topic();
        KStream<byte[], SpecificRecordBase> records = builder.stream(settings.topic(topic), topic.consumed(serdes)
                .withTimestampExtractor(new OccurredAtExtractor(validation, clock))
                .withName(Names.source(source)));

        var routes = records
                .processValues(() -> new IngestCheck(source, validation), Named.as(Names.check(source)))
                .split(Named.as(Names.route(source)))
                .branch((key, checked) -> checked instanceof Checked.Rejected, Branched.as(Names.REJECTED))
                .defaultBranch(Branched.as(Names.ACCEPTED));

        routes.get(Names.route(source) + Names.REJECTED)
                .mapValues(checked -> ((Checked.Rejected) checked).event(), Named.as(Names.rejectedPayload(source)))
                .to(settings.topic(Topics.DEAD_LETTERS), Produced.with(Topics.DEAD_LETTERS.keySerde(),
                        Topics.DEAD_LETTERS.valueSerde(serdes, topic.contract()))
                        .withName(Names.deadLetterSink(source)));

        return routes.get(Names.route(source) + Names.ACCEPTED)
                .map((key, checked) -> {
                    Interaction interaction = ((Checked.Accepted) checked).interaction();
                    return KeyValue.pair(interaction.getCustomerId(), interaction);
                }, Named.as(Names.keyByCustomer(source)));
    }
}
