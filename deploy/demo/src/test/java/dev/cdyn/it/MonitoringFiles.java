package dev.cdyn.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The monitoring files in deploy/monitoring: the Prometheus configuration and alert rules (YAML,
 * read with Jackson's YAML module) and the Grafana dashboard (JSON), and the metric names their
 * PromQL expressions use.
 */
final class MonitoringFiles {

    static final Path DIR = Path.of("..", "monitoring");
    static final Path PROMETHEUS = DIR.resolve("prometheus.yml");
    static final Path RULES = DIR.resolve("alerts.yml");
    static final Path DASHBOARD = DIR.resolve("grafana").resolve("cdyn-dashboard.json");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Prometheus' duration format, as in a rule's "for". */
    static final Pattern DURATION = Pattern.compile("^(\\d+(ms|s|m|h|d|w|y))+$");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");

    private MonitoringFiles() {
    }

    static JsonNode rules() throws IOException {
        return YAML.readTree(Files.readString(RULES));
    }

    static JsonNode prometheus() throws IOException {
        return YAML.readTree(Files.readString(PROMETHEUS));
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(Files.readString(DASHBOARD));
    }

    /** Every PromQL expression of the rules and of the dashboard's panels. */
    static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        rules().get("groups").forEach(group -> group.get("rules").forEach(rule -> exprs.add(rule.get("expr").asText())));
        dashboard().get("panels").forEach(panel -> panel.get("targets").forEach(t -> exprs.add(t.get("expr").asText())));
        return exprs;
    }

    /**
     * The metric names a PromQL expression selects: identifiers outside strings, label matchers,
     * ranges and by/without/on/ignoring lists, that are neither functions (followed by a
     * parenthesis) nor keywords.
     */
    static Set<String> metricNames(String expr) {
        String text = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            boolean function = after < text.length() && text.charAt(after) == '(';
            boolean number = m.start() > 0 && (Character.isDigit(text.charAt(m.start() - 1))
                    || text.charAt(m.start() - 1) == '.');
            if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Brackets and quotes balance, as any PromQL expression's must. */
    static void assertBalanced(String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '"' && (i == 0 || expr.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted) {
                round += c == '(' ? 1 : c == ')' ? -1 : 0;
                curly += c == '{' ? 1 : c == '}' ? -1 : 0;
                square += c == '[' ? 1 : c == ']' ? -1 : 0;
                if (round < 0 || curly < 0 || square < 0) {
                    fail("unbalanced at " + i + ": " + expr);
                }
            }
        }
        assertFalse(quoted, "unclosed quote: " + expr);
        assertEquals(0, round + curly + square, "unbalanced brackets: " + expr);
    }

    /** Every metric the rules and the dashboard name is in this scrape of a running application. */
    static void assertEveryNamedMetricIsExported(String scrape) throws IOException {
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher m = IDENTIFIER.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                exported.add(m.group());
            }
        }
        Set<String> missing = new TreeSet<>();
        for (String expr : expressions()) {
            metricNames(expr).stream().filter(name -> !exported.contains(name)).forEach(missing::add);
        }
        assertTrue(missing.isEmpty(), "named by deploy/monitoring but not exported: " + missing);
    }
}
