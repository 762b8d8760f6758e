package dev.cdyn.cli;

import java.io.PrintStream;

/** A one-line progress bar on a terminal, redrawn at most every 200 ms. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long lastDrawn;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastDrawn < 200_000_000L) {
            return;
        }
        lastDrawn = now;
        draw(done, Math.min(99, (int) (100 * done / total)));
    }

    void done(long done) {
        draw(done, 100);
        out.println();
    }

    private void draw(long done, int percent) {
        int filled = percent * WIDTH / 100;
        out.printf("\r%s [%s%s] %3d%% %,d", label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent, done);
        out.flush();
    }
}
