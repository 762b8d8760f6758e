package dev.cdyn.scoring;

/**
 * One signed contribution to a score: log-odds for churn risk (the contributions add up to the
 * risk's log-odds), points for loyalty (they add up to loyalty minus 50).
 */
public record Reason(Target target, String code, String description, double contribution) {

    public enum Target { CHURN_RISK, LOYALTY }
}
