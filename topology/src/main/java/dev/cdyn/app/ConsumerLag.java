package dev.cdyn.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far a consumer group is behind, per partition, as {@code kafka-consumer-groups --describe}
 * shows it: the committed offset, the end offset a read-committed consumer sees (the last stable
 * offset, so an open or aborted transaction does not count as lag), and their difference.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /**
     * One partition. {@code committed} is -1 when the group has not committed on it; its lag then
     * counts from the partition's first offset. {@code oldestUnreadTimestamp} is the timestamp of
     * the record at the committed offset, -1 when there is none or it was not read.
     */
    public record Partition(String topic, int partition, long committed, long start, long end, long oldestUnreadTimestamp) {

        public long lag() {
            return Math.max(0, end - (committed >= 0 ? committed : start));
        }

        /** Age of the oldest record not yet processed, at {@code now}; 0 when nothing is waiting, -1 when unknown. */
        public long timeLagMs(long now) {
            if (lag() == 0) {
                return 0;
            }
            return oldestUnreadTimestamp < 0 ? -1 : Math.max(0, now - oldestUnreadTimestamp);
        }
    }

    /** The group's total lag over the partitions it has committed on; -1 if it has committed nothing yet. */
    public static long of(Admin admin, String groupId) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, groupId);
        return committed.isEmpty() ? -1 : total(partitions(admin, committed, committed.keySet()));
    }

    /**
     * The group's total lag over every partition of these topics: one it has not committed on yet
     * counts from its first offset, so a stage that has not started reading is not "caught up".
     */
    public static long of(Admin admin, String groupId, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return total(describe(admin, groupId, topics));
    }

    public static long total(Collection<Partition> partitions) {
        return partitions.stream().mapToLong(Partition::lag).sum();
    }

    /** Every partition of these topics that exist, in topic and partition order, without time lag. */
    public static List<Partition> describe(Admin admin, String groupId, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        for (var topic : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                topic.getValue().get().partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.getKey(), p.partition())));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // Not created yet: Streams creates its repartition topic when it first starts.
            }
        }
        return partitions(admin, committed(admin, groupId), partitions);
    }

    /**
     * The same, with the timestamp of the oldest unread record of each lagging partition of the
     * {@code timed} topics, read by a read-committed consumer with these client settings (a record
     * deleted by retention or compaction is skipped to the next one).
     */
    public static List<Partition> withTimeLag(List<Partition> partitions, Collection<String> timed,
                                              Properties clientProperties) {
        List<TopicPartition> lagging = partitions.stream().filter(p -> p.lag() > 0 && timed.contains(p.topic()))
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (lagging.isEmpty()) {
            return partitions;
        }
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        Map<TopicPartition, Long> oldest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(lagging);
            for (Partition p : partitions) {
                if (lagging.contains(new TopicPartition(p.topic(), p.partition()))) {
                    consumer.seek(new TopicPartition(p.topic(), p.partition()), p.committed() >= 0 ? p.committed() : p.start());
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (oldest.size() < lagging.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (oldest.putIfAbsent(tp, record.timestamp()) == null) {
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
        List<Partition> rows = new ArrayList<>();
        for (Partition p : partitions) {
            rows.add(new Partition(p.topic(), p.partition(), p.committed(), p.start(), p.end(),
                    oldest.getOrDefault(new TopicPartition(p.topic(), p.partition()), -1L)));
        }
        return rows;
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String groupId)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
            if (offset != null) {
                committed.put(tp, offset);
            }
        });
        return committed;
    }

    private static List<Partition> partitions(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed,
                                              Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest, readCommitted)
                .all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest, readCommitted)
                .all().get();
        List<Partition> rows = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata position = committed.get(tp);
            rows.add(new Partition(tp.topic(), tp.partition(), position != null ? position.offset() : -1,
                    starts.get(tp).offset(), ends.get(tp).offset(), -1));
        }
        return rows;
    }
}
