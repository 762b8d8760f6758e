package dev.cdyn.scoring;

/** Churn-risk bands, lowest first: band n begins at the n-th risk line. */
public enum Band {
    LOW, MEDIUM, HIGH, CRITICAL;

    /** The band at a level counted from the lowest (the number of lines the risk is past). */
    public static Band at(int level) {
        return values()[level];
    }
}
