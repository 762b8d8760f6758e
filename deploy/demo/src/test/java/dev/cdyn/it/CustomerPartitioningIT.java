package dev.cdyn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.activity.CustomerActivity;
import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.TopicAdmin;
import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.events.Interaction;
import dev.cdyn.events.OrderChannel;
import dev.cdyn.events.OrderEvent;
import dev.cdyn.events.OrderStatus;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.serde.AvroDeserializer;
import dev.cdyn.serde.AvroSerializer;
import dev.cdyn.topology.Names;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inputs with equal partition counts on a real broker: orders keyed by customer id are scored
 * where they are read, orders keyed by anything else go through the repartition topic, and a
 * retry that takes the other way meets its first copy in the same customer's state all the same.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CustomerPartitioningIT {

    private static final int PARTITIONS = 4;
    private static final int CUSTOMERS = 40;
    private static final int ORDERS_EACH = 3;

    @BeforeAll
    static void cluster() throws Exception {
        RealCluster.start();
    }

    @Test
    void everyOrderCountsOnceWhicheverWayItCame() throws Exception {
        Settings settings = RealCluster.freshNames("partitioning", Map.of());
        try (Admin admin = Admin.create(settings.adminProperties())) {
            TopicAdmin.create(admin, settings, Topics.external(), PARTITIONS, (short) 1);
        }
        String orders = settings.topic(Topics.ORDERS);
        Instant start = Instant.now().minus(20, ChronoUnit.DAYS);
        int moves = 0;
        try (CustomerDynamicsApp app = new CustomerDynamicsApp(settings).start()) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "running");
            AvroSerializer<Object> avro = new AvroSerializer<>();
            avro.configure(settings.serdeConfig(), false);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.adminProperties(),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int o = 0; o < ORDERS_EACH; o++) {
                    for (int c = 0; c < CUSTOMERS; c++) {
                        // Half the customers' producer keys by customer id, the other half's by order (their
                        // orders then cross partitions out of order: all within the grace).
                        String customer = "cust-" + c;
                        OrderEvent order = order(customer + "-e" + o, customer, start.plus(o * 2L + c % 3, ChronoUnit.DAYS));
                        String key = c % 2 == 0 ? customer : "order-" + order.getEventId();
                        byte[] value = avro.serialize(orders, order);
                        // Every fourth customer's orders are sent twice: a retry meets its first copy.
                        int copies = c % 4 == 0 ? 2 : 1;
                        for (int copy = 0; copy < copies; copy++) {
                            producer.send(new ProducerRecord<>(orders, key, value));
                        }
                        boolean inPlace = BuiltInPartitioner.partitionForKey(bytes(key), PARTITIONS)
                                == BuiltInPartitioner.partitionForKey(bytes(customer), PARTITIONS);
                        moves += inPlace ? 0 : copies;
                    }
                }
                producer.flush();
            }
            RealCluster.awaitCaughtUp(settings, Duration.ofSeconds(90));
            ReadOnlyKeyValueStore<String, CustomerActivity> activities = app.streams().store(StoreQueryParameters
                    .fromNameAndType(Names.CUSTOMER_ACTIVITY_STORE, QueryableStoreTypes.keyValueStore()));
            for (int c = 0; c < CUSTOMERS; c++) {
                assertEquals(ORDERS_EACH, activities.get("cust-" + c).lifetimeOrders(), "cust-" + c);
            }
        }

        AvroDeserializer<Interaction> interactions = new AvroDeserializer<>(Interaction.class);
        interactions.configure(settings.serdeConfig(), false);
        Map<String, Long> taken = RealCluster.readAll(settings, settings.topic(Topics.INTERACTIONS), interactions).stream()
                .collect(Collectors.groupingBy(r -> r.value().getEventId(), Collectors.counting()));
        assertEquals(CUSTOMERS * ORDERS_EACH, taken.size(), "every order taken in");
        assertTrue(taken.values().stream().allMatch(n -> n == 1), "and each once: " + taken);

        AvroDeserializer<CustomerScore> scores = new AvroDeserializer<>(CustomerScore.class);
        scores.configure(settings.serdeConfig(), false);
        Map<String, CustomerScore> last = new HashMap<>();
        RealCluster.readAll(settings, settings.topic(Topics.SCORES), scores).forEach(r -> last.put(r.key(), r.value()));
        assertEquals(CUSTOMERS, last.size());
        last.values().forEach(score -> assertTrue(score.getFeatures().get("lifetime_orders") <= ORDERS_EACH,
                score.getCustomerId()));

        // Exactly what was not already in its customer's partition went through the repartition topic.
        List<ConsumerRecord<String, byte[]>> moved = RealCluster.readAll(settings,
                Topics.INTERACTIONS_BY_CUSTOMER.name(settings), new ByteArrayDeserializer());
        assertEquals(moves, moved.size());
        assertTrue(moves > CUSTOMERS / 2, "most orders keyed otherwise moved: " + moves);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static OrderEvent order(String eventId, String customerId, Instant at) {
        return OrderEvent.newBuilder().setEventId(eventId).setCustomerId(customerId).setOccurredAt(at)
                .setOrderId("o-" + eventId).setStatus(OrderStatus.PLACED).setAmount(new BigDecimal("80.00"))
                .setCurrency("EUR").setChannel(OrderChannel.WEB).setDeliveryDelayHours(null).build();
    }
}
