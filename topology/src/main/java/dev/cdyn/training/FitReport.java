package dev.cdyn.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdyn.activity.ModelRecords;
import dev.cdyn.config.Settings;
import dev.cdyn.fit.BgNbdFit;
import dev.cdyn.fit.Evaluation;
import dev.cdyn.scores.ModelMetrics;
import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.ChurnTerm;
import dev.cdyn.scoring.ChurnWeights;
import dev.cdyn.scoring.ModelParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fitted model as people read it (a table), as scripts read it (JSON), and as {@code cdyn run
 * --config} reads it (properties: the settings of the fitted population and weights, with the
 * cut-off, the fit time and the held-out metrics as comments).
 */
public final class FitReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FitReport() {
    }

    /** The settings that make {@code cdyn run} score with the fitted model, by key, in a stable order. */
    public static Map<String, String> settings(ModelParameters p) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(Settings.HORIZON_DAYS, Integer.toString(p.horizonDays()));
        settings.put(Settings.BGNBD_R, Double.toString(p.r()));
        settings.put(Settings.BGNBD_ALPHA, Double.toString(p.alpha()));
        settings.put(Settings.BGNBD_A, Double.toString(p.a()));
        settings.put(Settings.BGNBD_B, Double.toString(p.b()));
        ChurnWeights weights = p.churnWeights();
        settings.put(Settings.WEIGHT_INTERCEPT, Double.toString(weights.intercept()));
        for (ChurnTerm term : ChurnTerm.ALL) {
            settings.put(Settings.weightSetting(term), Double.toString(weights.weight(term)));
        }
        return settings;
    }

    /** The fitted model as the application takes it up from the model topic. */
    public static ScoringModel record(FittedModel m) {
        List<ModelMetrics> metrics = m.heldOut().stream()
                .map(row -> new ModelMetrics(row.model(), row.auc(), row.logLoss(), row.brier())).toList();
        return ModelRecords.record(m.parameters(), m.fittedAt(), m.history().cutoff(), m.history().heldOutCustomers(),
                metrics);
    }

    /** A properties file for {@code cdyn run --config}; what is not a setting is a comment. */
    public static String properties(FittedModel m) {
        StringBuilder out = new StringBuilder();
        FittedModel.Span s = m.history();
        out.append("# Churn model fitted by cdyn fit at ").append(m.fittedAt()).append('\n');
        out.append("# history ").append(s.start()).append(" to ").append(s.end()).append(", cut-off ")
                .append(s.cutoff()).append('\n');
        out.append(String.format(Locale.ROOT, "# %d customers, %d with an order, %d repeat buyers; %d fitted on,"
                + " %d held out%n", s.customers(), s.buyers(), s.repeatBuyers(), s.training(), s.heldOutCustomers()));
        BgNbdFit.Result pop = m.population();
        out.append(String.format(Locale.ROOT, "# BG/NBD ln L = %.2f; standard errors r %.4g, alpha %.4g, a %.4g,"
                        + " b %.4g; logistic penalty %s%n", pop.logLikelihood(), pop.r().standardError(),
                pop.alpha().standardError(), pop.a().standardError(), pop.b().standardError(), m.penalty()));
        for (FittedModel.Metrics row : m.heldOut()) {
            out.append(String.format(Locale.ROOT, "# held out: %s: AUC %.4f, log-loss %.4f, Brier %.4f%n",
                    row.model(), row.auc(), row.logLoss(), row.brier()));
        }
        settings(m.parameters()).forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    /** The report as a readable text table. */
    public static String table(FittedModel m) {
        StringBuilder out = new StringBuilder();
        FittedModel.Span s = m.history();
        ModelParameters p = m.parameters();
        out.append(String.format(Locale.ROOT, "History %s to %s; cut-off %s; horizon %d days%n", s.start(), s.end(),
                s.cutoff(), p.horizonDays()));
        out.append(String.format(Locale.ROOT, "Customers %,d (%,d with an order by the cut-off, %,d repeat buyers);"
                        + " %.1f%% placed no order in the horizon; weights fitted on %,d, metrics on %,d held out%n%n",
                s.customers(), s.buyers(), s.repeatBuyers(), 100 * s.quietShare(), s.training(),
                s.heldOutCustomers()));

        BgNbdFit.Result pop = m.population();
        out.append(String.format(Locale.ROOT, "BG/NBD population (maximum likelihood, %,d buyers, ln L = %.2f)%n",
                pop.customers(), pop.logLikelihood()));
        out.append(String.format(Locale.ROOT, "  %-8s %12s %12s%n", "", "estimate", "std. error"));
        estimate(out, "r", pop.r());
        estimate(out, "alpha", pop.alpha());
        estimate(out, "a", pop.a());
        estimate(out, "b", pop.b());
        if (ModelTraining.noDropOut(pop)) {
            out.append("  No customer is seen leaving: a / (a + b) is near 0, BG/NBD is the NBD here, and a, b and the"
                    + " standard errors are not identified.\n");
        }

        out.append(String.format(Locale.ROOT, "%nLog-odds weights (L2 penalty %s, chosen on a validation split)%n",
                m.penalty()));
        ChurnWeights w = p.churnWeights();
        out.append(String.format(Locale.ROOT, "  %-18s %10.4f%n", "intercept", w.intercept()));
        for (ChurnTerm term : ChurnTerm.ALL) {
            out.append(String.format(Locale.ROOT, "  %-18s %10.4f%n", term.reasonCode(), w.weight(term)));
        }

        out.append(String.format(Locale.ROOT, "%nHeld-out customers (%,d): P(no order within %d days)%n",
                s.heldOutCustomers(), p.horizonDays()));
        out.append(String.format(Locale.ROOT, "  %-40s %8s %9s %8s%n", "model", "ROC AUC", "log-loss", "Brier"));
        for (FittedModel.Metrics row : m.heldOut()) {
            out.append(String.format(Locale.ROOT, "  %-40s %8.4f %9.4f %8.4f%n", row.model(), row.auc(), row.logLoss(),
                    row.brier()));
        }

        out.append(String.format(Locale.ROOT, "%nCalibration of the fitted model (held out, deciles)%n"));
        out.append(String.format(Locale.ROOT, "  %-6s %9s %10s %9s%n", "decile", "customers", "predicted", "observed"));
        int decile = 1;
        for (Evaluation.CalibrationBin bin : m.calibration()) {
            out.append(String.format(Locale.ROOT, "  %-6d %9d %10.3f %9.3f%n", decile++, bin.count(),
                    bin.meanPredicted(), bin.observedRate()));
        }
        return out.toString();
    }

    private static void estimate(StringBuilder out, String name, BgNbdFit.Estimate e) {
        out.append(String.format(Locale.ROOT, "  %-8s %12.4f %12.4f%n", name, e.value(), e.standardError()));
    }

    /** The report as one JSON object. */
    public static String json(FittedModel m) {
        ObjectNode root = MAPPER.createObjectNode();
        FittedModel.Span s = m.history();
        root.put("fittedAt", m.fittedAt().toString());
        ObjectNode history = root.putObject("history");
        history.put("start", s.start().toString());
        history.put("cutoff", s.cutoff().toString());
        history.put("end", s.end().toString());
        history.put("horizonDays", m.parameters().horizonDays());
        history.put("customers", s.customers());
        history.put("buyers", s.buyers());
        history.put("repeatBuyers", s.repeatBuyers());
        history.put("trainingCustomers", s.training());
        history.put("heldOutCustomers", s.heldOutCustomers());
        history.put("quietShare", s.quietShare());
        BgNbdFit.Result pop = m.population();
        ObjectNode bgnbd = root.putObject("bgnbd");
        bgnbd.put("logLikelihood", pop.logLikelihood());
        bgnbd.put("customers", pop.customers());
        bgnbd.put("noDropOut", ModelTraining.noDropOut(pop));
        estimate(bgnbd, "r", pop.r());
        estimate(bgnbd, "alpha", pop.alpha());
        estimate(bgnbd, "a", pop.a());
        estimate(bgnbd, "b", pop.b());
        ObjectNode weights = root.putObject("weights");
        weights.put("penalty", m.penalty());
        ChurnWeights w = m.parameters().churnWeights();
        weights.put("intercept", w.intercept());
        for (ChurnTerm term : ChurnTerm.ALL) {
            weights.put(term.reasonCode(), w.weight(term));
        }
        ArrayNode rows = root.putArray("heldOut");
        for (FittedModel.Metrics row : m.heldOut()) {
            rows.addObject().put("model", row.model()).put("auc", row.auc()).put("logLoss", row.logLoss())
                    .put("brier", row.brier());
        }
        ArrayNode bins = root.putArray("calibration");
        for (Evaluation.CalibrationBin bin : m.calibration()) {
            bins.addObject().put("customers", bin.count()).put("predicted", bin.meanPredicted())
                    .put("observed", bin.observedRate());
        }
        ObjectNode settings = root.putObject("settings");
        settings(m.parameters()).forEach(settings::put);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a report could not be written as JSON", e);
        }
    }

    private static void estimate(ObjectNode parent, String name, BgNbdFit.Estimate e) {
        parent.putObject(name).put("value", e.value()).put("standardError", e.standardError());
    }
}
