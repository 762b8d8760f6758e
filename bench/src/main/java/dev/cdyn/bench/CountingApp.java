package dev.cdyn.bench;

import dev.cdyn.app.CustomerDynamicsApp;
import dev.cdyn.app.TopicAdmin;
import dev.cdyn.config.Settings;
import dev.cdyn.ingest.EventFields;
import dev.cdyn.ingest.Source;
import dev.cdyn.local.EmbeddedKafka;
import dev.cdyn.serde.AvroSerdes;
import dev.cdyn.serde.RegistryAvroSerdes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Ceiling (b): the least a stateful exactly-once Streams application does with the application's
 * inputs. Reads the six input topics (for ceiling (b1), those of them that have records) with the
 * project's Avro serde, counts per customer id (read from the record) in a persistent RocksDB store
 * (without Streams' record cache, as the application's own state), and writes one record per input, keyed by
 * customer id, to {@code <application id>-counts}. There is no repartition, so a customer whose
 * records sit in two partitions has two counts: the cost per record is what is measured, not the
 * counts. Processing guarantee, commit interval, replication factor, and task idling when the
 * application's settings give it, are taken from those settings, and its stream threads are as
 * many as the application runs (the settings' or its default), so that both run alike; everything
 * else is Kafka Streams' default.
 */
final class CountingApp {

    static final String COUNTS_STORE = "counts-per-customer";

    private CountingApp() {
    }

    static Topology topology(Settings settings, AvroSerdes serdes, String output, Set<Source> sources) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS_STORE),
                Serdes.String(), Serdes.Long()));
        KStream<byte[], SpecificRecordBase> inputs = null;
        for (Source source : sources) {
            @SuppressWarnings("unchecked")
            Class<SpecificRecordBase> contract = (Class<SpecificRecordBase>) source.contract();
            KStream<byte[], SpecificRecordBase> records = builder.stream(settings.topic(source.topic()),
                    Consumed.with(Serdes.ByteArray(), serdes.forValues(contract)).withName("read-" + source.label()));
            inputs = inputs == null ? records : inputs.merge(records, Named.as("merge-" + source.label()));
        }
        inputs.process(CountPerCustomer::new, Named.as("count-per-customer"), COUNTS_STORE)
                .to(output, Produced.with(Serdes.String(), Serdes.Long()).withName("write-counts"));
        return builder.build();
    }

    /** Counts one more record of its customer and forwards the new count under the customer's id. */
    static final class CountPerCustomer implements Processor<byte[], SpecificRecordBase, String, Long> {

        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = context.getStateStore(COUNTS_STORE);
        }

        @Override
        public void process(Record<byte[], SpecificRecordBase> record) {
            String customer = EventFields.customerId(record.value());
            Long before = counts.get(customer);
            long count = before == null ? 1 : before + 1;
            counts.put(customer, count);
            context.forward(record.withKey(customer).withValue(count));
        }
    }

    /**
     * The span from RUNNING until the app, under id {@code <application id>-counting}, has read all
     * of the application's inputs; its state folder is removed after it.
     */
    static CatchUp.Span catchUp(Settings settings) throws Exception {
        return catchUp(settings, EnumSet.allOf(Source.class), "-counting");
    }

    /**
     * The same over some of the inputs only, under id {@code <application id><suffix>}: a workload
     * whose other inputs are empty read as a Streams application written for it alone would read it.
     */
    static CatchUp.Span catchUp(Settings settings, Set<Source> sources, String suffix) throws Exception {
        String applicationId = settings.getString(Settings.APPLICATION_ID) + suffix;
        String output = applicationId + "-counts";
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", settings.getList(Settings.BOOTSTRAP_SERVERS)));
        Properties app = settings.streamsProperties();
        for (String key : List.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                StreamsConfig.REPLICATION_FACTOR_CONFIG, StreamsConfig.GROUP_PROTOCOL_CONFIG,
                StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
            if (app.get(key) != null) {
                props.put(key, app.get(key));
            }
        }
        // As many threads as the application runs with (the run's, or its default): thread for thread.
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, CustomerDynamicsApp.streamThreads(app, Backlog.PARTITIONS));
        Path stateDir = Files.createTempDirectory("cdyn-bench-counting-");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        List<String> inputs = sources.stream().map(s -> settings.topic(s.topic())).toList();
        try (Admin admin = Admin.create(settings.adminProperties());
             RegistryAvroSerdes serdes = AvroSerdes.fromConfig(settings.serdeConfig())) {
            admin.createTopics(List.of(new NewTopic(output, Backlog.PARTITIONS, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
            TopicAdmin.awaitLeaders(admin, List.of(output), TopicAdmin.VISIBLE_WITHIN);
            CountDownLatch running = new CountDownLatch(1);
            KafkaStreams streams = new KafkaStreams(topology(settings, serdes, output, sources), props);
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    running.countDown();
                }
            });
            try {
                streams.start();
                if (!running.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not running: " + streams.state());
                }
                return CatchUp.caughtUp(admin, applicationId, inputs, streams); // from RUNNING: start-up is not throughput
            } finally {
                streams.close(Duration.ofSeconds(30));
                EmbeddedKafka.deleteQuietly(stateDir);
            }
        }
    }
}
