package dev.cdyn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings and topics tables are the ones the code generates, so docs and code cannot drift. */
class DocsTest {

    private static final Path README = Path.of("..", "README.md");

    private static String between(String text, String marker) {
        String begin = "<!-- " + marker + ":begin -->\n";
        String end = "<!-- " + marker + ":end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertTrue(from >= 0 && to > from, "README.md lacks the " + marker + " markers");
        return text.substring(from + begin.length(), to);
    }

    @Test
    void readmeSettingsTableIsGeneratedFromTheConfigDef() throws IOException {
        String table = SettingsDoc.settingsTable();
        assertEquals(table, between(Files.readString(README), "settings"),
                "README.md's settings table is out of date; put this between its settings markers:\n" + table);
    }

    @Test
    void readmeTopicsTableIsGeneratedFromTheTopicRegistry() throws IOException {
        String table = SettingsDoc.topicsTable();
        assertEquals(table, between(Files.readString(README), "topics"),
                "README.md's topics table is out of date; put this between its topics markers:\n" + table);
    }

    @Test
    void everySettingAndEveryTopicIsInTheTables() {
        String settings = SettingsDoc.settingsTable();
        Settings.definition().names().forEach(key -> assertTrue(settings.contains("| `" + key + "` |"), key));
        String topics = SettingsDoc.topicsTable();
        Topics.external().forEach(topic -> assertTrue(topics.contains("| `" + topic.setting() + "` | `"
                + topic.defaultName() + "` |"), topic.setting()));
    }
}
