package dev.cdyn.simulate;

import dev.cdyn.config.Settings;
import dev.cdyn.ingest.Source;
import dev.cdyn.serde.AvroSerializer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends events to their topics with the application's registry and Kafka settings, at most
 * {@code rate} events per second (0: as fast as Kafka takes them), counting what it sent per source.
 */
public final class Publisher implements AutoCloseable {

    private final KafkaProducer<String, Object> producer;
    private final Map<Source, String> topics = new EnumMap<>(Source.class);
    private final Map<Source, AtomicLong> sent = new EnumMap<>(Source.class);
    private final Set<Source> known = EnumSet.noneOf(Source.class);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final double rate;
    private final long startNanos = System.nanoTime();
    private long count;

    public Publisher(Settings settings, double rate) {
        Properties props = new Properties();
        props.putAll(settings.serdeConfig());
        props.putAll(settings.clientProperties(ProducerConfig.configNames()));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        AvroSerializer<Object> values = new AvroSerializer<>();
        values.configure(settings.serdeConfig(), false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
        for (Source source : Source.values()) {
            topics.put(source, settings.topic(source.topic()));
            sent.put(source, new AtomicLong());
        }
        this.rate = rate;
    }

    /** Sends one event, waiting first if the rate asks for it; throws the first send failure seen. */
    public void send(SimulatedEvent event) {
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("Sending to Kafka failed: " + failed.getMessage(), failed);
        }
        pace();
        if (known.add(event.source())) {
            // Know the topic's partition leaders before its first send: batches to a topic created a
            // moment ago otherwise race their own first attempt, which the broker can refuse out of sequence.
            producer.partitionsFor(topics.get(event.source()));
        }
        producer.send(new ProducerRecord<>(topics.get(event.source()), event.key(), event.value()), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                sent.get(event.source()).incrementAndGet();
            }
        });
    }

    private void pace() {
        count++;
        if (rate <= 0) {
            return;
        }
        long due = startNanos + (long) (count * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }
    }

    /** Events acknowledged by Kafka so far, per source. */
    public long sent(Source source) {
        return sent.get(source).get();
    }

    public long sentTotal() {
        return sent.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public void flush() {
        producer.flush();
        Exception failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("Sending to Kafka failed: " + failed.getMessage(), failed);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
