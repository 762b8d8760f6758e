package dev.cdyn.scoring;

/** Loyalty tiers, lowest first: tier n begins at the n-th loyalty line. */
public enum Tier {
    BRONZE, SILVER, GOLD, PLATINUM;

    /** The tier at a level counted from the lowest (the number of lines the loyalty is past). */
    public static Tier at(int level) {
        return values()[level];
    }
}
