package dev.cdyn.simulate;

/**
 * A simulated customer: a latent loyalty in [0, 1] that drives how often it buys, talks and
 * complains, and how it sounds; and whether and when it leaves. In the {@code declineDays} before
 * it leaves it buys less, sounds worse and opens more tickets; after that it is silent.
 */
public record SimulatedCustomer(String id, double loyalty, long createdAt, boolean churns, long churnAt) {

    public boolean goneAt(long time) {
        return churns && time >= churnAt;
    }

    public boolean decliningAt(long time, long declineMs) {
        return churns && time < churnAt && time >= churnAt - declineMs;
    }
}
