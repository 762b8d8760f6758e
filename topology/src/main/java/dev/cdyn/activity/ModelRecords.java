package dev.cdyn.activity;

import dev.cdyn.scores.BgNbdPopulation;
import dev.cdyn.scores.ModelMetrics;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.ChurnTerm;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A fitted churn model as the {@link ScoringModel} contract, and back as the numbers the scorer
 * uses. Only the population, the weights and the horizon travel: lines, hysteresis and the
 * monetary scale stay the settings'. A record whose numbers the scorer cannot use is refused
 * whole, with the reason.
 */
public final class ModelRecords {

    /** The key of the churn model on the model topic. */
    public static final String CHURN_MODEL_KEY = "churn";
    /** The name of the intercept among the weights, as in {@code scoring.weights.intercept}. */
    public static final String INTERCEPT = "intercept";
    static final int MAX_HORIZON_DAYS = 3650;

    private ModelRecords() {
    }

    /** A model that cannot be scored with, and why. */
    public static final class Refused extends RuntimeException {
        Refused(String version, String why) {
            super("model " + version + " refused: " + why);
        }
    }

    /**
     * The version of a fit: its time to the second and the first 8 hex digits of a SHA-256 over
     * its numbers, so that the same fit published twice has the same version and two fits never share one.
     */
    public static String version(Instant fittedAt, ModelParameters parameters) {
        StringBuilder numbers = new StringBuilder().append(parameters.horizonDays());
        for (double number : new double[] {parameters.r(), parameters.alpha(), parameters.a(), parameters.b()}) {
            numbers.append(',').append(Double.doubleToLongBits(number));
        }
        weights(parameters.churnWeights()).forEach((name, weight) ->
                numbers.append(',').append(name).append('=').append(Double.doubleToLongBits(weight)));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(numbers.toString().getBytes(StandardCharsets.UTF_8));
            return fittedAt.truncatedTo(ChronoUnit.SECONDS) + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The weights by name: the intercept, then each term under its setting's name. */
    public static Map<String, Double> weights(ChurnWeights weights) {
        Map<String, Double> named = new LinkedHashMap<>();
        named.put(INTERCEPT, weights.intercept());
        for (ChurnTerm term : ChurnTerm.ALL) {
            named.put(term.settingName(), weights.weight(term));
        }
        return named;
    }

    /**
     * The record of a fitted model.
     *
     * @param metrics the held-out metrics, the fitted model first, then the baselines
     */
    public static ScoringModel record(ModelParameters fitted, Instant fittedAt, Instant cutoff, int heldOutCustomers,
                                      List<ModelMetrics> metrics) {
        return ScoringModel.newBuilder()
                .setVersion(version(fittedAt, fitted))
                .setFittedAt(fittedAt)
                .setCutoff(cutoff)
                .setHorizonDays(fitted.horizonDays())
                .setPopulation(new BgNbdPopulation(fitted.r(), fitted.alpha(), fitted.a(), fitted.b()))
                .setWeights(weights(fitted.churnWeights()))
                .setHeldOutCustomers(heldOutCustomers)
                .setMetrics(metrics)
                .build();
    }

    /**
     * The settings' parameters with the model's horizon, population and weights.
     *
     * @throws Refused when a number is missing, unknown, not finite or out of range
     */
    public static ModelParameters parameters(ScoringModel model, ModelParameters settings) {
        String version = model.getVersion();
        if (version == null || version.isBlank() || version.equals(CustomerScorer.SETTINGS_VERSION)) {
            throw new Refused("'" + version + "'", "its version is not one to stamp scores of a fitted model with");
        }
        int horizon = model.getHorizonDays();
        if (horizon < 1 || horizon > MAX_HORIZON_DAYS) {
            throw new Refused(version, "horizon " + horizon + " days is not between 1 and " + MAX_HORIZON_DAYS);
        }
        BgNbdPopulation p = model.getPopulation();
        double[] population = {p.getR(), p.getAlphaDays(), p.getA(), p.getB()};
        String[] names = {"r", "alpha", "a", "b"};
        for (int i = 0; i < population.length; i++) {
            if (!(population[i] > 0) || !Double.isFinite(population[i])) {
                throw new Refused(version, "BG/NBD " + names[i] + " = " + population[i] + " is not a positive number");
            }
        }
        Map<String, Double> named = model.getWeights();
        TreeSet<String> unknown = new TreeSet<>(named.keySet());
        unknown.removeAll(weights(ChurnWeights.defaults()).keySet());
        if (!unknown.isEmpty()) {
            throw new Refused(version, "unknown weights " + unknown + " (a newer model than this application knows)");
        }
        double[] weights = new double[ChurnTerm.ALL.length];
        for (ChurnTerm term : ChurnTerm.ALL) {
            weights[term.ordinal()] = weight(version, named, term.settingName());
            if (term.growsWithSilence() && weights[term.ordinal()] < 0) {
                throw new Refused(version, "the weight of " + term.settingName() + " is negative ("
                        + weights[term.ordinal()] + "): risk would fall with silence");
            }
        }
        ChurnWeights churn = new ChurnWeights(weight(version, named, INTERCEPT), weights);
        return settings.withHorizonDays(horizon).withPopulation(population[0], population[1], population[2],
                population[3]).withChurnWeights(churn);
    }

    private static double weight(String version, Map<String, Double> named, String name) {
        Double weight = named.get(name);
        if (weight == null || !Double.isFinite(weight)) {
            throw new Refused(version, "the weight " + name + " is " + (weight == null ? "missing" : weight));
        }
        return weight;
    }
}
