package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
