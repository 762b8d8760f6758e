package dev.cdyn.app;

import dev.cdyn.config.Settings;
import dev.cdyn.config.Topic;
import dev.cdyn.config.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** The application's topics on a cluster: which are missing, and creating them as {@link Topics} declares them. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /** The topics a user creates (inputs and outputs) that do not exist on the cluster. */
    public static List<Topic<?, ?>> missing(Admin admin, Settings settings) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        return Topics.external().stream().filter(topic -> !existing.contains(topic.name(settings))).toList();
    }

    /** Creates the given topics with their declared retention; one that appeared meanwhile is fine. */
    public static void create(Admin admin, Settings settings, List<Topic<?, ?>> topics, int partitions,
                              short replicationFactor) throws ExecutionException, InterruptedException {
        List<NewTopic> requests = topics.stream()
                .map(topic -> new NewTopic(topic.name(settings), partitions, replicationFactor)
                        .configs(topic.retention().configs()))
                .toList();
        try {
            admin.createTopics(requests).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
