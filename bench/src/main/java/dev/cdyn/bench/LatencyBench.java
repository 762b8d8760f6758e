package dev.cdyn.bench;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.FormatLocale;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.serde.AvroSerializer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Live latency: orders of new customers (each one's first order, which always emits a score) at a
 * steady rate, with their occurrence time "now", against the running application (exactly-once,
 * defaults). The orders and scores topics stamp records with the broker's append time, so the
 * latency of an order is its score's append time less its own, on one clock; the time a
 * read-committed consumer first sees the score (after the transaction commits) is given too. A
 * warm-up at the same rate comes first and is not counted.
 *
 * <p>Arguments: {@code [events/s=10000] [seconds=120] [warm-up seconds=20]}. Prints one Markdown
 * row: the rate asked and reached, the orders counted, p50, p99 and max of both latencies, and the
 * orders whose score had not been seen 60 s after the last was sent.
 */
public final class LatencyBench {

    private static final Duration DRAIN = Duration.ofSeconds(60);

    private LatencyBench() {
    }

    /** What one run measured; latencies in milliseconds. */
    record Result(int rate, double reached, int counted, long[] appendToAppend, long[] appendToSeen, int missing) {

        static String header() {
            return "| events/s asked | reached | orders counted | append → score append p50 / p99 / max (ms)"
                    + " | append → score readable p50 / p99 / max (ms) | scores missing |\n| --- | --- | --- | --- | --- | --- |";
        }

        String markdown() {
            return String.format(Locale.ROOT, "| %,d | %,.0f | %,d | %s | %s | %,d |", rate, reached, counted,
                    percentiles(appendToAppend), percentiles(appendToSeen), missing);
        }

        private static String percentiles(long[] sorted) {
            if (sorted.length == 0) {
                return "-";
            }
            return String.format(Locale.ROOT, "%,d / %,d / %,d", at(sorted, 0.50), at(sorted, 0.99),
                    sorted[sorted.length - 1]);
        }

        static long at(long[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        FormatLocale.preferUsWhereAlike(); // as `cdyn` does: the application runs as it would there
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Result result = measure(rate, seconds, warmUp);
        System.out.println(Result.header());
        System.out.println(result.markdown());
    }

    static Result measure(int rate, int seconds, int warmUpSeconds) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            Settings settings = Backlog.settings(kafka.bootstrapServers(), "latency-" + rate,
                    StreamsConfig.EXACTLY_ONCE_V2);
            Backlog.createTopics(settings);
            String orders = settings.topic(Topics.ORDERS);
            String scores = settings.topic(Topics.SCORES);
            try (Admin admin = Admin.create(settings.adminProperties())) {
                appendTime(admin, List.of(orders, scores));
            }
            int warmUp = rate * warmUpSeconds;
            int total = warmUp + rate * seconds;
            AtomicLongArray appended = new AtomicLongArray(total);
            AtomicLongArray scored = new AtomicLongArray(total);
            AtomicLongArray seen = new AtomicLongArray(total);
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong scoresSeen = new AtomicLong();
            try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
                if (!app.awaitRunning(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not running: " + app.streams().state());
                }
                Thread reader = new Thread(() -> readScores(settings, scores, scored, seen, reading, scoresSeen),
                        "latency-scores-reader");
                reader.start();
                double reached = send(settings, orders, rate, total, warmUp, appended);
                long deadline = System.nanoTime() + DRAIN.toNanos();
                while (scoresSeen.get() < total && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                reading.set(false);
                reader.join();
                System.out.println(CatchUp.threadTime(app.streams().metrics()));
                return result(rate, reached, warmUp, total, appended, scored, seen);
            } finally {
                EmbeddedKafka.deleteQuietly(Path.of(settings.streamsProperties()
                        .getProperty(StreamsConfig.STATE_DIR_CONFIG)));
            }
        }
    }

    /** Records of these topics get the broker's append time, whatever their producer sets. */
    private static void appendTime(Admin admin, Collection<String> topics) throws Exception {
        AlterConfigOp op = new AlterConfigOp(new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"),
                AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        topics.forEach(topic -> changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op)));
        admin.incrementalAlterConfigs(changes).all().get();
    }

    /**
     * Sends {@code total} orders at {@code rate} per second, each of a new customer {@code lat-N},
     * keyed by customer id as `cdyn produce` keys them; returns the rate reached after the warm-up.
     */
    private static double send(Settings settings, String topic, int rate, int total, int warmUp,
                               AtomicLongArray appended) throws InterruptedException {
        Properties props = new Properties();
        props.putAll(settings.adminProperties());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        AvroSerializer<Object> avro = new AvroSerializer<>();
        avro.configure(settings.serdeConfig(), false);
        long start = System.nanoTime();
        long measuredFrom = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int n = 0; n < total; n++) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (n == warmUp) {
                    measuredFrom = System.nanoTime();
                }
                String customer = "lat-" + n;
                OrderEvent order = OrderEvent.newBuilder().setEventId(customer + "-o1").setCustomerId(customer)
                        .setOccurredAt(Instant.now()).setOrderId(customer + "-o1").setStatus(OrderStatus.PLACED)
                        .setAmount(new BigDecimal("42.00")).setCurrency("EUR").setChannel(OrderChannel.WEB).build();
                int index = n;
                producer.send(new ProducerRecord<>(topic, customer, avro.serialize(topic, order)), (metadata, e) -> {
                    if (e == null) {
                        appended.set(index, metadata.timestamp());
                    }
                });
            }
            producer.flush();
        }
        return (total - warmUp) / ((System.nanoTime() - measuredFrom) / 1e9);
    }

    private static void readScores(Settings settings, String topic, AtomicLongArray scored, AtomicLongArray seen,
                                   AtomicBoolean reading, AtomicLong count) {
        Properties props = new Properties();
        props.putAll(settings.adminProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-reader");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    int index = Integer.parseInt(record.key().substring("lat-".length()));
                    // The first score of each customer is the one its order made.
                    if (record.value() != null && scored.compareAndSet(index, 0, record.timestamp())) {
                        seen.set(index, now);
                        count.incrementAndGet();
                    }
                }
            }
        }
    }

    private static Result result(int rate, double reached, int warmUp, int total, AtomicLongArray appended,
                                 AtomicLongArray scored, AtomicLongArray seen) {
        long[] toAppend = new long[total - warmUp];
        long[] toSeen = new long[total - warmUp];
        int counted = 0;
        int missing = 0;
        for (int n = warmUp; n < total; n++) {
            if (appended.get(n) == 0 || scored.get(n) == 0) {
                missing++;
                continue;
            }
            toAppend[counted] = Math.max(0, scored.get(n) - appended.get(n));
            toSeen[counted] = Math.max(0, seen.get(n) - appended.get(n));
            counted++;
        }
        long[] a = Arrays.copyOf(toAppend, counted);
        long[] s = Arrays.copyOf(toSeen, counted);
        Arrays.sort(a);
        Arrays.sort(s);
        return new Result(rate, reached, counted, a, s, missing);
    }
}
