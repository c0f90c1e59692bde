package dev.kart.cli.tree;

import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.graph.TaskGraph;
import java.util.Optional;
import java.util.function.Function;

/** The ways {@code kart tree} draws a task graph. */
public enum TreeFormat {
    /** An indented tree, one task a line with its output paths below, like the Python system's task tree. */
    TEXT {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths, Occupants occupants) {
            return TextTree.render(graph, view, paths, occupants);
        }
    },
    /** Every task once, with its dependencies by unique id, for programs. */
    JSON {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths, Occupants occupants) {
            return JsonTree.render(graph, view, paths);
        }
    },
    /** Graphviz: {@code kart tree TASK --format dot | dot -Tsvg > tree.svg}. */
    DOT {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths, Occupants occupants) {
            return DotTree.render(graph, view);
        }
    },
    /** A Mermaid flowchart, which GitHub and many Markdown viewers draw. */
    MERMAID {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths, Occupants occupants) {
            return MermaidTree.render(graph, view);
        }
    };

    /**
     * @param graph a graph built with the dependencies of complete tasks expanded
     * @param view which of its tasks to show
     * @param paths how output paths are shown
     * @param occupants what stands at an output's path that is no file (a directory), shown in the text tree
     * @return the drawing, ending with a line break
     */
    public abstract String render(TaskGraph graph, TreeView view, Function<String, String> paths, Occupants occupants);

    /** What stands at an output's path that is no file, as a clause such as {@code a directory stands there}; asked for pending tasks only. */
    @FunctionalInterface
    public interface Occupants {
        /**
         * @param output an output of a task that is not complete
         * @return what stands at its path, if something that is no file does
         */
        Optional<String> at(CacheTarget output);
    }
}
