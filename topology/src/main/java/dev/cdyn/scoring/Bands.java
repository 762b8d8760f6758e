package dev.cdyn.scoring;

/**
 * Which band a risk and which tier a loyalty falls in, with hysteresis: from a known previous
 * level, a score must cross a line by the margin before the level changes, so that a customer
 * hovering at a line does not flip back and forth.
 */
public final class Bands {

    private Bands() {
    }

    /** The level of a value among ascending lines, without hysteresis. */
    public static int level(double value, double[] lines) {
        int level = 0;
        while (level < lines.length && value >= lines[level]) {
            level++;
        }
        return level;
    }

    /**
     * The level from a previous one (-1 for none): it rises only when the value is past the next
     * line by the margin, and falls only when it is below the lower line by the margin.
     */
    public static int level(double value, double[] lines, int previous, double margin) {
        int plain = level(value, lines);
        if (previous < 0 || plain == previous) {
            return plain;
        }
        if (plain > previous) {
            int level = previous;
            while (level < lines.length && value >= lines[level] + margin) {
                level++;
            }
            return level;
        }
        int level = previous;
        while (level > 0 && value < lines[level - 1] - margin) {
            level--;
        }
        return level;
    }
}
