package dev.cdyn.topology;

import dev.cdyn.app.Settings;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.events.Interaction;
import dev.cdyn.activity.ActivitySerde;
import dev.cdyn.activity.CustomerScoring;
import dev.cdyn.activity.ScoringOutput;
import dev.cdyn.ingest.Checked;
import dev.cdyn.ingest.Deduplicate;
import dev.cdyn.ingest.IngestCheck;
import dev.cdyn.ingest.OccurredAtExtractor;
import dev.cdyn.ingest.Source;
import dev.cdyn.ingest.Validation;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.SerdeConfig;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
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
 * forgotten.
 */
public final class CustomerDynamicsTopology {

    private CustomerDynamicsTopology() {
    }

    public static Topology build(Settings settings, AvroSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        Validation validation = new Validation(settings.maxFuture());
        Serde<Interaction> interactionSerde = serdes.forValues(Interaction.class);
        // The dead-letter topic carries every contract, so each is registered under <topic>-<record name>.
        AvroSerdes deadLetterSerdes = serdes.with(Map.of(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"));

        KStream<String, Interaction> interactions = null;
        for (Source source : Source.values()) {
            KStream<String, Interaction> accepted = ingest(builder, source, settings, validation, serdes,
                    deadLetterSerdes);
            interactions = interactions == null ? accepted : interactions.merge(accepted, Named.as(Names.merge(source)));
        }

        KStream<String, Interaction> byCustomer = settings.inputsPartitionedByCustomer()
                ? interactions
                : interactions.repartition(Repartitioned.<String, Interaction>as(Names.INTERACTIONS_BY_CUSTOMER)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(interactionSerde));

        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(Names.SEEN_EVENT_IDS_STORE, settings.dedupRetention(),
                        settings.dedupRetention(), false),
                Serdes.String(), Serdes.Long()));
        KStream<String, Interaction> unique = byCustomer.processValues(
                () -> new Deduplicate(Names.SEEN_EVENT_IDS_STORE, settings.dedupRetention()),
                Named.as(Names.DEDUPLICATE), Names.SEEN_EVENT_IDS_STORE);

        unique.to(settings.topic(Settings.TOPIC_INTERACTIONS),
                Produced.with(Serdes.String(), interactionSerde).withName(Names.INTERACTIONS_SINK));

        score(builder, unique, settings, serdes, deadLetterSerdes);

        unique.filter((customer, interaction) -> IngestCheck.isErasure(interaction), Named.as(Names.ERASURES))
                .mapValues(interaction -> (CustomerScore) null, Named.as(Names.SCORE_TOMBSTONES))
                .to(settings.topic(Settings.TOPIC_SCORES), Produced.with(Serdes.String(),
                        serdes.forValues(CustomerScore.class)).withName(Names.SCORE_TOMBSTONES_SINK));

        return builder.build();
    }

    /** Per-customer state, scores, alerts, and late interactions to the dead letters. */
    private static void score(StreamsBuilder builder, KStream<String, Interaction> interactions, Settings settings,
                              AvroSerdes serdes, AvroSerdes deadLetterSerdes) {
        Serde<CustomerScore> scoreSerde = serdes.forValues(CustomerScore.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.CUSTOMER_ACTIVITY_STORE), Serdes.String(), new ActivitySerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.CUSTOMER_SCORES_STORE), Serdes.String(), scoreSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.REVIEW_SCHEDULE_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        CustomerScorer scorer = new CustomerScorer(settings.modelParameters(), settings.emitMinRiskChange(),
                settings.emitMinLoyaltyChange());

        var routes = interactions
                .process(() -> new CustomerScoring(Names.CUSTOMER_ACTIVITY_STORE, Names.CUSTOMER_SCORES_STORE,
                                Names.REVIEW_SCHEDULE_STORE, scorer, settings.grace(), settings.reviewInterval(),
                                settings.reviewOnWallClock(), settings.reviewBatchMax()),
                        Named.as(Names.SCORE_CUSTOMERS),
                        Names.CUSTOMER_ACTIVITY_STORE, Names.CUSTOMER_SCORES_STORE, Names.REVIEW_SCHEDULE_STORE)
                .split(Named.as(Names.SCORING_ROUTE))
                .branch((customer, out) -> out.score() != null, Branched.as(Names.SCORES_BRANCH))
                .branch((customer, out) -> out.alert() != null, Branched.as(Names.ALERTS_BRANCH))
                .defaultBranch(Branched.as(Names.LATE_BRANCH));

        routes.get(Names.SCORING_ROUTE + Names.SCORES_BRANCH)
                .mapValues(ScoringOutput::score, Named.as(Names.SCORE_VALUES))
                .to(settings.topic(Settings.TOPIC_SCORES),
                        Produced.with(Serdes.String(), scoreSerde).withName(Names.SCORES_SINK));
        routes.get(Names.SCORING_ROUTE + Names.ALERTS_BRANCH)
                .mapValues(ScoringOutput::alert, Named.as(Names.ALERT_VALUES))
                .to(settings.topic(Settings.TOPIC_ALERTS),
                        Produced.with(Serdes.String(), serdes.forValues(ScoreAlert.class)).withName(Names.ALERTS_SINK));
        routes.get(Names.SCORING_ROUTE + Names.LATE_BRANCH)
                .mapValues(ScoringOutput::late, Named.as(Names.LATE_VALUES))
                .to(settings.topic(Settings.TOPIC_DEAD_LETTERS), Produced.with(Serdes.String(),
                        deadLetterSerdes.forValues(Interaction.class)).withName(Names.LATE_DEAD_LETTERS_SINK));
    }

    @SuppressWarnings("unchecked")
    private static KStream<String, Interaction> ingest(StreamsBuilder builder, Source source, Settings settings,
                                                       Validation validation, AvroSerdes serdes,
                                                       AvroSerdes deadLetterSerdes) {
        Class<SpecificRecordBase> contract = (Class<SpecificRecordBase>) source.contract();
        KStream<byte[], SpecificRecordBase> records = builder.stream(settings.topic(source.topicSetting()),
                Consumed.with(Serdes.ByteArray(), serdes.forValues(contract))
                        .withTimestampExtractor(new OccurredAtExtractor(validation))
                        .withName(Names.source(source)));

        var routes = records
                .processValues(() -> new IngestCheck(source, validation), Named.as(Names.check(source)))
                .split(Named.as(Names.route(source)))
                .branch((key, checked) -> !checked.accepted(), Branched.as(Names.REJECTED))
                .defaultBranch(Branched.as(Names.ACCEPTED));

        routes.get(Names.route(source) + Names.REJECTED)
                .mapValues(Checked::event, Named.as(Names.rejectedPayload(source)))
                .to(settings.topic(Settings.TOPIC_DEAD_LETTERS), Produced.with(Serdes.ByteArray(),
                        deadLetterSerdes.forValues(contract)).withName(Names.deadLetterSink(source)));

        return routes.get(Names.route(source) + Names.ACCEPTED)
                .map((key, checked) -> KeyValue.pair(checked.interaction().getCustomerId(), checked.interaction()),
                        Named.as(Names.keyByCustomer(source)));
    }
}
