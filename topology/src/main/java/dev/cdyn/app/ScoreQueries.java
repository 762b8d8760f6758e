package dev.cdyn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdyn.activity.AtRiskIndex;
import dev.cdyn.activity.CustomerActivity;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scoring.Band;
import dev.cdyn.topology.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on this instance's stores: one customer's last score, and the riskiest
 * customers of the partitions this instance holds. Which instance holds what is Kafka Streams'
 * metadata; {@link OpsEndpoint} forwards and fans out over HTTP.
 */
final class ScoreQueries {

    /** Where a customer's score lives: this instance (active, or a standby), another, or nowhere known yet. */
    sealed interface Owner {
        record Here(int partition, boolean standbyOnly) implements Owner { }
        record There(HostInfo active, int partition, boolean standbyHere) implements Owner { }
        record Unknown() implements Owner { }
    }

    /** A score as served, with whether it came from a store that may lag behind (a standby, or a task in restoration). */
    record Served(CustomerScore score, boolean stale) { }

    /** One line of the at-risk list. */
    record AtRisk(String customerId, Band band, double churnRisk, JsonNode score) { }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final String partitionedTopic;
    private final Deserializer<CustomerScore> scoreReader;
    private final String scoresTopic;

    /** @param scoreReader reads a score as the scores topic carries it (the customer's state keeps those bytes) */
    ScoreQueries(KafkaStreams streams, HostInfo self, Settings settings, Deserializer<CustomerScore> scoreReader) {
        this.streams = streams;
        this.self = self;
        this.scoreReader = scoreReader;
        this.scoresTopic = settings.topic(Topics.SCORES);
        // The stores' partitions are those of the topic the scoring step reads.
        this.partitionedTopic = settings.inputsPartitionedByCustomer() ? settings.topic(Topics.ORDERS)
                : Topics.INTERACTIONS_BY_CUSTOMER.name(settings);
    }

    HostInfo self() {
        return self;
    }

    Owner owner(String customer) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(Names.CUSTOMER_ACTIVITY_STORE, customer,
                new StringSerializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Owner.Unknown();
        }
        boolean standbyHere = metadata.standbyHosts().contains(self);
        if (metadata.activeHost().equals(self)) {
            return new Owner.Here(metadata.partition(), false);
        }
        return new Owner.There(metadata.activeHost(), metadata.partition(), standbyHere);
    }

    /**
     * The customer's score from this instance's store of that partition: the active one, or with
     * {@code staleAllowed} a standby or a restoring one (then marked stale). Empty when the
     * customer has no score; {@link InvalidStateStoreException} when this instance cannot answer.
     */
    Optional<Served> score(String customer, int partition, boolean staleAllowed) {
        try {
            return lookup(customer, partition, false);
        } catch (InvalidStateStoreException notActiveHere) {
            if (!staleAllowed) {
                throw notActiveHere;
            }
            return lookup(customer, partition, true);
        }
    }

    private Optional<Served> lookup(String customer, int partition, boolean stale) {
        ReadOnlyKeyValueStore<String, CustomerActivity> activities = store(Names.CUSTOMER_ACTIVITY_STORE, partition,
                stale);
        return Optional.ofNullable(lastScore(activities, customer)).map(score -> new Served(score, stale));
    }

    private CustomerScore lastScore(ReadOnlyKeyValueStore<String, CustomerActivity> activities, String customer) {
        CustomerActivity activity = activities.get(customer);
        if (activity == null || activity.lastScore() == null) {
            return null;
        }
        return scoreReader.deserialize(scoresTopic, activity.lastScore().record());
    }

    /** The riskiest customers of these bands in this instance's active partitions, riskiest band first. */
    List<AtRisk> localAtRisk(List<Band> bands, int limit) {
        List<AtRisk> found = new ArrayList<>();
        for (int partition : localPartitions()) {
            ReadOnlyKeyValueStore<Bytes, byte[]> index;
            ReadOnlyKeyValueStore<String, CustomerActivity> activities;
            try {
                index = store(Names.AT_RISK_INDEX_STORE, partition, false);
                activities = store(Names.CUSTOMER_ACTIVITY_STORE, partition, false);
            } catch (InvalidStateStoreException movingOrRestoring) {
                continue;
            }
            for (Band band : bands) {
                int taken = 0;
                try (KeyValueIterator<Bytes, byte[]> entries = index.range(AtRiskIndex.bandStart(band),
                        AtRiskIndex.bandEnd(band))) {
                    while (entries.hasNext() && taken < limit) {
                        Bytes key = entries.next().key;
                        String customer = AtRiskIndex.customerId(key);
                        CustomerScore score = lastScore(activities, customer);
                        found.add(new AtRisk(customer, band, AtRiskIndex.churnRisk(key),
                                score == null ? null : AvroJson.node(score)));
                        taken++;
                    }
                }
            }
        }
        return riskiestFirst(found, limit);
    }

    /** Riskiest band first, then riskiest within the band; at most {@code limit}. */
    static List<AtRisk> riskiestFirst(List<AtRisk> lines, int limit) {
        return lines.stream()
                .sorted(Comparator.comparing((AtRisk a) -> a.band().ordinal()).reversed()
                        .thenComparing(Comparator.comparingDouble(AtRisk::churnRisk).reversed())
                        .thenComparing(AtRisk::customerId))
                .limit(limit).toList();
    }

    /** Every other instance of the application that holds stores now. */
    List<HostInfo> otherInstances() {
        List<HostInfo> hosts = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            HostInfo host = metadata.hostInfo();
            if (!host.equals(self) && !host.equals(HostInfo.unavailable()) && !hosts.contains(host)) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    private List<Integer> localPartitions() {
        List<Integer> partitions = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            if (metadata.hostInfo().equals(self)) {
                metadata.topicPartitions().stream().filter(tp -> tp.topic().equals(partitionedTopic))
                        .forEach(tp -> partitions.add(tp.partition()));
            }
        }
        return partitions;
    }

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name, int partition, boolean stale) {
        StoreQueryParameters<ReadOnlyKeyValueStore<K, V>> query = StoreQueryParameters
                .fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()).withPartition(partition);
        return streams.store(stale ? query.enableStaleStores() : query);
    }

    static ObjectNode json(AtRisk line) {
        ObjectNode node = AvroJson.MAPPER.createObjectNode();
        node.put("customerId", line.customerId());
        node.put("riskBand", line.band().name());
        node.put("churnRisk", line.churnRisk());
        if (line.score() != null) {
            node.set("loyalty", line.score().get("loyalty"));
            node.set("loyaltyTier", line.score().get("loyaltyTier"));
            node.set("asOf", line.score().get("asOf"));
        }
        return node;
    }

    static AtRisk fromJson(JsonNode node) {
        return new AtRisk(node.get("customerId").asText(), Band.valueOf(node.get("riskBand").asText()),
                node.get("churnRisk").asDouble(), node);
    }

    static ArrayNode jsonList(List<AtRisk> lines) {
        ArrayNode array = AvroJson.MAPPER.createArrayNode();
        lines.forEach(line -> array.add(json(line)));
        return array;
    }
}
