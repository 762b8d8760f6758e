package dev.cdyn.serde;

import org.apache.kafka.common.KafkaException;

/**
 * The registry answered, and the answer was no. {@link #errorCode()} is Confluent's code where the
 * registry sent one (40401 subject, 40402 version, 40403 schema not found, 409 incompatible,
 * 42201 invalid schema, 42202 invalid version); {@link #httpStatus()} is the HTTP status.
 */
public class SchemaRegistryException extends KafkaException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message + " (HTTP " + httpStatus + ", error code " + errorCode + ")");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** A subject, version or schema that does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** The schema breaks the subject's compatibility rule (some registries send error code 0 with 409). */
    public boolean isIncompatible() {
        return httpStatus == 409 || errorCode == INCOMPATIBLE_SCHEMA;
    }

    /** The registry could not parse the schema, or the version is not a version. */
    public boolean isInvalid() {
        return httpStatus == 422;
    }
}
