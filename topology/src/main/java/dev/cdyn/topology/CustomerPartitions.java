package dev.cdyn.topology;

import dev.cdyn.events.Interaction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where a customer's interactions are scored when every input has the same number of partitions
 * as the repartition topic: in the partition its id hashes to, as the Java client's default
 * partitioner would place a record keyed by it. An interaction already read from that partition
 * (a producer that keyed it by customer id) is scored where it is; any other goes through the
 * repartition topic, whose partitioner is this same function. Either way a customer is scored by
 * one task only, and a producer that keys by customer id saves the repartition's write and read.
 */
final class CustomerPartitions {

    /** An interaction, and whether it is already in its customer's partition. */
    record Routed(Interaction interaction, boolean inPlace) {
    }

    private final int partitions;

    CustomerPartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        this.partitions = partitions;
    }

    int partitions() {
        return partitions;
    }

    /** The partition of a customer's records: murmur2 of the id's UTF-8 bytes, as the default partitioner does. */
    int of(String customerId) {
        return Utils.toPositive(Utils.murmur2(customerId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Marks each interaction with whether the partition it was read from is its customer's. */
    FixedKeyProcessor<String, Interaction, Routed> router() {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, Routed> context;

            @Override
            public void init(FixedKeyProcessorContext<String, Routed> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, Interaction> record) {
                int readFrom = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
                context.forward(record.withValue(new Routed(record.value(), readFrom == of(record.key()))));
            }
        };
    }
}
