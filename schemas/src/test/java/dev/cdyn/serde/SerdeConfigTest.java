package dev.cdyn.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {

    @Test
    void confluentClientConfigurationWorksUnchanged() throws IOException {
        Properties confluent = new Properties();
        confluent.load(new StringReader("""
                bootstrap.servers=broker:9092
                schema.registry.url=https://registry-a:8081,https://registry-b:8081
                basic.auth.credentials.source=USER_INFO
                basic.auth.user.info=app:secret
                auto.register.schemas=false
                use.latest.version=true
                specific.avro.reader=true
                value.subject.name.strategy=io.confluent.kafka.serializers.subject.TopicRecordNameStrategy
                key.subject.name.strategy=io.confluent.kafka.serializers.subject.RecordNameStrategy
                """));
        Map<String, Object> map = new HashMap<>();
        confluent.forEach((k, v) -> map.put((String) k, v));
        SerdeConfig config = new SerdeConfig(map);
        assertEquals(2, config.registryUrls().size());
        assertEquals("app:secret", config.userInfo());
        assertEquals(false, config.autoRegisterSchemas());
        assertEquals(true, config.useLatestVersion());
        assertEquals(true, config.specificAvroReader());
        assertEquals(SubjectNameStrategy.TOPIC_RECORD_NAME, config.subjectNameStrategy(false));
        assertEquals(SubjectNameStrategy.RECORD_NAME, config.subjectNameStrategy(true));
        assertInstanceOf(HttpSchemaRegistry.class, SchemaRegistries.connect(config));
    }

    @Test
    void missingRegistryUrlNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of()));
        assertTrue(e.getMessage().contains(SerdeConfig.SCHEMA_REGISTRY_URL), e.getMessage());
    }

    @Test
    void unknownStrategyNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "mock://x", SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "ByMood")));
        assertTrue(e.getMessage().contains(SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY), e.getMessage());
    }

    @Test
    void userInfoSourceWithoutUserInfoNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081",
                SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")));
        assertTrue(e.getMessage().contains(SerdeConfig.BASIC_AUTH_USER_INFO), e.getMessage());
    }

    @Test
    void nonNumericRetriesNamesTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SerdeConfig(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081", SerdeConfig.MAX_RETRIES, "many")));
        assertTrue(e.getMessage().contains(SerdeConfig.MAX_RETRIES), e.getMessage());
    }

    @Test
    void mockUrlCannotBeMixedWithRealOnes() {
        SerdeConfig config = new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://a,http://r:8081"));
        ConfigException e = assertThrows(ConfigException.class, () -> SchemaRegistries.connect(config));
        assertTrue(e.getMessage().contains(SerdeConfig.SCHEMA_REGISTRY_URL), e.getMessage());
    }

    @Test
    void mockUrlSelectsTheScopesInMemoryRegistry() {
        SerdeConfig config = new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://config-test"));
        assertEquals(InMemorySchemaRegistry.forScope("config-test"), SchemaRegistries.connect(config));
        InMemorySchemaRegistry.dropScope("config-test");
    }

    @Test
    void credentialsInRegistryUrlsAreMaskedForLogsAndNothingElseIs() {
        assertEquals("https://***@registry.example:8081/base, http://***@other",
                SerdeConfig.withoutCredentials("https://user:s3cr%40t@registry.example:8081/base, http://key:secret@other"));
        assertEquals("http://registry.example:8081/a@b", SerdeConfig.withoutCredentials("http://registry.example:8081/a@b"));
    }

    @Test
    void theLongestRequestAddsEveryAttemptsTimeoutsAndTheLongestWaits() {
        SerdeConfig defaults = new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081"));
        // Four attempts of 60 s to connect and 60 s to be answered, and waits of up to 1, 2 and 4 s.
        assertEquals(4 * 120_000 + 1_000 + 2_000 + 4_000, defaults.longestRequestMs());
        SerdeConfig capped = new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081",
                SerdeConfig.MAX_RETRIES, 3, SerdeConfig.HTTP_CONNECT_TIMEOUT_MS, 10, SerdeConfig.HTTP_READ_TIMEOUT_MS, 10,
                SerdeConfig.RETRIES_WAIT_MS, 100, SerdeConfig.RETRIES_MAX_WAIT_MS, 150));
        assertEquals(4 * 20 + 100 + 150 + 150, capped.longestRequestMs());
    }

    @Test
    void derivedTimingsStayWithinTheirBudget() {
        for (long budget : new long[] {1, 10, 999, 5_000, 150_000}) {
            Map<String, Object> settings = new HashMap<>(SerdeConfig.timingsWithin(budget));
            settings.put(SerdeConfig.SCHEMA_REGISTRY_URL, "http://r:8081");
            long longest = new SerdeConfig(settings).longestRequestMs();
            assertTrue(longest <= Math.max(budget, 4), budget + " ms budget, " + longest + " ms longest");
        }
    }
}
