package dev.cdyn.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class CustomerPartitionsTest {

    @Test
    void aCustomersPartitionIsWhereTheJavaClientPutsARecordKeyedByItsId() {
        SplittableRandom random = new SplittableRandom(7);
        for (int partitions : new int[] {1, 3, 12, 50}) {
            CustomerPartitions customers = new CustomerPartitions(partitions);
            for (int i = 0; i < 2_000; i++) {
                String id = "C-" + Long.toString(random.nextLong(), 36) + (i % 5 == 0 ? "-é" : "");
                assertEquals(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions),
                        customers.of(id), id + " over " + partitions);
            }
        }
    }

    @Test
    void aPartitionCountMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new CustomerPartitions(0));
    }
}
