package dev.cdyn.activity;

import dev.cdyn.scores.ScoringModel;
import dev.cdyn.scoring.CustomerScorer;
import dev.cdyn.scoring.ModelParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a task scores with: the newest valid one published on the model topic, or the
 * settings' while none is. A published model that cannot be used is refused once, with the reason
 * in the log, and the model in use stays.
 */
final class LiveModel {

    private static final Logger LOG = LoggerFactory.getLogger(LiveModel.class);

    private final CustomerScorer settings;
    private CustomerScorer current;
    /** The last version refused, so that a bad record is logged once, not at every check. */
    private String refused;

    LiveModel(CustomerScorer settings) {
        this.settings = settings;
        this.current = settings;
    }

    CustomerScorer scorer() {
        return current;
    }

    String version() {
        return current.version();
    }

    /**
     * Takes up the published model, if it is new and valid; none published (an empty topic, or
     * the model deleted) means the settings'.
     *
     * @return whether the model in use changed
     */
    boolean takeUp(ScoringModel published) {
        if (published == null) {
            if (current == settings) {
                return false;
            }
            LOG.info("No model is published any more: scoring with the settings' instead of model {}",
                    current.version());
            current = settings;
            return true;
        }
        String version = published.getVersion();
        if (version.equals(current.version()) || version.equals(refused)) {
            return false;
        }
        ModelParameters parameters;
        try {
            parameters = ModelRecords.parameters(published, settings.parameters());
        } catch (ModelRecords.Refused | IllegalArgumentException e) {
            refused = version;
            LOG.error("{}; scoring goes on with model {}", e.getMessage(), current.version());
            return false;
        }
        LOG.info("Scoring with model {} (horizon {} days) instead of {}", version, parameters.horizonDays(),
                current.version());
        current = settings.withModel(parameters, version);
        return true;
    }
}
