package dev.cdyn.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one thing the topology needs from the serialization layer: a configured serde per contract.
 * {@link #fromConfig} gives this project's implementation; an adapter over Confluent's
 * {@code SpecificAvroSerde} would do as well, since both write the same bytes.
 */
public interface AvroSerdes {

    <T extends SpecificRecord> Serde<T> forValues(Class<T> type);

    <T extends SpecificRecord> Serde<T> forKeys(Class<T> type);

    /** The same serdes over the same registry, with some settings changed (a subject strategy, say). */
    AvroSerdes with(Map<String, ?> overrides);

    /** Serdes over the registry the configuration names (Confluent's keys; see {@link SerdeConfig}). */
    static RegistryAvroSerdes fromConfig(Map<String, ?> config) {
        return new RegistryAvroSerdes(config);
    }
}
