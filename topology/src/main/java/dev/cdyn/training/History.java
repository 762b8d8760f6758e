package dev.cdyn.training;

import dev.cdyn.events.Interaction;
import dev.cdyn.ingest.IngestCheck;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The interactions a model is learnt from, grouped by customer, in whatever order they come (a
 * topic's partitions, files): each customer's are put in time order when they are replayed. A
 * customer who asked to be forgotten (an erasure anywhere in the history) is left out. Holds the
 * whole history in memory: a few hundred bytes per interaction.
 */
public final class History {

    private final Map<String, List<Interaction>> byCustomer = new HashMap<>();
    private final Set<String> erased = new HashSet<>();
    private long firstAt = Long.MAX_VALUE;
    private long lastAt = Long.MIN_VALUE;
    private long interactions;

    public void add(Interaction interaction) {
        String customer = interaction.getCustomerId();
        if (IngestCheck.isErasure(interaction)) {
            erased.add(customer);
            byCustomer.remove(customer);
            return;
        }
        if (erased.contains(customer)) {
            return;
        }
        long at = interaction.getOccurredAt().toEpochMilli();
        firstAt = Math.min(firstAt, at);
        lastAt = Math.max(lastAt, at);
        interactions++;
        byCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(interaction);
    }

    /** The time of the earliest interaction, epoch ms; {@link Long#MAX_VALUE} when empty. */
    public long firstAt() {
        return firstAt;
    }

    /** The time of the latest interaction, epoch ms: the end of the history; {@link Long#MIN_VALUE} when empty. */
    public long lastAt() {
        return lastAt;
    }

    /** Interactions added, erased customers' included until their erasure. */
    public long interactions() {
        return interactions;
    }

    public boolean isEmpty() {
        return byCustomer.isEmpty();
    }

    /** Every customer's interactions, by customer id in order (so that a fit does not depend on arrival order). */
    Map<String, List<Interaction>> byCustomer() {
        return new TreeMap<>(byCustomer);
    }
}
