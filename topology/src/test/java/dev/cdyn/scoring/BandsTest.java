package dev.cdyn.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BandsTest {

    private static final double[] LINES = {0.25, 0.5, 0.75};

    @Test
    void plainLevelsFollowTheLines() {
        assertEquals(0, Bands.level(0.0, LINES));
        assertEquals(1, Bands.level(0.25, LINES));
        assertEquals(2, Bands.level(0.74, LINES));
        assertEquals(3, Bands.level(0.99, LINES));
    }

    @Test
    void aScoreWobblingAroundALineDoesNotFlap() {
        List<Integer> levels = new ArrayList<>();
        int level = Bands.level(0.45, LINES);
        for (double risk : new double[] {0.49, 0.51, 0.49, 0.52, 0.48, 0.525, 0.531, 0.51, 0.48, 0.471, 0.469}) {
            level = Bands.level(risk, LINES, level, 0.03);
            levels.add(level);
        }
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1), levels);
    }

    @Test
    void aBigJumpCrossesSeveralLinesAtOnce() {
        assertEquals(3, Bands.level(0.9, LINES, 0, 0.03));
        assertEquals(0, Bands.level(0.1, LINES, 3, 0.03));
    }
}
