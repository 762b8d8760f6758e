package dev.cdyn.serde;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's settings, under the keys Confluent's Avro serde uses, so that a Confluent client
 * configuration file works unchanged. Validated once; an error names the offending key.
 */
public final class SerdeConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Confluent accepts the user info under this prefixed key as well. */
    public static final String PREFIXED_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String MAX_SCHEMAS_PER_SUBJECT = "max.schemas.per.subject";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    /** TLS to the registry: Confluent's names, the Kafka client's {@code ssl.*} settings under this prefix. */
    public static final String SSL_PREFIX = "schema.registry.";
    public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "ssl.key.password";

    /** The settings that decide how long one request to the registry may keep its caller waiting. */
    public static final List<String> TIMING_SETTINGS =
            List.of(HTTP_CONNECT_TIMEOUT_MS, HTTP_READ_TIMEOUT_MS, MAX_RETRIES, RETRIES_WAIT_MS, RETRIES_MAX_WAIT_MS);

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Comma-separated URLs of the schema registry, or mock://SCOPE for an in-memory registry"
                            + " shared by everything in this JVM that names the same scope.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under its subject when serializing.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Serialize with the latest schema registered under the subject instead of the record's own.")
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Without a reader class: decode into the generated class named by the writer's schema"
                            + " instead of a GenericRecord.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.MEDIUM,
                    "How the key's subject is named: TopicNameStrategy, RecordNameStrategy or"
                            + " TopicRecordNameStrategy (Confluent's class names are accepted too).")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.MEDIUM,
                    "How the value's subject is named; as " + KEY_SUBJECT_NAME_STRATEGY + ".")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "URL",
                    ConfigDef.CaseInsensitiveValidString.in("URL", "USER_INFO"), Importance.MEDIUM,
                    "Where HTTP basic credentials come from: USER_INFO (" + BASIC_AUTH_USER_INFO
                            + ") or URL (user:password@host in the URL).")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "user:password for HTTP basic authentication.")
            .define(PREFIXED_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.LOW,
                    "The same as " + BASIC_AUTH_USER_INFO + ".")
            .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Time allowed to connect to the registry.")
            .define(HTTP_READ_TIMEOUT_MS, Type.INT, 60_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Time allowed for the registry's answer to one request.")
            .define(MAX_RETRIES, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Retries of a request the registry did not answer, or answered with 408, 429 or 5xx.")
            .define(RETRIES_WAIT_MS, Type.INT, 1_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Wait before the first retry; it doubles with each further retry.")
            .define(RETRIES_MAX_WAIT_MS, Type.INT, 20_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "Longest wait between two retries.")
            .define(MAX_SCHEMAS_PER_SUBJECT, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "How many schemas the client caches, per cache.")
            .define(LATEST_CACHE_TTL_SEC, Type.LONG, -1L, Importance.LOW,
                    "How long the latest version of a subject is cached, in seconds; -1 for as long as the"
                            + " client lives.")
            .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                    "Trust store of the certificates that sign the registry's (https:// URLs); none: the JVM's.")
            .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.")
            .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "JKS, PKCS12 or PEM.")
            .define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                    "Key store of this client's certificate, for a registry that requires one (mutual TLS).")
            .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the key store.")
            .define(SSL_KEYSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "JKS, PKCS12 or PEM.")
            .define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of the private key in the key store.");

    public SerdeConfig(Map<String, ?> originals) {
        super(DEFINITION, originals, false);
        SubjectNameStrategy.parse(KEY_SUBJECT_NAME_STRATEGY, getString(KEY_SUBJECT_NAME_STRATEGY));
        SubjectNameStrategy.parse(VALUE_SUBJECT_NAME_STRATEGY, getString(VALUE_SUBJECT_NAME_STRATEGY));
        if (registryUrls().isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, "", "at least one URL is required");
        }
        if ("USER_INFO".equals(credentialsSource()) && userInfo() == null) {
            throw new ConfigException(BASIC_AUTH_USER_INFO, null,
                    BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs user:password here");
        }
    }

    /**
     * A text fit to log or show with every registry URL in it stripped of its credentials:
     * {@code https://user:secret@host} becomes {@code https://***@host}.
     */
    public static String withoutCredentials(String text) {
        return text.replaceAll("//[^/?#\\s]*@", "//***@");
    }

    /**
     * The registry's TLS settings, set ones only, under the Kafka client's names ({@code ssl.truststore.location}
     * ...); empty when none is set.
     */
    public Map<String, Object> sslSettings() {
        Map<String, Object> ssl = new HashMap<>();
        if (getString(SSL_TRUSTSTORE_LOCATION) == null && getString(SSL_KEYSTORE_LOCATION) == null) {
            return ssl;
        }
        for (String key : List.of(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE,
                SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE, SSL_KEY_PASSWORD)) {
            Object value = get(key);
            if (value != null) {
                ssl.put(key.substring(SSL_PREFIX.length()), value);
            }
        }
        return ssl;
    }

    public List<String> registryUrls() {
        return getList(SCHEMA_REGISTRY_URL).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION);
    }

    public boolean specificAvroReader() {
        return getBoolean(SPECIFIC_AVRO_READER);
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String key = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        return SubjectNameStrategy.parse(key, getString(key));
    }

    public String credentialsSource() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE).toUpperCase(Locale.ROOT);
    }

    /** user:password from either accepted key, or null. */
    public String userInfo() {
        var info = getPassword(BASIC_AUTH_USER_INFO);
        if (info == null) {
            info = getPassword(PREFIXED_BASIC_AUTH_USER_INFO);
        }
        return info == null ? null : info.value();
    }

    public int connectTimeoutMs() {
        return getInt(HTTP_CONNECT_TIMEOUT_MS);
    }

    public int readTimeoutMs() {
        return getInt(HTTP_READ_TIMEOUT_MS);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public int retriesWaitMs() {
        return getInt(RETRIES_WAIT_MS);
    }

    public int retriesMaxWaitMs() {
        return getInt(RETRIES_MAX_WAIT_MS);
    }

    /**
     * The longest one request to the registry can keep its caller waiting: every attempt running
     * into its connect and its read timeout, with the longest wait before each retry.
     */
    public long longestRequestMs() {
        Backoff backoff = Backoff.from(this);
        long total = (maxRetries() + 1L) * ((long) connectTimeoutMs() + readTimeoutMs());
        for (int retry = 1; retry <= maxRetries(); retry++) {
            total += backoff.longestWaitMs(retry);
        }
        return total;
    }

    /**
     * Values of {@link #TIMING_SETTINGS} under which {@link #longestRequestMs()} stays within
     * {@code budgetMs}: two attempts, each allowed a fifth of it to connect and a fifth to be
     * answered, and a tenth between them.
     */
    public static Map<String, Object> timingsWithin(long budgetMs) {
        int fifth = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetMs / 5));
        int tenth = (int) Math.max(0, Math.min(Integer.MAX_VALUE, budgetMs / 10));
        return Map.of(HTTP_CONNECT_TIMEOUT_MS, fifth, HTTP_READ_TIMEOUT_MS, fifth, MAX_RETRIES, 1,
                RETRIES_WAIT_MS, tenth, RETRIES_MAX_WAIT_MS, tenth);
    }

    public int cacheCapacity() {
        return getInt(MAX_SCHEMAS_PER_SUBJECT);
    }

    public long latestCacheTtlSec() {
        return getLong(LATEST_CACHE_TTL_SEC);
    }
}
