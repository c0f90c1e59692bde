package dev.kart.cli.tree;

import dev.kart.core.internal.graph.TaskGraph;
import java.util.function.Function;

/** The ways {@code kart tree} draws a task graph. */
public enum TreeFormat {
    /** An indented tree, one task a line with its output paths below, like the Python system's task tree. */
    TEXT {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths) {
            return TextTree.render(graph, view, paths);
        }
    },
    /** Every task once, with its dependencies by unique id, for programs. */
    JSON {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths) {
            return JsonTree.render(graph, view, paths);
        }
    },
    /** Graphviz: {@code kart tree TASK --format dot | dot -Tsvg > tree.svg}. */
    DOT {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths) {
            return DotTree.render(graph, view);
        }
    },
    /** A Mermaid flowchart, which GitHub and many Markdown viewers draw. */
    MERMAID {
        @Override
        public String render(TaskGraph graph, TreeView view, Function<String, String> paths) {
            return MermaidTree.render(graph, view);
        }
    };

    /**
     * @param graph a graph built with the dependencies of complete tasks expanded
     * @param view which of its tasks to show
     * @param paths how output paths are shown
     * @return the drawing, ending with a line break
     */
    public abstract String render(TaskGraph graph, TreeView view, Function<String, String> paths);
}
