package dev.cdyn.activity;

import dev.cdyn.scores.AlertKind;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.LoyaltyTier;
import dev.cdyn.scores.RiskBand;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scores.ScoreKind;
import dev.cdyn.scores.ScoreReason;
import dev.cdyn.scoring.Band;
import dev.cdyn.scoring.CustomerFeatures;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.Reason;
import dev.cdyn.scoring.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * The model's outcome as the score and alert contracts. Bands and tiers cross by symbol name, never
 * by position: a symbol added anywhere in a contract's enum leaves every existing mapping as it was.
 */
public final class ScoreRecords {

    private ScoreRecords() {
    }

    /** The contract's symbols by the model's ordinals, matched by name once (not per score). */
    private static final RiskBand[] RISK_BANDS = Arrays.stream(Band.values())
            .map(band -> RiskBand.valueOf(band.name())).toArray(RiskBand[]::new);
    private static final LoyaltyTier[] LOYALTY_TIERS = Arrays.stream(Tier.values())
            .map(tier -> LoyaltyTier.valueOf(tier.name())).toArray(LoyaltyTier[]::new);

    public static RiskBand riskBand(Band band) {
        return RISK_BANDS[band.ordinal()];
    }

    public static LoyaltyTier loyaltyTier(Tier tier) {
        return LOYALTY_TIERS[tier.ordinal()];
    }

    /** The model's band for a contract symbol; null for a symbol the model does not know (UNKNOWN). */
    public static Band band(RiskBand band) {
        return byName(Band.class, band.name());
    }

    /** The model's tier for a contract symbol; null for a symbol the model does not know (UNKNOWN). */
    public static Tier tier(LoyaltyTier tier) {
        return byName(Tier.class, tier.name());
    }

    /** A model level as a symbol of any version of an enum contract, found by name. */
    public static GenericData.EnumSymbol symbol(Schema enumSchema, Enum<?> level) {
        if (!enumSchema.hasEnumSymbol(level.name())) {
            throw new IllegalArgumentException(enumSchema.getFullName() + " has no symbol " + level.name());
        }
        return new GenericData.EnumSymbol(enumSchema, level.name());
    }

    private static <E extends Enum<E>> E byName(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.name().equals(name)) {
                return value;
            }
        }
        return null;
    }

    /** The score, stamped with the horizon and version of the model that computed it. */
    static CustomerScore score(String customer, CustomerScorer.Outcome outcome, CustomerFeatures features, long asOf,
                               CustomerScorer model) {
        List<ScoreReason> reasons = new ArrayList<>();
        for (Reason reason : outcome.reasons()) {
            reasons.add(new ScoreReason(reason.target() == Reason.Target.CHURN_RISK ? ScoreKind.CHURN_RISK
                    : ScoreKind.LOYALTY, reason.code(), reason.description(), reason.contribution()));
        }
        return CustomerScore.newBuilder()
                .setCustomerId(customer)
                .setLoyalty(outcome.loyalty())
                .setLoyaltyTier(loyaltyTier(outcome.tier()))
                .setChurnRisk(outcome.risk())
                .setRiskBand(riskBand(outcome.band()))
                .setReasons(reasons)
                .setFeatures(features.snapshot())
                .setModelVersion(model.version())
                .setAsOf(Instant.ofEpochMilli(asOf))
                .setHorizonDays(model.parameters().horizonDays())
                .build();
    }

    static ScoreAlert alert(String customer, CustomerScorer.Alert alert, CustomerScorer.Outcome outcome, long asOf,
                            String modelVersion) {
        Reason.Target target = alert.risk() ? Reason.Target.CHURN_RISK : Reason.Target.LOYALTY;
        // What pushed the score across: the largest contributions in the alert's direction; when
        // none points that way (a line crossed only because a favourable term shrank), the terms
        // that lean most that way, which are the ones that moved.
        double sign = alert.risk() ? 1 : -1;
        List<Reason> candidates = new ArrayList<>();
        boolean anyPushing = false;
        for (Reason reason : outcome.reasons()) {
            if (reason.target() == target && !reason.code().equals("population_baseline")) {
                candidates.add(reason);
                anyPushing |= sign * reason.contribution() > 0;
            }
        }
        candidates.sort(Comparator.comparingDouble((Reason r) -> -sign * r.contribution())); // stable
        List<String> why = new ArrayList<>(3);
        for (Reason reason : candidates) {
            if (why.size() == 3 || anyPushing && !(sign * reason.contribution() > 0)) {
                break; // sorted: once one does not push, none after it does
            }
            why.add(reason.description());
        }
        return ScoreAlert.newBuilder()
                .setCustomerId(customer)
                .setKind(alert.risk() ? AlertKind.RISK_BAND_RAISED : AlertKind.LOYALTY_TIER_DROPPED)
                .setFromLevel(alert.from().name())
                .setToLevel(alert.to().name())
                .setThreshold(alert.threshold())
                .setBefore(alert.before())
                .setAfter(alert.after())
                .setTopReasons(why)
                .setModelVersion(modelVersion)
                .setAsOf(Instant.ofEpochMilli(asOf))
                .build();
    }
}
