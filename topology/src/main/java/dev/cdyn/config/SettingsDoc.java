package dev.cdyn.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The README's settings and topics tables, written from the definitions themselves (as Kafka's
 * {@code ConfigDef.toRst} does), so that the documentation cannot drift from the code.
 */
public final class SettingsDoc {

    private SettingsDoc() {
    }

    /** Every application setting: key, default, valid values and meaning, the most important first. */
    public static String settingsTable() {
        StringBuilder out = new StringBuilder("| key | default | valid values | meaning |\n| --- | --- | --- | --- |\n");
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(Settings.definition().configKeys().values());
        // Stable: within one importance, the order of definition.
        keys.sort(Comparator.comparing((ConfigDef.ConfigKey key) -> key.importance));
        for (ConfigDef.ConfigKey key : keys) {
            out.append("| `").append(key.name).append("` | ")
                    .append(key.hasDefault() && key.defaultValue == null ? "(none)"
                            : code(key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : null))
                    .append(" | ").append(key.validator == null ? "" : cell(key.validator.toString()))
                    .append(" | ").append(cell(key.documentation)).append(" |\n");
        }
        return out.toString();
    }

    /** Every topic a user names: setting, default name, key, value, retention and role. */
    public static String topicsTable() {
        StringBuilder out = new StringBuilder(
                "| setting | default | key | value | kept | role |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Topic<?, ?> topic : Topics.external()) {
            out.append("| `").append(topic.setting()).append("` | `").append(topic.defaultName()).append("` | ")
                    .append(topic.keyDescription()).append(" | ").append(topic.valueDescription()).append(" | ")
                    .append(retention(topic.retention())).append(" | ").append(cell(topic.description())).append(" |\n");
        }
        return out.toString();
    }

    private static String retention(Topic.Retention retention) {
        return retention.configs().isEmpty() ? "managed by Kafka Streams" : retention.configs().entrySet().stream()
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String code(String value) {
        return value == null ? "(required)" : value.isEmpty() ? "\"\"" : "`" + value + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
