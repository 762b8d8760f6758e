package dev.cdyn.training;

import dev.cdyn.activity.ActivityRecorder;
import dev.cdyn.activity.CustomerActivity;
import dev.cdyn.activity.FeatureExtractor;
import dev.cdyn.events.Interaction;
import dev.cdyn.scoring.CustomerFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labels read from the history itself: every customer's interactions up to a cut-off are replayed
 * through the same {@link ActivityRecorder} the application uses, features are taken as of the
 * cut-off with the same {@link FeatureExtractor}, and the replay goes on through the horizon after
 * it: the customer is "quiet" when, at the end of the horizon, it has no purchase dated after the
 * cut-off. What counts as an order, and when, is therefore exactly what the running application
 * counts: each order once, at its first event whatever its status, and a cancelled or failed one
 * taken back (so an order placed and cancelled in the horizon leaves the customer quiet, and an
 * earlier order cancelled in the horizon does not hide a new one).
 */
public final class SelfLabels {

    private SelfLabels() {
    }

    /**
     * One customer as of the cut-off.
     *
     * @param quiet no order in the horizon after the cut-off: the event churn risk predicts
     */
    public record Sample(String customerId, CustomerFeatures features, boolean quiet) {
    }

    /**
     * Every customer seen at or before {@code cutoff}, with its features then and whether it
     * ordered in (cutoff, cutoff + horizon]. A duplicate event id of a customer counts once, as in
     * ingest; customers first seen after the cut-off are left out (they were not customers yet).
     */
    public static List<Sample> asOf(History history, long cutoff, int horizonDays) {
        long labelEnd = cutoff + horizonDays * CustomerActivity.DAY_MS;
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<String, List<Interaction>> customer : history.byCustomer().entrySet()) {
            List<Interaction> events = new ArrayList<>(customer.getValue());
            events.sort(Comparator.comparing(Interaction::getOccurredAt).thenComparing(Interaction::getEventId));
            if (events.get(0).getOccurredAt().toEpochMilli() > cutoff) {
                continue;
            }
            CustomerActivity activity = new CustomerActivity();
            Set<String> seen = new HashSet<>();
            int i = 0;
            for (; i < events.size() && at(events.get(i)) <= cutoff; i++) {
                record(activity, seen, events.get(i));
            }
            CustomerFeatures features = FeatureExtractor.features(activity, cutoff);
            for (; i < events.size() && at(events.get(i)) <= labelEnd; i++) {
                record(activity, seen, events.get(i));
            }
            boolean ordered = activity.lifetimeOrders() > 0 && activity.lastOrderAt() > cutoff;
            samples.add(new Sample(customer.getKey(), features, !ordered));
        }
        return samples;
    }

    private static void record(CustomerActivity activity, Set<String> seen, Interaction event) {
        if (seen.add(event.getEventId())) {
            ActivityRecorder.record(activity, event);
        }
    }

    private static long at(Interaction event) {
        return event.getOccurredAt().toEpochMilli();
    }
}
