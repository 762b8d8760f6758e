package dev.cdyn.training;

/** The history cannot give a model worth using; the message says why, in one line. */
public final class FitRefused extends RuntimeException {

    public FitRefused(String message) {
        super(message);
    }
}
