package dev.cdyn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aStatLineGivesTheNameAndTheUserAndSystemTicks() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        String line = "4242 (C2 CompilerThre) S 1 1 1 0 -1 4194624 10 0 0 0 1234 56 0 0 20 0 30 0 100 0";
        assertEquals(Optional.of(Map.entry("C2 CompilerThre", 1290L)), ThreadCpu.parseStat(line));
    }

    @Test
    void aNameWithSpacesAndParenthesesIsReadToItsLastParenthesis() {
        String line = "7 (a (b) c) R 1 1 1 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 0";
        assertEquals(Optional.of(Map.entry("a (b) c", 10L)), ThreadCpu.parseStat(line));
        assertEquals(Optional.empty(), ThreadCpu.parseStat("7 (short) R 1 2"));
        assertEquals(Optional.empty(), ThreadCpu.parseStat("no name here"));
    }

    @Test
    void theJvmsCompilerAndCollectorThreadsAreKnownByName() {
        assertEquals(Optional.of(ThreadCpu.COMPILER), ThreadCpu.jvmGroup("C1 CompilerThre"));
        assertEquals(Optional.of(ThreadCpu.COMPILER), ThreadCpu.jvmGroup("C2 CompilerThre"));
        for (String gc : List.of("GC Thread#0", "G1 Conc#0", "G1 Refine#0", "VM Thread")) {
            assertEquals(Optional.of(ThreadCpu.GC), ThreadCpu.jvmGroup(gc), gc);
        }
        assertEquals(Optional.empty(), ThreadCpu.jvmGroup("data-plane-kaf"));
        assertTrue(ThreadCpu.isClientIo("kafka-producer-network-thread | app-StreamThread-1-producer"));
        assertFalse(ThreadCpu.isClientIo("app-1234-StreamThread-1"));
    }

    @Test
    void theRestIsTheProcessLessTheGroupsAndAGroupNeverGoesBack() {
        ThreadCpu.Sample before = new ThreadCpu.Sample(1_000_000_000L,
                Map.of(ThreadCpu.READERS, 100_000_000L, ThreadCpu.COMPILER, 400_000_000L));
        // the compiler lost a thread (less than before): nothing of it counts, and the rest takes it
        ThreadCpu.Sample after = new ThreadCpu.Sample(3_000_000_000L,
                Map.of(ThreadCpu.READERS, 1_100_000_000L, ThreadCpu.COMPILER, 300_000_000L, ThreadCpu.GC, 200_000_000L));
        Map<String, Double> seconds = before.secondsTo(after);
        assertEquals(1.0, seconds.get(ThreadCpu.READERS), 1e-9);
        assertEquals(0.0, seconds.get(ThreadCpu.COMPILER), 1e-9);
        assertEquals(0.2, seconds.get(ThreadCpu.GC), 1e-9);
        assertEquals(0.0, seconds.get(ThreadCpu.CLIENT_IO), 1e-9);
        assertEquals(0.8, seconds.get(ThreadCpu.REST), 1e-9);
        assertEquals(List.of(ThreadCpu.READERS, ThreadCpu.CLIENT_IO, ThreadCpu.COMPILER, ThreadCpu.GC, ThreadCpu.REST),
                List.copyOf(seconds.keySet()));
    }

    @Test
    void thisProcessHasCompilerTimeWhereProcReadsIt() {
        ThreadCpu.Sample sample = ThreadCpu.now(name -> name.equals(Thread.currentThread().getName()));
        assertTrue(sample.processNanos() > 0);
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            assertTrue(sample.groups().getOrDefault(ThreadCpu.COMPILER, 0L) > 0, "a JVM that ran a test compiled something");
        }
    }
}
