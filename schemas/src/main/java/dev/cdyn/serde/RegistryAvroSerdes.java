package dev.cdyn.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** {@link AvroSerdes} over one registry client, shared by every serde it makes (so one cache). */
public final class RegistryAvroSerdes implements AvroSerdes, AutoCloseable {

    private final Map<String, ?> config;
    private final SchemaRegistry registry;

    RegistryAvroSerdes(Map<String, ?> config) {
        this(Map.copyOf(config), SchemaRegistries.connect(new SerdeConfig(config)));
    }

    private RegistryAvroSerdes(Map<String, ?> config, SchemaRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    public AvroSerdes with(Map<String, ?> overrides) {
        Map<String, Object> changed = new HashMap<>(config);
        changed.putAll(overrides);
        new SerdeConfig(changed); // fails here, naming the key, if an override is invalid
        return new RegistryAvroSerdes(Map.copyOf(changed), registry);
    }

    public SchemaRegistry registry() {
        return registry;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
        return build(type, false);
    }

    @Override
    public <T extends SpecificRecord> Serde<T> forKeys(Class<T> type) {
        return build(type, true);
    }

    private <T extends SpecificRecord> Serde<T> build(Class<T> type, boolean isKey) {
        Serde<T> serde = Serdes.serdeFrom(new AvroSerializer<>(registry), new AvroDeserializer<>(registry, type));
        serde.configure(config, isKey);
        return serde;
    }

    @Override
    public void close() {
        registry.close();
    }
}
