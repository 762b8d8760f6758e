package dev.cdyn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.serde.SchemaRegistryUnavailableException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadReplacementTest {

    private static final StreamThreadExceptionResponse REPLACE = StreamThreadExceptionResponse.REPLACE_THREAD;
    private static final StreamThreadExceptionResponse SHUT_DOWN = StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    private static final Duration WINDOW = Duration.ofMinutes(10);

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<Duration> pauses = new ArrayList<>();

    private ThreadReplacement policy(int maxRepeats, int maxOutageRepeats) {
        return new ThreadReplacement(maxRepeats, maxOutageRepeats, WINDOW, 1, clock, pauses::add);
    }

    private static StreamsException poisonAtOffset(long offset) {
        return new StreamsException("Exception caught in process. taskId=1_0, processor=score, topic=cdyn.calls,"
                + " partition=0, offset=" + offset + ", stacktrace=...", new IllegalStateException("cannot score"));
    }

    private static StreamsException registryDown(String detail) {
        Exception network = detail.hashCode() % 2 == 0 ? new ConnectException("Connection refused")
                : new HttpTimeoutException("request timed out");
        return new StreamsException("Deserialization exception handler is set to fail upon a deserialization error",
                new SchemaRegistryUnavailableException("The schema registry did not answer GET /schemas/ids/" + detail,
                        network));
    }

    @Test
    void aPassingFailureReplacesTheThread() {
        assertEquals(REPLACE, policy(3, 10).handle(new StreamsException("broker restarted",
                new IllegalStateException("task corrupted"))));
        assertEquals(List.of(), pauses, "no wait for a failure that is not an outage");
    }

    @Test
    void theSameRecordFailingAgainAndAgainShutsTheClientDown() {
        ThreadReplacement policy = policy(3, 10);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertEquals(REPLACE, policy.handle(poisonAtOffset(42)));
        }
        assertEquals(SHUT_DOWN, policy.handle(poisonAtOffset(42)));
    }

    @Test
    void differentRecordsAreCountedApart() {
        ThreadReplacement policy = policy(1, 10);
        assertEquals(REPLACE, policy.handle(poisonAtOffset(1)));
        assertEquals(REPLACE, policy.handle(poisonAtOffset(2)));
        assertEquals(SHUT_DOWN, policy.handle(poisonAtOffset(1)));
    }

    @Test
    void aRecordIsKnownByItsCoordinatesWhateverTheMessageAroundThem() {
        ThreadReplacement policy = policy(1, 10);
        assertEquals(REPLACE, policy.handle(poisonAtOffset(7)));
        StreamsException sameRecordOtherWording = new StreamsException("Failed to process stream task 1_0 due to:"
                + " topic=cdyn.calls, partition=0, offset=7 (retry)", new IllegalStateException("cannot score again"));
        assertEquals(SHUT_DOWN, policy.handle(sameRecordOtherWording));
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() {
        ThreadReplacement policy = policy(2, 10);
        assertEquals(REPLACE, policy.handle(poisonAtOffset(42)));
        assertEquals(REPLACE, policy.handle(poisonAtOffset(42)));
        clock.advance(WINDOW.plusSeconds(1));
        assertEquals(REPLACE, policy.handle(poisonAtOffset(42)), "the first two are past the window");
        assertEquals(REPLACE, policy.handle(poisonAtOffset(42)));
        assertEquals(SHUT_DOWN, policy.handle(poisonAtOffset(42)));
    }

    @Test
    void separateShortOutagesNeverAddUpToAShutdown() {
        ThreadReplacement policy = policy(3, 5);
        for (int outage = 0; outage < 20; outage++) {
            for (int failure = 0; failure < 4; failure++) {
                assertEquals(REPLACE, policy.handle(registryDown("" + outage)), "outage " + outage);
                clock.advance(Duration.ofSeconds(5));
            }
            clock.advance(WINDOW);
        }
    }

    @Test
    void anOutageIsCountedAsOneWhateverTheNetworkSaid() {
        ThreadReplacement policy = policy(3, 5);
        for (int i = 1; i <= 5; i++) {
            assertEquals(REPLACE, policy.handle(registryDown("" + i)));
        }
        assertEquals(SHUT_DOWN, policy.handle(registryDown("6")), "an outage that does not end within the window");
    }

    @Test
    void anOutageDoesNotCountAgainstTheRecordBeingRead() {
        ThreadReplacement policy = policy(1, 20);
        StreamsException brokerTimeout = new StreamsException("Exception caught in process. taskId=0_1,"
                + " topic=cdyn.orders, partition=1, offset=9", new TimeoutException("Expiring 3 record(s)"));
        for (int i = 0; i < 5; i++) {
            assertEquals(REPLACE, policy.handle(brokerTimeout));
        }
        assertEquals(REPLACE, policy.handle(new StreamsException("Exception caught in process. taskId=0_1,"
                + " topic=cdyn.orders, partition=1, offset=9", new SerializationException("corrupt"))),
                "the record's own first failure");
    }

    @Test
    void eachReplacementAfterAnOutageWaitsLongerUpToALimit() {
        ThreadReplacement policy = policy(3, 20);
        for (int i = 0; i < 7; i++) {
            policy.handle(registryDown("1"));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                ThreadReplacement.MAX_PAUSE, ThreadReplacement.MAX_PAUSE, ThreadReplacement.MAX_PAUSE), pauses);
        clock.advance(WINDOW.plusSeconds(1));
        policy.handle(registryDown("1"));
        assertEquals(Duration.ofSeconds(1), pauses.get(pauses.size() - 1), "a new outage starts over");
    }

    @Test
    void anOutageThatMeetsEveryThreadIsAllowedAsOftenPerThread() {
        ThreadReplacement policy = new ThreadReplacement(3, 5, WINDOW, 2, clock, pauses::add);
        for (int outage = 1; outage <= 5; outage++) {
            assertEquals(REPLACE, policy.handle(registryDown("" + outage)), "the first thread, outage " + outage);
            assertEquals(REPLACE, policy.handle(registryDown("" + outage)), "the second thread, outage " + outage);
        }
        assertEquals(SHUT_DOWN, policy.handle(registryDown("6")), "more than five per thread within the window");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(8),
                ThreadReplacement.MAX_PAUSE, ThreadReplacement.MAX_PAUSE), pauses, "the waits grow once per round");
    }

    @Test
    void aFailureWithoutRecordOnEveryThreadIsAllowedAsOftenPerThread() {
        ThreadReplacement policy = new ThreadReplacement(1, 20, WINDOW, 3, clock, pauses::add);
        StreamsException everywhere = new StreamsException("task failed", new IllegalStateException("no memory map"));
        for (int thread = 1; thread <= 3; thread++) {
            assertEquals(REPLACE, policy.handle(everywhere), "thread " + thread);
        }
        assertEquals(SHUT_DOWN, policy.handle(everywhere), "a second round");
    }

    @Test
    void withoutNamedRecordTheCauseTellsFailuresApart() {
        String first = ThreadReplacement.failedOn(new StreamsException("task failed", new IllegalStateException("a")));
        String second = ThreadReplacement.failedOn(new StreamsException("task failed", new IllegalStateException("b")));
        assertTrue(first.contains("IllegalStateException: a"), first);
        assertTrue(!first.equals(second), "two causes, two counts");
    }
}
