package dev.cdyn.serde;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/** Picks the registry a configuration names: {@code mock://scope} in memory, otherwise HTTP. */
public final class SchemaRegistries {

    static final String MOCK_SCHEME = "mock://";

    private SchemaRegistries() {
    }

    public static SchemaRegistry connect(SerdeConfig config) {
        List<String> urls = config.registryUrls();
        long mocks = urls.stream().filter(url -> url.startsWith(MOCK_SCHEME)).count();
        if (mocks == 0) {
            return new HttpSchemaRegistry(config);
        }
        if (urls.size() > 1) {
            throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL, String.join(",", urls),
                    "a mock:// URL stands alone");
        }
        return InMemorySchemaRegistry.forScope(urls.get(0).substring(MOCK_SCHEME.length()));
    }
}
