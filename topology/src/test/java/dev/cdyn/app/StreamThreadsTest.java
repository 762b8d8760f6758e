package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdyn.config.Settings;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamThreadsTest {

    @Test
    void oneThreadPerProcessorAndNoMoreThanTheInputsPartitions() {
        assertEquals(2, CustomerDynamicsApp.defaultStreamThreads(2, 12));
        assertEquals(12, CustomerDynamicsApp.defaultStreamThreads(64, 12));
        assertEquals(1, CustomerDynamicsApp.defaultStreamThreads(4, 1));
    }

    @Test
    void withThePartitionsUnknownEveryProcessorGetsAThreadAndThereIsAlwaysOne() {
        assertEquals(8, CustomerDynamicsApp.defaultStreamThreads(8, 0));
        assertEquals(1, CustomerDynamicsApp.defaultStreamThreads(0, 0));
    }

    @Test
    void aThreadCountTheSettingsNameIsKept() {
        Properties streams = new Properties();
        streams.put("num.stream.threads", " 3");
        assertEquals(3, CustomerDynamicsApp.streamThreads(streams, 12));
        streams.put("num.stream.threads", 1);
        assertEquals(1, CustomerDynamicsApp.streamThreads(streams, 12));
        assertEquals(CustomerDynamicsApp.defaultStreamThreads(Runtime.getRuntime().availableProcessors(), 12),
                CustomerDynamicsApp.streamThreads(new Properties(), 12));
    }

    @Test
    void inputsAreScoredWhereTheyAreReadOnlyWhenAllHaveOnePartitionCount() {
        Settings settings = new Settings(Map.of());
        assertEquals(12, CustomerDynamicsApp.coPartitions(settings, Set.of(12)));
        assertEquals(0, CustomerDynamicsApp.coPartitions(settings, Set.of(6, 12)), "counts that differ");
        assertEquals(0, CustomerDynamicsApp.coPartitions(settings, Set.of()), "counts not known");
        assertEquals(0, CustomerDynamicsApp.coPartitions(new Settings(Map.of(Settings.INPUTS_PARTITIONED_BY_CUSTOMER,
                true)), Set.of(12)), "declared partitioned by customer: no routing at all");
    }
}
