package dev.cdyn.scoring;

import dev.cdyn.config.Settings;
import java.util.Map;

/** Breaks the layering on purpose, so that {@code LayersTest} can show its rules fail when broken. */
public final class ScoringThatReachesUp {

    private ScoringThatReachesUp() {
    }

    public static int horizon() {
        return new Settings(Map.of()).modelParameters().horizonDays();
    }
}
