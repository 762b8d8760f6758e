package dev.cdyn.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.serde.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeadLetterDeserializationHandlerTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GARBAGE = "not avro".getBytes(StandardCharsets.UTF_8);

    private DeadLetterDeserializationHandler handler;
    private ConsumerRecord<byte[], byte[]> record;
    private ErrorHandlerContext context;

    @BeforeEach
    void setUp() {
        handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "dead"));
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[] {1});
        record = new ConsumerRecord<>("cdyn.calls", 3, 42L, 1_000L, TimestampType.CREATE_TIME, KEY.length,
                GARBAGE.length, KEY, GARBAGE, headers, Optional.empty());
        context = new SourceContext("cdyn.calls", 3, 42L, headers, "calls-source", 1_000L, KEY, GARBAGE);
    }

    @Test
    void unreadableBytesBecomeADeadLetterWithTheirReasonAndCoordinates() {
        var response = handler.handleError(context, record, new SerializationException("No magic byte: 0x6e"));
        assertEquals(DeserializationExceptionHandler.Result.RESUME, response.result());
        List<ProducerRecord<byte[], byte[]>> letters = response.deadLetterQueueRecords();
        assertEquals(1, letters.size());
        ProducerRecord<byte[], byte[]> letter = letters.get(0);
        assertEquals("dead", letter.topic());
        assertArrayEquals(KEY, letter.key());
        assertArrayEquals(GARBAGE, letter.value());
        assertEquals(1_000L, letter.timestamp());
        assertEquals(RejectReason.UNREADABLE.code(), DeadLetters.text(letter.headers(), DeadLetters.REASON));
        assertEquals("No magic byte: 0x6e", DeadLetters.text(letter.headers(), DeadLetters.MESSAGE));
        assertEquals(SerializationException.class.getName(), DeadLetters.text(letter.headers(), DeadLetters.EXCEPTION));
        assertEquals("cdyn.calls", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_TOPIC));
        assertEquals("3", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_PARTITION));
        assertEquals("42", DeadLetters.text(letter.headers(), DeadLetters.SOURCE_OFFSET));
        assertArrayEquals(new byte[] {1}, letter.headers().lastHeader("trace").value(), "original headers kept");
    }

    @Test
    void unavailableRegistryFailsAndDeadLettersNothing() {
        var response = handler.handleError(context, record,
                new SchemaRegistryUnavailableException("registry down", null));
        assertEquals(DeserializationExceptionHandler.Result.FAIL, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty());
    }

    @Test
    void missingDeadLetterTopicStopsStartUpNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new DeadLetterDeserializationHandler().configure(Map.of()));
        assertTrue(e.getMessage().contains(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
    }
}
