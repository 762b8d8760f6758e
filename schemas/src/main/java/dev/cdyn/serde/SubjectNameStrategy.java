package dev.cdyn.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/** How the subject that a topic's keys or values are registered under is named, as in Confluent's serdes. */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic. */
    TOPIC_NAME,
    /** The record's full name: one lineage per record type, shared by every topic. */
    RECORD_NAME,
    /** {@code <topic>-<record full name>}: several record types on one topic. */
    TOPIC_RECORD_NAME;

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> schema.getFullName();
            case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
        };
    }

    /**
     * Accepts {@code TopicNameStrategy}, Confluent's fully qualified class names such as
     * {@code io.confluent.kafka.serializers.subject.RecordNameStrategy}, and this enum's own names.
     */
    static SubjectNameStrategy parse(String key, String value) {
        String simple = value.substring(value.lastIndexOf('.') + 1).trim();
        String normalized = simple.replace("_", "").toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "topicnamestrategy", "topicname" -> TOPIC_NAME;
            case "recordnamestrategy", "recordname" -> RECORD_NAME;
            case "topicrecordnamestrategy", "topicrecordname" -> TOPIC_RECORD_NAME;
            default -> throw new ConfigException(key, value,
                    "expected TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }
}
