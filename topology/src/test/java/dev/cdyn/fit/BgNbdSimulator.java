package dev.cdyn.fit;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Customers drawn from the BG/NBD story itself: each gets a purchase rate λ ~ Gamma(r, α) per day
 * and a drop-out probability p ~ Beta(a, b), buys at Poisson times while alive and, after each
 * repeat purchase, drops out with probability p. Each customer made its first purchase between
 * {@code minAgeDays} and {@code maxAgeDays} before the cut-off, and is followed a holdout of
 * {@code holdoutDays} past it.
 */
final class BgNbdSimulator {

    private final double r;
    private final double alpha;
    private final double a;
    private final double b;

    BgNbdSimulator(double r, double alpha, double a, double b) {
        this.r = r;
        this.alpha = alpha;
        this.a = a;
        this.b = b;
    }

    /** The calibration history at the cut-off, and whether the customer bought in the holdout after it. */
    record Customer(PurchaseHistory calibration, boolean boughtInHoldout) {
    }

    List<Customer> customers(int count, double minAgeDays, double maxAgeDays, double holdoutDays, long seed) {
        RandomDataGenerator random = new RandomDataGenerator(seed);
        List<Customer> customers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double age = random.nextUniform(minAgeDays, maxAgeDays);
            customers.add(customer(random, age, holdoutDays));
        }
        return customers;
    }

    static List<PurchaseHistory> calibration(List<Customer> customers) {
        return customers.stream().map(Customer::calibration).toList();
    }

    private Customer customer(RandomDataGenerator random, double age, double holdoutDays) {
        double rate = random.nextGamma(r, 1 / alpha);
        double dropOut = random.nextBeta(a, b);
        int repeats = 0;
        double last = 0;
        double t = 0;
        // The first purchase is at 0 and never the last by drop-out: that is BG/NBD's convention.
        while (true) {
            t += random.nextExponential(1 / rate);
            if (t > age + holdoutDays) {
                break;
            }
            if (t > age) {
                return new Customer(new PurchaseHistory(repeats, last, age), true);
            }
            repeats++;
            last = t;
            if (random.nextUniform(0, 1) < dropOut) {
                break;
            }
        }
        return new Customer(new PurchaseHistory(repeats, last, age), false);
    }
}
