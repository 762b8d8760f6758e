package dev.cdyn.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Renders a topology's own description as a Mermaid flowchart: topics as rounded boxes, stores as
 * cylinders, one box per sub-topology and one per global store. The README's diagram is this rendering, and a test keeps
 * the two equal.
 */
public final class TopologyDiagram {

    private TopologyDiagram() {
    }

    public static String mermaid(TopologyDescription description) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        Set<String> edges = new TreeSet<>();
        Set<String> topics = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        List<TopologyDescription.Subtopology> subs = new ArrayList<>(description.subtopologies());
        subs.sort(Comparator.comparingInt(TopologyDescription.Subtopology::id));
        for (TopologyDescription.Subtopology sub : subs) {
            out.append("  subgraph sub").append(sub.id()).append(" [\"sub-topology ").append(sub.id()).append("\"]\n");
            Set<String> nodes = new TreeSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                nodes.add("    " + id("n", node.name()) + "[\"" + node.name() + "\"]");
                for (TopologyDescription.Node next : node.successors()) {
                    edges.add("  " + id("n", node.name()) + " --> " + id("n", next.name()));
                }
                if (node instanceof TopologyDescription.Source source) {
                    for (String topic : source.topicSet()) {
                        topics.add(topic);
                        edges.add("  " + id("t", topic) + " --> " + id("n", node.name()));
                    }
                }
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                    edges.add("  " + id("n", node.name()) + " --> " + id("t", sink.topic()));
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    for (String store : processor.stores()) {
                        stores.add(store);
                        edges.add("  " + id("n", node.name()) + " --- " + id("s", store));
                    }
                }
            }
            nodes.forEach(line -> out.append(line).append('\n'));
            out.append("  end\n");
        }
        // A global store (the published models) is read whole by every task: its own box.
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            TopologyDescription.Source source = global.source();
            TopologyDescription.Processor processor = global.processor();
            out.append("  subgraph global").append(global.id()).append(" [\"global store\"]\n");
            out.append("    ").append(id("n", source.name())).append("[\"").append(source.name()).append("\"]\n");
            out.append("    ").append(id("n", processor.name())).append("[\"").append(processor.name()).append("\"]\n");
            out.append("  end\n");
            edges.add("  " + id("n", source.name()) + " --> " + id("n", processor.name()));
            for (String topic : source.topicSet()) {
                topics.add(topic);
                edges.add("  " + id("t", topic) + " --> " + id("n", source.name()));
            }
            for (String store : processor.stores()) {
                stores.add(store);
                edges.add("  " + id("n", processor.name()) + " --- " + id("s", store));
            }
        }
        topics.forEach(topic -> out.append("  ").append(id("t", topic)).append("([\"").append(topic).append("\"])\n"));
        stores.forEach(store -> out.append("  ").append(id("s", store)).append("[(\"").append(store).append("\")]\n"));
        edges.forEach(edge -> out.append(edge).append('\n'));
        return out.toString();
    }

    private static String id(String kind, String name) {
        return kind + "_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }
}
