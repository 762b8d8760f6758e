package dev.cdyn.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * Loyalty from 0 to 100: six components, each scored from 0 to 1 and weighted to points (the
 * weights add up to 100). A component the customer gives no evidence for scores one half, so it
 * neither helps nor hurts; each reason is a component's points minus that neutral half, so the
 * reasons add up to loyalty minus 50. Weights in MODEL.md.
 */
public final class LoyaltyModel {

    static final double TENURE = 15;
    static final double FREQUENCY = 25;
    static final double MONETARY = 15;
    static final double BREADTH = 10;
    static final double SENTIMENT = 15;
    static final double SERVICE = 20;
    static final double NEUTRAL = 0.5;
    static final int CHANNELS = 5;
    private static final double[] WEIGHTS = {TENURE, FREQUENCY, MONETARY, BREADTH, SENTIMENT, SERVICE};

    private final ModelParameters parameters;

    public LoyaltyModel(ModelParameters parameters) {
        this.parameters = parameters;
    }

    /** The six components' scores in [0, 1], in the order of {@link #WEIGHTS}. */
    private double[] components(CustomerFeatures f) {
        return new double[] {
            1 - Math.exp(-Math.max(0, f.tenureDays()) / 365.0),
            f.orders90() / (f.orders90() + 3.0),
            f.orderValue90() / (f.orderValue90() + parameters.monetaryScale()),
            breadth(f),
            Double.isNaN(f.sentiment90()) ? NEUTRAL : (f.sentiment90() + 1) / 2,
            service(f)};
    }

    /** Loyalty alone, without its reasons: what deciding whether a score would move needs. */
    public double loyalty(CustomerFeatures f) {
        return loyalty(components(f));
    }

    private static double loyalty(double[] components) {
        double loyalty = 50;
        for (int i = 0; i < components.length; i++) {
            loyalty += points(WEIGHTS[i], components[i]);
        }
        return ChurnRiskModel.clamp(loyalty, 0, 100);
    }

    public Result score(CustomerFeatures f) {
        double[] c = components(f);
        List<Reason> reasons = new ArrayList<>();
        add(reasons, "tenure", TENURE, c[0], "Customer for " + Decimals.fixed(f.tenureDays(), 0) + " days");
        add(reasons, "order_frequency", FREQUENCY, c[1], f.orders90() + " order(s) in 90 days");
        add(reasons, "order_value", MONETARY, c[2], Decimals.fixed(f.orderValue90(), 2) + " ordered in 90 days");
        add(reasons, "channel_breadth", BREADTH, c[3], f.channels90() + " channel(s) used in 90 days");
        add(reasons, "sentiment", SENTIMENT, c[4], Double.isNaN(f.sentiment90()) ? "No sentiment measured"
                : "Mean sentiment " + Decimals.signed(f.sentiment90(), 2) + " over 90 days");
        add(reasons, "service_experience", SERVICE, c[5], serviceDescription(f));
        return new Result(loyalty(c), List.copyOf(reasons));
    }

    /** Using more channels shows a broader relationship; using only one is neutral, not a penalty. */
    private static double breadth(CustomerFeatures f) {
        if (f.channels90() <= 1) {
            return NEUTRAL;
        }
        return NEUTRAL + NEUTRAL * (f.channels90() - 1) / (CHANNELS - 1.0);
    }

    /** CSAT where given, else neutral-good; lowered by escalations, reopenings and order problems. */
    private static double service(CustomerFeatures f) {
        double base = Double.isNaN(f.csat90()) ? 0.75 : (f.csat90() - 1) / 4;
        double problems = f.orderProblems90() == 0 ? 0
                : f.orderProblems90() / (double) (f.orders90() + f.orderProblems90());
        double value = base - 0.15 * Math.min(f.escalations90(), 4) - 0.1 * Math.min(f.reopenings90(), 4)
                - 0.05 * Math.min(f.openTickets(), 4) - 0.5 * problems;
        return ChurnRiskModel.clamp(value, 0, 1);
    }

    private static String serviceDescription(CustomerFeatures f) {
        return (Double.isNaN(f.csat90()) ? "no CSAT given" : "CSAT " + Decimals.fixed(f.csat90(), 1)) + "; "
                + f.escalations90() + " escalation(s), " + f.reopenings90() + " reopening(s), " + f.openTickets()
                + " open ticket(s), " + f.orderProblems90() + " order problem(s) in 90 days";
    }

    private static void add(List<Reason> reasons, String code, double weight, double score, String description) {
        reasons.add(new Reason(Reason.Target.LOYALTY, code, description, points(weight, score)));
    }

    /** A component's points: its score, clamped to [0, 1], less the neutral half, times its weight. */
    private static double points(double weight, double score) {
        return weight * (ChurnRiskModel.clamp(score, 0, 1) - NEUTRAL);
    }

    public record Result(double loyalty, List<Reason> reasons) {
    }
}
