package dev.cdyn.scoring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores a customer's features and decides, against the last score emitted, whether the new one
 * is worth emitting and which alerts it raises. Bands and tiers move with hysteresis, so a
 * customer near a line neither flaps between levels nor raises an alert at every wobble.
 */
public final class CustomerScorer {

    /** The version of scores made with the numbers of the settings, when no fitted model is in use. */
    public static final String SETTINGS_VERSION = "settings";

    private final ModelParameters parameters;
    private final String version;
    private final ChurnRiskModel churn;
    private final LoyaltyModel loyalty;
    private final double minRiskChange;
    private final double minLoyaltyChange;

    /** Scores with the numbers of the settings ({@link #SETTINGS_VERSION}). */
    public CustomerScorer(ModelParameters parameters, double minRiskChange, double minLoyaltyChange) {
        this(parameters, SETTINGS_VERSION, minRiskChange, minLoyaltyChange);
    }

    /** @param version what every score made with these parameters is stamped with */
    public CustomerScorer(ModelParameters parameters, String version, double minRiskChange, double minLoyaltyChange) {
        this.parameters = parameters;
        this.version = version;
        this.churn = new ChurnRiskModel(parameters);
        this.loyalty = new LoyaltyModel(parameters);
        this.minRiskChange = minRiskChange;
        this.minLoyaltyChange = minLoyaltyChange;
    }

    public ModelParameters parameters() {
        return parameters;
    }

    public String version() {
        return version;
    }

    /** The same emission thresholds with another model. */
    public CustomerScorer withModel(ModelParameters other, String otherVersion) {
        return new CustomerScorer(other, otherVersion, minRiskChange, minLoyaltyChange);
    }

    /** The last emitted score, as far as the decision needs it. */
    public record Previous(double risk, double loyalty, Band band, Tier tier) {
    }

    /** A line crossed: a risk band that rose ({@link Band}s) or a loyalty tier that fell ({@link Tier}s). */
    public record Alert(boolean risk, Enum<?> from, Enum<?> to, double threshold, double before, double after) {
    }

    /**
     * @param reasons every contribution to both scores, the largest first
     * @param emit    whether the score moved enough since the last emitted one
     */
    public record Outcome(double risk, double logOdds, Band band, double loyalty, Tier tier, List<Reason> reasons,
                          boolean emit, List<Alert> alerts) {
    }

    /** Scores; {@code previous} is null when nothing was emitted for the customer yet. */
    public Outcome score(CustomerFeatures features, Previous previous) {
        return score(features, previous, false);
    }

    /**
     * Scores; with {@code transitionsOnly} (catching up on history) only a band or tier change is
     * worth emitting, and smaller moves wait for the next score.
     */
    public Outcome score(CustomerFeatures features, Previous previous, boolean transitionsOnly) {
        ChurnRiskModel.Result risk = churn.score(features);
        LoyaltyModel.Result loyal = loyalty.score(features);
        Band band = band(risk.risk(), previous);
        Tier tier = tier(loyal.loyalty(), previous);

        List<Reason> reasons = new ArrayList<>(risk.reasons());
        reasons.addAll(loyal.reasons());
        reasons.sort(Comparator.comparingDouble((Reason r) -> -Math.abs(r.contribution())));

        List<Alert> alerts = new ArrayList<>();
        if (previous != null) {
            if (band.compareTo(previous.band()) > 0) {
                alerts.add(new Alert(true, previous.band(), band, parameters.riskLines()[band.ordinal() - 1], previous.risk(),
                        risk.risk()));
            }
            if (tier.compareTo(previous.tier()) < 0) {
                alerts.add(new Alert(false, previous.tier(), tier, parameters.tierLines()[tier.ordinal()], previous.loyalty(),
                        loyal.loyalty()));
            }
        }
        return new Outcome(risk.risk(), risk.logOdds(), band, loyal.loyalty(), tier, List.copyOf(reasons),
                emits(risk.risk(), band, loyal.loyalty(), tier, previous, transitionsOnly), List.copyOf(alerts));
    }

    /**
     * Whether scoring these features would emit against the previous score (see {@link #score}),
     * from the scores alone: no reasons are written, which makes it cheap enough to ask often.
     */
    public boolean wouldEmit(CustomerFeatures features, Previous previous, boolean transitionsOnly) {
        double risk = churn.risk(features);
        double loyal = loyalty.loyalty(features);
        return emits(risk, band(risk, previous), loyal, tier(loyal, previous), previous, transitionsOnly);
    }

    private Band band(double risk, Previous previous) {
        return Band.at(previous == null ? Bands.level(risk, parameters.riskLines())
                : Bands.level(risk, parameters.riskLines(), previous.band().ordinal(), parameters.riskHysteresis()));
    }

    private Tier tier(double loyal, Previous previous) {
        return Tier.at(previous == null ? Bands.level(loyal, parameters.tierLines())
                : Bands.level(loyal, parameters.tierLines(), previous.tier().ordinal(), parameters.loyaltyHysteresis()));
    }

    /** The first score, a band or tier change, or (unless only transitions count) a move past the thresholds. */
    private boolean emits(double risk, Band band, double loyal, Tier tier, Previous previous, boolean transitionsOnly) {
        return previous == null || band != previous.band() || tier != previous.tier() || !transitionsOnly
                && (Math.abs(risk - previous.risk()) >= minRiskChange
                || Math.abs(loyal - previous.loyalty()) >= minLoyaltyChange);
    }
}
