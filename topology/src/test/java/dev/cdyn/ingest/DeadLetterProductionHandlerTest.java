package dev.cdyn.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterProductionHandlerTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "source bytes".getBytes(StandardCharsets.UTF_8);
    private static final String REPARTITION = "cdyn-interactions-by-customer-repartition";

    private DeadLetterProductionHandler handler;
    private final SourceContext source =
            new SourceContext("cdyn.orders", 1, 99L, new RecordHeaders(), "interactions-by-customer-sink", 1_000L,
                    KEY, VALUE);
    private final ProducerRecord<byte[], byte[]> failed =
            new ProducerRecord<>(REPARTITION, new byte[1_200_000], new byte[1_200_000]);

    @BeforeEach
    void setUp() {
        handler = new DeadLetterProductionHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead"));
    }

    private static void assertReference(ProducerRecord<byte[], byte[]> letter) {
        assertEquals("dead", letter.topic());
        assertEquals(RejectReason.PRODUCTION_FAILED.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertEquals("cdyn.orders", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("1", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("99", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
        assertEquals(REPARTITION, DeadLetters.text(letter.headers(), DeadLetters.FAILED_TOPIC));
        assertNull(letter.key(), "a reference, not a copy");
        assertNull(letter.value(), "a reference, not a copy");
        assertTrue(DeadLetters.text(letter.headers(), DeadLetters.PAYLOAD_OMITTED).contains("referenced"));
    }

    @Test
    void aRecordTooLargeToWriteDeadLettersAReferenceAndTheAppGoesOn() {
        var response = handler.handleError(source, failed, new RecordTooLargeException("The message is 3600150 bytes"));
        assertEquals(ProductionExceptionHandler.Result.RESUME, response.result());
        assertEquals(1, response.deadLetterQueueRecords().size());
        assertReference(response.deadLetterQueueRecords().get(0));
    }

    @Test
    void aRecordThatCannotBeSerializedDeadLettersAReferenceToItsSource() {
        var response = handler.handleSerializationError(source, failed,
                new SerializationException("Cannot encode decimal with precision 21 as max precision 18"),
                SerializationExceptionOrigin.VALUE);
        assertEquals(ProductionExceptionHandler.Result.RESUME, response.result());
        assertReference(response.deadLetterQueueRecords().get(0));
    }

    @Test
    void aRetriableSendErrorIsRetriedNotDeadLettered() {
        var response = handler.handleError(source, failed, new NotLeaderOrFollowerException("moved"));
        assertEquals(ProductionExceptionHandler.Result.RETRY, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty());
    }

    @Test
    void anErrorThatIsNotTheRecordsFaultFailsTheThread() {
        var response = handler.handleError(source, failed, new TopicAuthorizationException("denied"));
        assertEquals(ProductionExceptionHandler.Result.FAIL, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty());
    }
}
