package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementTest {

    @Test
    void aPassingFailureReplacesTheThread() {
        ThreadReplacement policy = new ThreadReplacement(3);
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD,
                policy.handle(new StreamsException("broker restarted", new RuntimeException("timeout"))));
    }

    @Test
    void theSameFailureAgainAndAgainShutsTheClientDown() {
        ThreadReplacement policy = new ThreadReplacement(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(poisonAtOffset(42)));
        }
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, policy.handle(poisonAtOffset(42)));
    }

    @Test
    void differentFailuresAreCountedApart() {
        ThreadReplacement policy = new ThreadReplacement(1);
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(poisonAtOffset(1)));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, policy.handle(poisonAtOffset(2)));
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, policy.handle(poisonAtOffset(1)));
    }

    private static StreamsException poisonAtOffset(long offset) {
        return new StreamsException("Exception caught in process. taskId=1_0, topic=cdyn.calls, partition=0, offset="
                + offset, new IllegalStateException("cannot score"));
    }
}
