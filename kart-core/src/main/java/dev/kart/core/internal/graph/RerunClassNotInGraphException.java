package dev.kart.core.internal.graph;

import java.util.List;
import java.util.SortedSet;

/**
 * A build was asked to run again the tasks of a class ({@code BuildOptions#rerunTasks}) of which the
 * root's graph has no task. An {@link IllegalArgumentException}, as {@code Kart.run} documents; it
 * carries what the command line needs to word its own message without walking the graph again.
 */
public final class RerunClassNotInGraphException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> graphClasses;

    /**
     * @param root the root's label
     * @param missing the binary names of the classes asked for that have no task in the graph
     * @param graphClasses the binary names of the graph's task classes
     */
    RerunClassNotInGraphException(String root, SortedSet<String> missing, SortedSet<String> graphClasses) {
        super("asked to rerun the tasks of " + String.join(", ", missing) + ", but the graph of " + root
                + " has no task of " + (missing.size() == 1 ? "that class" : "those classes") + "; its task classes are "
                + graphClasses);
        this.missing = List.copyOf(missing);
        this.graphClasses = List.copyOf(graphClasses);
    }

    /** @return the binary names of the classes asked for that have no task in the graph, sorted */
    public List<String> missing() {
        return missing;
    }

    /** @return the binary names of the graph's task classes, sorted */
    public List<String> graphClasses() {
        return graphClasses;
    }
}
