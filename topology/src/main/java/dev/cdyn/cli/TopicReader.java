package dev.cdyn.cli;

import dev.cdyn.config.Settings;
import dev.cdyn.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics of Avro values from the beginning, committed records only, with the settings'
 * client properties (security included) and no consumer group: what {@code cdyn scores}, the
 * demo's view and {@code cdyn fit} read with.
 */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final List<String> missing = new ArrayList<>();

    /** A topic the brokers do not know is read as empty ({@link #missing()} names it). */
    TopicReader(Settings settings, List<String> topics) {
        Properties props = new Properties();
        props.putAll(settings.adminProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        AvroDeserializer<Object> values = new AvroDeserializer<>();
        Map<String, Object> serde = new HashMap<>(settings.serdeConfig());
        serde.put("specific.avro.reader", true);
        values.configure(serde, false);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                missing.add(topic);
            } else {
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** The topics asked for that the brokers do not know. */
    List<String> missing() {
        return List.copyOf(missing);
    }

    /** Reads what is there now, handing each record to {@code each}; returns when caught up. */
    void catchUp(Consumer<ConsumerRecord<String, Object>> each) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll(Duration.ofMillis(500), each);
        }
    }

    void poll(Duration timeout, Consumer<ConsumerRecord<String, Object>> each) {
        for (ConsumerRecord<String, Object> record : consumer.poll(timeout)) {
            each.accept(record);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
