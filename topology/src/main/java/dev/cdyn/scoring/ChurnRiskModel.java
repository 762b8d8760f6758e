package dev.cdyn.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Churn risk: the probability that the customer does not buy within the horizon. Starts from the
 * customer's own order rhythm under BG/NBD and adds, in log-odds, how long it has been silent and
 * what the other channels say: engagement against the customer's own baseline, sentiment, ticket
 * pain and order problems. Each term ({@link ChurnTerm}) times its weight ({@link ChurnWeights})
 * is a {@link Reason}; the reasons add up to the log-odds of the risk. A channel the customer never
 * used adds nothing. The weights are explained in MODEL.md; {@code cdyn fit} learns them.
 */
public final class ChurnRiskModel {

    static final double TREND_LIMIT = 2.0;
    static final int COUNT_CAP = 4;
    private static final double EPSILON = 1e-4;

    private final ModelParameters parameters;
    private final ChurnWeights weights;
    /** logit of a brand-new customer's P(no purchase within the horizon): the same for everyone. */
    private final double prior;

    public ChurnRiskModel(ModelParameters parameters) {
        this.parameters = parameters;
        this.weights = parameters.churnWeights();
        this.prior = logit(BgNbd.probabilityNoPurchase(parameters, 0, 0, 0, parameters.horizonDays()));
    }

    /**
     * The value of every term for these features, indexed by {@link ChurnTerm#ordinal()}: what the
     * weights multiply. A term the customer gives no evidence for is 0.
     */
    public double[] terms(CustomerFeatures f) {
        double[] t = new double[ChurnTerm.ALL.length];
        t[ChurnTerm.ORDER_RHYTHM.ordinal()] = logit(purchaseComponent(f));
        t[ChurnTerm.RECENCY.ordinal()] = Math.log((1 + silentDays(f)) / (1.0 + parameters.horizonDays()));
        if (f.interactionsBaseline() > 0) {
            double trend = Math.log((f.interactions30() + 1.0) / (f.interactionsBaseline() + 1.0));
            t[ChurnTerm.ENGAGEMENT_TREND.ordinal()] = -clamp(trend, -TREND_LIMIT, TREND_LIMIT);
        }
        if (!Double.isNaN(f.sentiment90())) {
            t[ChurnTerm.SENTIMENT.ordinal()] = -f.sentiment90();
        }
        t[ChurnTerm.OPEN_TICKETS.ordinal()] = Math.min(f.openTickets(), COUNT_CAP);
        t[ChurnTerm.ESCALATIONS.ordinal()] = Math.min(f.escalations90(), COUNT_CAP);
        t[ChurnTerm.REOPENED_TICKETS.ordinal()] = Math.min(f.reopenings90(), COUNT_CAP);
        if (!Double.isNaN(f.csat90())) {
            t[ChurnTerm.CSAT.ordinal()] = 3.0 - f.csat90();
        }
        if (f.orderProblems90() > 0) {
            t[ChurnTerm.ORDER_PROBLEMS.ordinal()] = f.orderProblems90() / (double) (f.orders90() + f.orderProblems90());
        }
        return t;
    }

    /** Days since the last order; without an order, days since the customer was first seen. */
    public static double silentDays(CustomerFeatures f) {
        return f.lifetimeOrders() > 0 ? f.daysSinceLastOrder() : Math.max(0, f.tenureDays());
    }

    /** The risk and its reasons. */
    public Result score(CustomerFeatures f) {
        double[] t = terms(f);
        double rhythmWeight = weights.weight(ChurnTerm.ORDER_RHYTHM);
        List<Reason> reasons = new ArrayList<>();
        double logOdds = logOdds(f, reasons);
        return new Result(sigmoid(logOdds), logOdds, List.copyOf(reasons));
    }

    /** The risk alone, without its reasons: what deciding whether a score would move needs. */
    public double risk(CustomerFeatures f) {
        return sigmoid(logOdds(f, null));
    }

    /**
     * The log-odds of the risk, term by term; each term with its description goes to
     * {@code reasons} unless that is null, so the sum is the same with or without them.
     */
    private double logOdds(CustomerFeatures f, List<Reason> reasons) {
        double[] t = terms(f);
        double rhythmWeight = weights.weight(ChurnTerm.ORDER_RHYTHM);
        double rhythm = rhythmWeight * (t[ChurnTerm.ORDER_RHYTHM.ordinal()] - prior);
        double sum = add(reasons, "population_baseline", weights.intercept() + rhythmWeight * prior,
                () -> "A new customer's chance of not buying within " + parameters.horizonDays() + " days");
        sum += add(reasons, ChurnTerm.ORDER_RHYTHM.reasonCode(), rhythm, () -> rhythmDescription(f, rhythm));
        if (weights.weight(ChurnTerm.RECENCY) != 0) {
            sum += add(reasons, ChurnTerm.RECENCY.reasonCode(), term(t, ChurnTerm.RECENCY), () -> f.lifetimeOrders() > 0
                    ? "Last order " + Decimals.fixed(f.daysSinceLastOrder(), 0) + " days ago, against a horizon of "
                            + parameters.horizonDays() + " days"
                    : "No order in " + Decimals.fixed(silentDays(f), 0) + " days as a customer");
        }
        if (f.interactionsBaseline() > 0) {
            sum += add(reasons, ChurnTerm.ENGAGEMENT_TREND.reasonCode(), term(t, ChurnTerm.ENGAGEMENT_TREND),
                    () -> f.interactions30() + " interactions in the last 30 days against "
                            + Decimals.fixed(f.interactionsBaseline(), 1) + " a month before");
        }
        if (!Double.isNaN(f.sentiment90())) {
            sum += add(reasons, ChurnTerm.SENTIMENT.reasonCode(), term(t, ChurnTerm.SENTIMENT),
                    () -> "Mean sentiment " + Decimals.signed(f.sentiment90(), 2) + " over 90 days");
        }
        if (f.openTickets() > 0) {
            sum += add(reasons, ChurnTerm.OPEN_TICKETS.reasonCode(), term(t, ChurnTerm.OPEN_TICKETS),
                    () -> f.openTickets() + " support ticket(s) still open");
        }
        if (f.escalations90() > 0) {
            sum += add(reasons, ChurnTerm.ESCALATIONS.reasonCode(), term(t, ChurnTerm.ESCALATIONS),
                    () -> f.escalations90() + " escalation(s) in 90 days");
        }
        if (f.reopenings90() > 0) {
            sum += add(reasons, ChurnTerm.REOPENED_TICKETS.reasonCode(), term(t, ChurnTerm.REOPENED_TICKETS),
                    () -> f.reopenings90() + " ticket(s) reopened in 90 days");
        }
        if (!Double.isNaN(f.csat90())) {
            sum += add(reasons, ChurnTerm.CSAT.reasonCode(), term(t, ChurnTerm.CSAT),
                    () -> "Mean CSAT " + Decimals.fixed(f.csat90(), 1) + " of 5 over 90 days");
        }
        if (f.orderProblems90() > 0) {
            sum += add(reasons, ChurnTerm.ORDER_PROBLEMS.reasonCode(), term(t, ChurnTerm.ORDER_PROBLEMS), () -> f.orderProblems90()
                    + " order problem(s) (cancelled, returned, failed or late) against " + f.orders90()
                    + " order(s) in 90 days");
        }
        return sum;
    }

    private static double add(List<Reason> reasons, String code, double contribution, Supplier<String> description) {
        if (reasons != null) {
            reasons.add(new Reason(Reason.Target.CHURN_RISK, code, description.get(), contribution));
        }
        return contribution;
    }

    private static double sigmoid(double logOdds) {
        return 1.0 / (1.0 + Math.exp(-logOdds));
    }

    private double term(double[] t, ChurnTerm term) {
        return weights.weight(term) * t[term.ordinal()];
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
            return "No order yet in " + Decimals.fixed(f.tenureDays(), 0) + " days as a customer";
        }
        if (f.lifetimeOrders() == 1) {
            return "One order so far, " + Decimals.fixed(f.daysSinceLastOrder(), 0) + " days ago";
        }
        double gap = f.daysFirstToLastOrder() / (f.lifetimeOrders() - 1);
        return (rhythm > 0 ? "Order rhythm broken" : "Order rhythm steady") + ": " + f.lifetimeOrders()
                + " orders about every " + Decimals.fixed(gap, 0) + " days, the last "
                + Decimals.fixed(f.daysSinceLastOrder(), 0) + " days ago";
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
