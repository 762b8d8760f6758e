package dev.cdyn.cli;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topics;
import dev.cdyn.scores.CustomerScore;
import dev.cdyn.scores.ScoreAlert;
import dev.cdyn.scores.ScoreKind;
import dev.cdyn.scores.ScoreReason;
import dev.cdyn.scoring.Tier;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows the scores and alerts topics from the beginning and keeps the latest score per customer
 * (a tombstone removes it) and the latest alerts: what the demo's view and {@code cdyn scores} show.
 */
public final class ScoreBoard implements AutoCloseable {

    private final TopicReader reader;
    private final String scoresTopic;
    private final Map<String, CustomerScore> latest = new HashMap<>();
    private final Deque<ScoreAlert> alerts = new ArrayDeque<>();
    private final AtomicLong alertCount = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public ScoreBoard(Settings settings, List<String> topics) {
        this.reader = new TopicReader(settings, topics);
        this.scoresTopic = settings.topic(Topics.SCORES);
    }

    /** Reads what is there now, handing each record to {@code each}; returns when caught up. */
    void catchUp(java.util.function.Consumer<ConsumerRecord<String, Object>> each) {
        reader.catchUp(record -> {
            keep(record);
            each.accept(record);
        });
    }

    void poll(Duration timeout, java.util.function.Consumer<ConsumerRecord<String, Object>> each) {
        reader.poll(timeout, record -> {
            keep(record);
            each.accept(record);
        });
    }

    private synchronized void keep(ConsumerRecord<String, Object> record) {
        if (record.topic().equals(scoresTopic)) {
            if (record.value() == null) {
                latest.remove(record.key());
            } else if (record.value() instanceof CustomerScore score) {
                latest.put(record.key(), score);
            }
        } else if (record.value() instanceof ScoreAlert alert) {
            alertCount.incrementAndGet();
            alerts.addFirst(alert);
            if (alerts.size() > 20) {
                alerts.removeLast();
            }
        }
    }

    /** Polls until {@link #close()}; for a background thread. */
    public void follow() {
        while (running.get()) {
            poll(Duration.ofMillis(200), record -> { });
        }
    }

    public synchronized List<CustomerScore> mostAtRisk(int count) {
        return latest.values().stream().sorted(Comparator.comparingDouble(CustomerScore::getChurnRisk).reversed())
                .limit(count).toList();
    }

    public synchronized Map<String, Long> tierCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Tier tier : Tier.values()) {
            counts.put(tier.name(), 0L);
        }
        latest.values().forEach(s -> counts.merge(s.getLoyaltyTier().name(), 1L, Long::sum));
        return counts;
    }

    synchronized List<CustomerScore> all() {
        return latest.values().stream().sorted(Comparator.comparing(CustomerScore::getCustomerId)).toList();
    }

    public synchronized List<ScoreAlert> latestAlerts(int count) {
        return alerts.stream().limit(count).toList();
    }

    public long alertCount() {
        return alertCount.get();
    }

    public void stop() {
        running.set(false);
    }

    /** The largest contribution to the churn risk other than the population baseline, in words. */
    public static String topRiskReason(CustomerScore score) {
        return score.getReasons().stream()
                .filter(r -> r.getScore() == ScoreKind.CHURN_RISK && !r.getCode().equals("population_baseline"))
                .findFirst().map(ScoreReason::getDescription).orElse("");
    }

    @Override
    public void close() {
        reader.close();
    }
}
