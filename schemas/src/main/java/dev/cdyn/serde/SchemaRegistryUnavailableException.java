package dev.cdyn.serde;

import org.apache.kafka.common.errors.RetriableException;

/**
 * The registry did not answer, or answered that it could not serve the request now (408, 429, 5xx),
 * after every retry. Not a fault of the record: whoever sees this should retry the record later,
 * never dead-letter it.
 */
public class SchemaRegistryUnavailableException extends RetriableException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
