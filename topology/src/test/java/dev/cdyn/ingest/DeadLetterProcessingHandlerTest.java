package dev.cdyn.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterProcessingHandlerTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = "source bytes".getBytes(StandardCharsets.UTF_8);

    private DeadLetterProcessingHandler handler;
    private final Record<String, String> record = new Record<>("c1", "interaction", 1_000L);

    @BeforeEach
    void setUp() {
        handler = new DeadLetterProcessingHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead"));
    }

    private static SourceContext source(byte[] value) {
        return new SourceContext("cdyn.orders", 2, 17L, new RecordHeaders(), "score-customers", 1_000L, KEY, value);
    }

    @Test
    void aRecordAProcessorFailsOnBecomesADeadLetterAndTheAppGoesOn() {
        var response = handler.handleError(source(VALUE), record, new AvroTypeException("Cannot encode decimal"));
        assertEquals(ProcessingExceptionHandler.Result.RESUME, response.result());
        assertEquals(1, response.deadLetterQueueRecords().size());
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertEquals("dead", letter.topic());
        assertEquals(RejectReason.PROCESSING_FAILED.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertEquals(AvroTypeException.class.getName(), DeadLetters.text(letter.headers(), DeadLetters.EXCEPTION));
        assertEquals("cdyn.orders", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("2", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("17", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
        assertArrayEquals(KEY, letter.key());
        assertArrayEquals(VALUE, letter.value(), "the source record's bytes, as they were read");
    }

    @Test
    void aSourceRecordTooLargeToCopyIsReferencedByItsCoordinates() {
        byte[] large = new byte[DeadLetters.MAX_PAYLOAD_BYTES + 1];
        var response = handler.handleError(source(large), record, new IllegalStateException("boom"));
        ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
        assertNull(letter.key());
        assertNull(letter.value());
        assertEquals(DeadLetters.TOO_LARGE, DeadLetters.text(letter.headers(), DeadLetters.PAYLOAD_OMITTED));
        assertEquals("17", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
    }

    @Test
    void aLongExceptionMessageIsCutToTheHeaderBound() {
        var response = handler.handleError(source(VALUE), record, new IllegalStateException("x".repeat(400_000)));
        String message = DeadLetters.text(response.deadLetterQueueRecords().get(0).headers(), DeadLetters.MESSAGE);
        assertEquals(DeadLetters.MAX_HEADER_CHARS, message.length());
    }

    @Test
    void anOutageFailsAndDeadLettersNothing() {
        var response = handler.handleError(source(VALUE), record,
                new SchemaRegistryUnavailableException("registry down", null));
        assertEquals(ProcessingExceptionHandler.Result.FAIL, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty());
    }

    @Test
    void aFailedWriteSurfacingOnALaterRecordFailsAndDeadLettersNothing() {
        var response = handler.handleError(source(VALUE), record, new StreamsException("Producer.send `Callback` failed",
                new RecordTooLargeException("The message is 1349 bytes")));
        assertEquals(ProcessingExceptionHandler.Result.FAIL, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty(), "the record at hand is not to blame");
    }

    @Test
    void missingDeadLetterTopicStopsStartUpNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DeadLetterProcessingHandler().configure(Map.of()));
        assertTrue(e.getMessage().contains(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
    }
}
