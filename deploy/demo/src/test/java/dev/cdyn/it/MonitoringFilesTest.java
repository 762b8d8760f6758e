package dev.cdyn.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monitoring files are well-formed for Prometheus and Grafana (MetricsAndLagIT checks their metrics exist). */
class MonitoringFilesTest {

    @Test
    void everyAlertRuleHasANameAnExpressionASeverityAndAValidDuration() throws Exception {
        JsonNode groups = MonitoringFiles.rules().get("groups");
        assertTrue(groups.isArray() && !groups.isEmpty());
        Set<String> names = new HashSet<>();
        for (JsonNode group : groups) {
            assertTrue(group.hasNonNull("name"));
            for (JsonNode rule : group.get("rules")) {
                String name = rule.get("alert").asText();
                assertTrue(name.matches("[a-zA-Z_][a-zA-Z0-9_]*"), name);
                assertTrue(names.add(name), "one rule per name: " + name);
                assertFalse(rule.get("expr").asText().isBlank(), name);
                MonitoringFiles.assertBalanced(rule.get("expr").asText());
                assertFalse(MonitoringFiles.metricNames(rule.get("expr").asText()).isEmpty(), name);
                if (rule.has("for")) {
                    assertTrue(MonitoringFiles.DURATION.matcher(rule.get("for").asText()).matches(), name);
                }
                assertTrue(Set.of("warning", "critical").contains(rule.at("/labels/severity").asText()), name);
                assertTrue(rule.at("/annotations/summary").isTextual(), name);
                rule.fieldNames().forEachRemaining(field -> assertTrue(
                        Set.of("alert", "expr", "for", "labels", "annotations", "keep_firing_for").contains(field),
                        name + " has an unknown field " + field));
            }
        }
        assertEquals(Set.of("CdynConsumerLagGrowing", "CdynDeadLettersHigh", "CdynNotRunning", "CdynScoreLatencyHigh",
                "CdynStreamThreadReplaced"), names);
    }

    @Test
    void prometheusScrapesMetricsAndLoadsTheRules() throws Exception {
        JsonNode config = MonitoringFiles.prometheus();
        assertEquals("alerts.yml", config.at("/rule_files/0").asText());
        assertEquals("/metrics", config.at("/scrape_configs/0/metrics_path").asText());
        assertTrue(config.at("/scrape_configs/0/static_configs/0/targets").isArray());
    }

    @Test
    void everyDashboardPanelQueriesPrometheus() throws Exception {
        JsonNode panels = MonitoringFiles.dashboard().get("panels");
        assertTrue(panels.size() >= 6);
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.get("targets")) {
                MonitoringFiles.assertBalanced(target.get("expr").asText());
                assertFalse(MonitoringFiles.metricNames(target.get("expr").asText()).isEmpty(), panel.get("title").asText());
            }
        }
    }

    @Test
    void metricNamesAreTheSelectorsNotFunctionsLabelsOrKeywords() {
        assertEquals(Set.of("a_total", "b"), MonitoringFiles.metricNames(
                "sum by (job, le) (rate(a_total{reason=\"x y\", job=~\"$job\"}[5m])) > 1 and on (job) b offset 5m"));
        assertEquals(Set.of("lag"), MonitoringFiles.metricNames("deriv(sum by (job) (lag)[10m:1m]) > 0.5e3"));
    }
}
