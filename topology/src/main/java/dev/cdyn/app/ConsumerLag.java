package dev.cdyn.app;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many records a consumer group has yet to read, over every partition it has committed on. */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** The group's total lag over the partitions it has committed on; -1 if it has committed nothing yet. */
    public static long of(Admin admin, String groupId) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        return committed.isEmpty() ? -1 : lag(admin, committed, committed.keySet());
    }

    /**
     * The group's total lag over every partition of these topics: one it has not committed on yet
     * counts from its first offset, so a stage that has not started reading is not "caught up".
     */
    public static long of(Admin admin, String groupId, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> partitions = new HashSet<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        return lag(admin, committed, partitions);
    }

    private static long lag(Admin admin, Map<TopicPartition, OffsetAndMetadata> committed, Set<TopicPartition> partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> {
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata position = committed.get(tp);
            long from = position != null ? position.offset() : starts.get(tp).offset();
            lag += Math.max(0, ends.get(tp).offset() - from);
        }
        return lag;
    }
}
