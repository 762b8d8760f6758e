package dev.cdyn.ingest;

import static dev.cdyn.topology.Events.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdyn.topology.Events;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void everyHeaderValueIsCutToItsBoundWithAnEllipsis() {
        Headers headers = DeadLetters.describe(new RecordHeaders(), RejectReason.MISSING_CUSTOMER_ID, "E",
                "m".repeat(5_000), "t".repeat(5_000), 0, 7L);
        String message = DeadLetters.text(headers, DeadLetters.MESSAGE);
        assertEquals(DeadLetters.MAX_HEADER_CHARS, message.length());
        assertTrue(message.endsWith(DeadLetters.ELLIPSIS));
        assertEquals(DeadLetters.MAX_HEADER_CHARS, DeadLetters.text(headers, DeadLetters.SOURCE_TOPIC).length());
        assertEquals("7", DeadLetters.text(headers, DeadLetters.SOURCE_OFFSET));
    }

    @Test
    void shortValuesAreKeptAsTheyAre() {
        assertEquals("m".repeat(DeadLetters.MAX_HEADER_CHARS), DeadLetters.bounded("m".repeat(DeadLetters.MAX_HEADER_CHARS)));
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String cut = DeadLetters.bounded("a" + emoji.repeat(DeadLetters.MAX_HEADER_CHARS));
        String kept = cut.substring(0, cut.length() - DeadLetters.ELLIPSIS.length());
        assertTrue(!Character.isHighSurrogate(kept.charAt(kept.length() - 1)), "ends on a whole character");
    }

    @Test
    void payloadIsCopiedWhenKeyAndValueFit() {
        assertEquals(Optional.empty(), DeadLetters.payloadOmission(new byte[10], Events.order("o", "c1", T0).build()));
    }

    @Test
    void payloadTooLargeToCopyIsOmitted() {
        var large = Events.order("o", "c".repeat(DeadLetters.MAX_PAYLOAD_BYTES), T0).build();
        assertTrue(DeadLetters.payloadOmission(null, large).orElseThrow().contains("too large"));
        var justFits = Events.order("o", "c".repeat(DeadLetters.MAX_PAYLOAD_BYTES / 2), T0).build();
        assertEquals(Optional.empty(), DeadLetters.payloadOmission(null, justFits));
        assertTrue(DeadLetters.payloadOmission(new byte[DeadLetters.MAX_PAYLOAD_BYTES / 2 + 1], justFits).isPresent(),
                "the key counts too");
    }

    @Test
    void payloadThatCannotBeWrittenUnderItsContractIsOmitted() {
        var order = Events.order("o", "c1", T0).setAmount(new BigDecimal("12345678901234567890")).build();
        assertTrue(DeadLetters.payloadOmission(null, order).orElseThrow().contains("cannot be written"));
    }
}
