package dev.cdyn.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Churn risk: the probability that the customer does not buy within the horizon. Starts from the
 * customer's own order rhythm under BG/NBD and adds, in log-odds, what the other channels say:
 * engagement against the customer's own baseline, sentiment, ticket pain and order problems. Each
 * term is a {@link Reason}; the reasons add up to the log-odds of the risk. A channel the customer
 * never used adds nothing. The weights are explained in MODEL.md.
 */
public final class ChurnRiskModel {

    static final double TREND_WEIGHT = 0.6;
    static final double TREND_LIMIT = 2.0;
    static final double SENTIMENT_WEIGHT = 1.2;
    static final double OPEN_TICKET_WEIGHT = 0.25;
    static final double ESCALATION_WEIGHT = 0.4;
    static final double REOPENING_WEIGHT = 0.3;
    static final double CSAT_WEIGHT = 0.35;
    static final double PROBLEM_WEIGHT = 1.5;
    static final int COUNT_CAP = 4;
    private static final double EPSILON = 1e-4;

    private final ModelParameters parameters;
    /** logit of a brand-new customer's P(no purchase within the horizon): the same for everyone. */
    private final double prior;

    public ChurnRiskModel(ModelParameters parameters) {
        this.parameters = parameters;
        this.prior = logit(BgNbd.probabilityNoPurchase(parameters, 0, 0, 0, parameters.horizonDays()));
    }

    /** The risk and its reasons. */
    public Result score(CustomerFeatures f) {
        List<Reason> reasons = new ArrayList<>();
        reasons.add(reason("population_baseline", prior,
                String.format("A new customer's chance of not buying within %d days", parameters.horizonDays())));

        double rhythm = logit(purchaseComponent(f)) - prior;
        reasons.add(reason("order_rhythm", rhythm, rhythmDescription(f, rhythm)));

        if (f.interactionsBaseline() > 0) {
            double trend = Math.log((f.interactions30() + 1.0) / (f.interactionsBaseline() + 1.0));
            double term = -TREND_WEIGHT * clamp(trend, -TREND_LIMIT, TREND_LIMIT);
            reasons.add(reason("engagement_trend", term, String.format(
                    "%d interactions in the last 30 days against %.1f a month before", f.interactions30(),
                    f.interactionsBaseline())));
        }
        if (!Double.isNaN(f.sentiment90())) {
            reasons.add(reason("sentiment", -SENTIMENT_WEIGHT * f.sentiment90(),
                    String.format("Mean sentiment %+.2f over 90 days", f.sentiment90())));
        }
        if (f.openTickets() > 0) {
            reasons.add(reason("open_tickets", OPEN_TICKET_WEIGHT * Math.min(f.openTickets(), COUNT_CAP),
                    f.openTickets() + " support ticket(s) still open"));
        }
        if (f.escalations90() > 0) {
            reasons.add(reason("escalations", ESCALATION_WEIGHT * Math.min(f.escalations90(), COUNT_CAP),
                    f.escalations90() + " escalation(s) in 90 days"));
        }
        if (f.reopenings90() > 0) {
            reasons.add(reason("reopened_tickets", REOPENING_WEIGHT * Math.min(f.reopenings90(), COUNT_CAP),
                    f.reopenings90() + " ticket(s) reopened in 90 days"));
        }
        if (!Double.isNaN(f.csat90())) {
            reasons.add(reason("csat", CSAT_WEIGHT * (3.0 - f.csat90()),
                    String.format("Mean CSAT %.1f of 5 over 90 days", f.csat90())));
        }
        if (f.orderProblems90() > 0) {
            double rate = f.orderProblems90() / (double) (f.orders90() + f.orderProblems90());
            reasons.add(reason("order_problems", PROBLEM_WEIGHT * rate, String.format(
                    "%d order problem(s) (cancelled, returned, failed or late) against %d order(s) in 90 days",
                    f.orderProblems90(), f.orders90())));
        }
        double logOdds = reasons.stream().mapToDouble(Reason::contribution).sum();
        return new Result(1.0 / (1.0 + Math.exp(-logOdds)), logOdds, List.copyOf(reasons));
    }

    /** The risk alone. */
    public double risk(CustomerFeatures f) {
        return score(f).risk();
    }

    /** P(no purchase within the horizon) from the customer's own order history (BG/NBD). */
    public double purchaseComponent(CustomerFeatures f) {
        double h = parameters.horizonDays();
        if (f.lifetimeOrders() == 0) {
            // No purchase yet: the clock runs from the first sign of the customer.
            return BgNbd.probabilityNoPurchase(parameters, 0, 0, Math.max(0, f.tenureDays()), h);
        }
        return BgNbd.probabilityNoPurchase(parameters, f.lifetimeOrders() - 1, f.daysFirstToLastOrder(),
                f.daysSinceFirstOrder(), h);
    }

    private static String rhythmDescription(CustomerFeatures f, double rhythm) {
        if (f.lifetimeOrders() == 0) {
            return String.format("No order yet in %.0f days as a customer", f.tenureDays());
        }
        if (f.lifetimeOrders() == 1) {
            return String.format("One order so far, %.0f days ago", f.daysSinceLastOrder());
        }
        double gap = f.daysFirstToLastOrder() / (f.lifetimeOrders() - 1);
        return String.format("%s: %d orders about every %.0f days, the last %.0f days ago",
                rhythm > 0 ? "Order rhythm broken" : "Order rhythm steady", f.lifetimeOrders(), gap,
                f.daysSinceLastOrder());
    }

    private static Reason reason(String code, double contribution, String description) {
        return new Reason(Reason.Target.CHURN_RISK, code, description, contribution);
    }

    static double logit(double p) {
        double q = clamp(p, EPSILON, 1 - EPSILON);
        return Math.log(q / (1 - q));
    }

    static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }

    /** The risk in [0, 1], its log-odds, and the reasons that add up to them. */
    public record Result(double risk, double logOdds, List<Reason> reasons) {
    }
}
