package dev.cdyn.scoring;

/**
 * The BG/NBD purchase model (Fader, Hardie and Lee, 2005): customers buy at their own Poisson rate
 * while alive and may drop out after any purchase. Pure functions of the customer's repeat
 * purchases x, the time t_x of the last one and the age T (both from the first purchase, in days).
 */
public final class BgNbd {

    private BgNbd() {
    }

    /** P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)). */
    public static double probabilityAlive(ModelParameters p, int x, double tx, double bigT) {
        if (x == 0) {
            return 1.0;
        }
        double ratio = Math.exp((p.r() + x) * Math.log((p.alpha() + bigT) / (p.alpha() + tx)));
        return 1.0 / (1.0 + p.a() / (p.b() + x - 1) * ratio);
    }

    /**
     * P(no purchase in the next h days | x, t_x, T) = (1 − P(alive)) + P(alive) · ((α + T) / (α + T + h))^(r + x):
     * dead customers never buy; a live one's rate, updated by its history, is Gamma(r + x, α + T).
     */
    public static double probabilityNoPurchase(ModelParameters p, int x, double tx, double bigT, double h) {
        double alive = probabilityAlive(p, x, tx, bigT);
        double quiet = Math.exp((p.r() + x) * Math.log((p.alpha() + bigT) / (p.alpha() + bigT + h)));
        return (1.0 - alive) + alive * quiet;
    }
}
