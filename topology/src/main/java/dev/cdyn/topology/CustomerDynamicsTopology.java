package dev.cdyn.topology;

import dev.cdyn.activity.ActivitySerde;
import dev.cdyn.activity.CustomerScoring;
import dev.cdyn.activity.ScoringOutput;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.Checked;
import dev.cdyn.ingest.DeadLetterDeserializationHandler;
import dev.cdyn.ingest.DeadLetterProcessingHandler;
import dev.cdyn.ingest.DeadLetterProductionHandler;
import dev.cdyn.ingest.Deduplicate;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.OccurredAtExtractor;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.serde.AvroSerdes;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serdes;
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
 * support), wraps the rest in one {@link Interaction} envelope keyed by customer, repartitions by
 * customer, and drops duplicates. Writes the clean interactions to the interactions topic. Keeps
 * each customer's activity, and writes a {@link CustomerScore} to the scores topic whenever the
 * score moves enough, a {@link ScoreAlert} to the alerts topic when a line is crossed, and late
 * interactions to the dead letters; a tombstone to the scores topic when a customer asks to be
 * forgotten. Reads the model topic into a global store: the newest valid model published there is
 * scored with, and every customer is re-scored when it changes.
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
        StreamsBuilder builder = new StreamsBuilder();
        Validation validation = new Validation(settings.maxFuture());

        KStream<String, Interaction> interactions = null;
        for (Source source : Source.values()) {
            KStream<String, Interaction> accepted = ingest(builder, source, settings, validation, serdes);
            interactions = interactions == null ? accepted : interactions.merge(accepted, Named.as(Names.merge(source)));
        }

        Topic<String, Interaction> byCustomerTopic = Topics.INTERACTIONS_BY_CUSTOMER;
        KStream<String, Interaction> byCustomer = settings.inputsPartitionedByCustomer()
                ? interactions
                : interactions.repartition(Repartitioned.<String, Interaction>as(Names.INTERACTIONS_BY_CUSTOMER)
                        .withKeySerde(byCustomerTopic.keySerde())
                        .withValueSerde(byCustomerTopic.valueSerde(serdes)));

        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.SEEN_EVENT_IDS_STORE, settings.dedupRetention(),
                        settings.dedupRetention(), false),
                Serdes.String(), Serdes.Long()));
        KStream<String, Interaction> unique = byCustomer.processValues(
                () -> new Deduplicate(Names.SEEN_EVENT_IDS_STORE, settings.dedupRetention()),
                Named.as(Names.DEDUPLICATE), Names.SEEN_EVENT_IDS_STORE);

        unique.to(settings.topic(Topics.INTERACTIONS), Topics.INTERACTIONS.produced(serdes, Names.INTERACTIONS_SINK));

        score(builder, unique, settings, serdes);

        unique.filter((customer, interaction) -> IngestCheck.isErasure(interaction), Named.as(Names.ERASURES))
                .mapValues(interaction -> (CustomerScore) null, Named.as(Names.SCORE_TOMBSTONES))
                .to(settings.topic(Topics.SCORES), Topics.SCORES.produced(serdes, Names.SCORE_TOMBSTONES_SINK));

        return builder.build();
    }

    /** Per-customer state, scores, alerts, and late interactions to the dead letters. */
    private static void score(StreamsBuilder builder, KStream<String, Interaction> interactions, Settings settings,
                              AvroSerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.CUSTOMER_ACTIVITY_STORE), Serdes.String(), new ActivitySerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Names.CUSTOMER_SCORES_STORE),
                Serdes.String(), Topics.SCORES.valueSerde(serdes)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.REVIEW_SCHEDULE_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.AT_RISK_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        CustomerScorer scorer = new CustomerScorer(settings.modelParameters(), settings.emitMinRiskChange(),
                settings.emitMinLoyaltyChange());
        // Every instance reads every published model, and a restart restores them from the topic.
        builder.globalTable(settings.topic(Topics.MODEL),
                Topics.MODEL.consumed(serdes).withName(Names.SCORING_MODEL_TABLE),
                Materialized.<String, ScoringModel, KeyValueStore<Bytes, byte[]>>as(Names.SCORING_MODEL_STORE)
                        .withKeySerde(Topics.MODEL.keySerde()).withValueSerde(Topics.MODEL.valueSerde(serdes)));

        var routes = interactions
                .process(() -> new CustomerScoring(Names.CUSTOMER_ACTIVITY_STORE, Names.CUSTOMER_SCORES_STORE,
                                Names.REVIEW_SCHEDULE_STORE, scorer, settings.grace(), settings.reviewInterval(),
                                settings.catchUpLag(), settings.reviewOnWallClock(), settings.reviewBatchMax(),
                                Names.SCORING_MODEL_STORE, settings.modelCheckInterval(), settings.modelSweepBatch()),
                        Named.as(Names.SCORE_CUSTOMERS),
                        Names.CUSTOMER_ACTIVITY_STORE, Names.CUSTOMER_SCORES_STORE, Names.REVIEW_SCHEDULE_STORE,
                        Names.AT_RISK_INDEX_STORE)
                .split(Named.as(Names.SCORING_ROUTE))
                .branch((customer, out) -> out instanceof ScoringOutput.Score, Branched.as(Names.SCORES_BRANCH))
                .branch((customer, out) -> out instanceof ScoringOutput.Alert, Branched.as(Names.ALERTS_BRANCH))
                .defaultBranch(Branched.as(Names.LATE_BRANCH));

        routes.get(Names.SCORING_ROUTE + Names.SCORES_BRANCH)
                .mapValues(out -> ((ScoringOutput.Score) out).score(), Named.as(Names.SCORE_VALUES))
                .to(settings.topic(Topics.SCORES), Topics.SCORES.produced(serdes, Names.SCORES_SINK));
        routes.get(Names.SCORING_ROUTE + Names.ALERTS_BRANCH)
                .mapValues(out -> ((ScoringOutput.Alert) out).alert(), Named.as(Names.ALERT_VALUES))
                .to(settings.topic(Topics.ALERTS), Topics.ALERTS.produced(serdes, Names.ALERTS_SINK));
        // Keyed by customer id: its UTF-8 bytes, as a dead letter's key is whatever bytes its record had.
        routes.get(Names.SCORING_ROUTE + Names.LATE_BRANCH)
                .mapValues(out -> ((ScoringOutput.Late) out).interaction(), Named.as(Names.LATE_VALUES))
                .to(settings.topic(Topics.DEAD_LETTERS), Produced.with(Serdes.String(),
                        Topics.DEAD_LETTERS.valueSerde(serdes, Interaction.class)).withName(Names.LATE_DEAD_LETTERS_SINK));
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, Interaction> ingest(StreamsBuilder builder, Source source, Settings settings,
                                                       Validation validation, AvroSerdes serdes) {
        Topic<byte[], SpecificRecordBase> topic = (Topic<byte[], SpecificRecordBase>) source.topic();
        KStream<byte[], SpecificRecordBase> records = builder.stream(settings.topic(topic), topic.consumed(serdes)
                .withTimestampExtractor(new OccurredAtExtractor(validation))
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
