package dev.cdyn.fit;

/**
 * One customer's purchases as of a calibration cut-off, in the BG/NBD model's terms. Times are in
 * days from the customer's first purchase, which is not counted: BG/NBD describes what follows it.
 *
 * @param repeatPurchases      x: purchases after the first
 * @param daysFirstToLastOrder t_x: from the first purchase to the last (0 when x = 0)
 * @param daysSinceFirstOrder  T: from the first purchase to the cut-off
 */
public record PurchaseHistory(int repeatPurchases, double daysFirstToLastOrder, double daysSinceFirstOrder) {

    public PurchaseHistory {
        if (repeatPurchases < 0) {
            throw new IllegalArgumentException("repeat purchases cannot be negative: " + repeatPurchases);
        }
        boolean ordered = daysFirstToLastOrder >= 0 && daysFirstToLastOrder <= daysSinceFirstOrder;
        if (!(ordered && Double.isFinite(daysSinceFirstOrder))) {
            throw new IllegalArgumentException(String.format(
                    "need 0 <= t_x <= T, got t_x = %s, T = %s", daysFirstToLastOrder, daysSinceFirstOrder));
        }
        if (repeatPurchases == 0 && daysFirstToLastOrder != 0) {
            throw new IllegalArgumentException("without repeat purchases t_x must be 0, got " + daysFirstToLastOrder);
        }
    }
}
