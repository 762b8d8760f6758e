package dev.cdyn.fit;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD log-likelihood of a population's purchase histories (Fader, Hardie and Lee 2005, eq. 6)
 * and its gradient, both as functions of θ = (ln r, ln α, ln a, ln b): in logs every θ is a valid
 * population, so an unconstrained optimiser can search it.
 *
 * <p>Per customer, ln L = A1 + A2 + ln(e^A3 + [x > 0] e^A4) with
 * <pre>
 *   A1 = ln Γ(r + x) − ln Γ(r) + r ln α
 *   A2 = ln B(a, b + x) − ln B(a, b)
 *   A3 = −(r + x) ln(α + T)
 *   A4 = ln a − ln(b + x − 1) − (r + x) ln(α + t_x)
 * </pre>
 * A3 and A4 are large negative numbers for a regular customer, so their sum is taken as a
 * log-sum-exp. Identical histories are kept once with a count, and the terms that depend on x alone
 * (the Γ, B and digamma values, the costly part) are computed once per distinct x.
 */
final class BgNbdLikelihood {

    /** Distinct repeat-purchase counts; {@code xIndex} points each history into this table. */
    private final int[] distinctX;
    private final int[] xIndex;
    private final int[] x;
    private final double[] tx;
    private final double[] bigT;
    private final double[] count;
    private final int customers;

    BgNbdLikelihood(Collection<PurchaseHistory> histories) {
        Map<PurchaseHistory, Integer> counts = new HashMap<>();
        for (PurchaseHistory h : histories) {
            counts.merge(h, 1, Integer::sum);
        }
        TreeMap<Integer, Integer> xs = new TreeMap<>();
        counts.keySet().forEach(h -> xs.putIfAbsent(h.repeatPurchases(), 0));
        distinctX = xs.keySet().stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < distinctX.length; i++) {
            xs.put(distinctX[i], i);
        }
        int n = counts.size();
        xIndex = new int[n];
        x = new int[n];
        tx = new double[n];
        bigT = new double[n];
        count = new double[n];
        int i = 0;
        for (Map.Entry<PurchaseHistory, Integer> e : counts.entrySet()) {
            PurchaseHistory h = e.getKey();
            x[i] = h.repeatPurchases();
            xIndex[i] = xs.get(x[i]);
            tx[i] = h.daysFirstToLastOrder();
            bigT[i] = h.daysSinceFirstOrder();
            count[i] = e.getValue();
            i++;
        }
        customers = histories.size();
    }

    int customers() {
        return customers;
    }

    /** Distinct (x, t_x, T) histories: the rows a likelihood evaluation goes through. */
    int distinctHistories() {
        return x.length;
    }

    /** Mean repeat purchases per day of observation: a scale for α to start from. */
    double repeatRatePerDay() {
        double purchases = 0;
        double days = 0;
        for (int i = 0; i < x.length; i++) {
            purchases += count[i] * x[i];
            days += count[i] * bigT[i];
        }
        return purchases / days;
    }

    /** ln L(θ) summed over all customers. */
    double value(double[] theta) {
        return evaluate(theta, null);
    }

    /** ∂ ln L / ∂θ, with θ the log-parameters. */
    double[] gradient(double[] theta) {
        double[] gradient = new double[4];
        evaluate(theta, gradient);
        return gradient;
    }

    /** The log-likelihood; when {@code gradient} is given, its gradient in θ is written there too. */
    private double evaluate(double[] theta, double[] gradient) {
        double r = Math.exp(theta[0]);
        double alpha = Math.exp(theta[1]);
        double a = Math.exp(theta[2]);
        double b = Math.exp(theta[3]);
        boolean withGradient = gradient != null;

        // Terms of x alone: A1 without r ln α, A2, and A4 without its time part.
        int m = distinctX.length;
        double[] a1 = new double[m];
        double[] a2 = new double[m];
        double[] a4 = new double[m];
        double[] dA1dr = new double[m];
        double[] dA2da = new double[m];
        double[] dA2db = new double[m];
        double logBetaAB = Beta.logBeta(a, b);
        double digammaR = withGradient ? Gamma.digamma(r) : 0;
        double digammaB = withGradient ? Gamma.digamma(b) : 0;
        double digammaAB = withGradient ? Gamma.digamma(a + b) : 0;
        for (int k = 0; k < m; k++) {
            int xk = distinctX[k];
            a1[k] = Gamma.logGamma(r + xk) - Gamma.logGamma(r);
            a2[k] = Beta.logBeta(a, b + xk) - logBetaAB;
            a4[k] = xk > 0 ? Math.log(a) - Math.log(b + xk - 1) : Double.NEGATIVE_INFINITY;
            if (withGradient) {
                dA1dr[k] = Gamma.digamma(r + xk) - digammaR;
                double digammaABX = Gamma.digamma(a + b + xk);
                dA2da[k] = digammaAB - digammaABX;
                dA2db[k] = Gamma.digamma(b + xk) - digammaB + digammaAB - digammaABX;
            }
        }

        double logAlpha = Math.log(alpha);
        double sum = 0;
        double gr = 0;
        double galpha = 0;
        double ga = 0;
        double gb = 0;
        for (int i = 0; i < x.length; i++) {
            int k = xIndex[i];
            double c = count[i];
            double logAlphaT = Math.log(alpha + bigT[i]);
            double logAlphaTx = Math.log(alpha + tx[i]);
            double a3 = -(r + x[i]) * logAlphaT;
            double a4i = a4[k] - (r + x[i]) * logAlphaTx;
            double top = Math.max(a3, a4i);
            double tail = x[i] > 0 ? Math.log1p(Math.exp(Math.min(a3, a4i) - top)) : 0;
            double logSum = top + tail;
            sum += c * (a1[k] + r * logAlpha + a2[k] + logSum);
            if (withGradient) {
                // The share of the "still alive at T" branch (A3) against "dropped out after t_x" (A4).
                double w4 = x[i] > 0 ? Math.exp(a4i - logSum) : 0;
                double w3 = 1 - w4;
                gr += c * (dA1dr[k] + logAlpha - w3 * logAlphaT - w4 * logAlphaTx);
                galpha += c * (r / alpha - (r + x[i]) * (w3 / (alpha + bigT[i]) + w4 / (alpha + tx[i])));
                ga += c * (dA2da[k] + w4 / a);
                gb += c * (dA2db[k] - (x[i] > 0 ? w4 / (b + x[i] - 1) : 0));
            }
        }
        if (withGradient) {
            // Chain rule into logs: ∂/∂ln p = p ∂/∂p.
            gradient[0] = r * gr;
            gradient[1] = alpha * galpha;
            gradient[2] = a * ga;
            gradient[3] = b * gb;
        }
        return sum;
    }
}
