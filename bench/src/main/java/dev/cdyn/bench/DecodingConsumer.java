package dev.cdyn.bench;

import dev.cdyn.config.Settings;
import dev.cdyn.ingest.Source;
import dev.cdyn.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Ceiling (a): a plain consumer that reads the application's input topics from the beginning and
 * decodes every value into its contract with the project's Avro deserializer, as the application's
 * sources do, and nothing else: no group, no commits, no state, no writes.
 */
final class DecodingConsumer {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private DecodingConsumer() {
    }

    /** From the first poll until all {@code expected} records have been read and decoded. */
    static CatchUp.Span read(Settings settings, long expected) {
        Properties props = settings.clientProperties(ConsumerConfig.configNames());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // as Streams reads under exactly-once
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Deserializer<?>> decoders = new HashMap<>();
        for (Source source : Source.values()) {
            AvroDeserializer<?> decoder = new AvroDeserializer<>(source.contract());
            decoder.configure(settings.serdeConfig(), false);
            decoders.put(settings.topic(source.topic()), decoder);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : decoders.keySet()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            String reader = Thread.currentThread().getName();
            CatchUp.Mark start = CatchUp.Mark.now(reader::equals);
            long deadline = start.nanos() + TIMEOUT.toNanos();
            long decoded = 0;
            while (decoded < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Decoded " + decoded + " of " + expected + " records in " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (decoders.get(record.topic()).deserialize(record.topic(), record.headers(), record.value()) != null) {
                        decoded++;
                    }
                }
            }
            return start.spanToNow();
        } finally {
            decoders.values().forEach(Deserializer::close);
        }
    }
}
