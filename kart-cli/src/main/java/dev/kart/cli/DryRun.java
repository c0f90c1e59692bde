package dev.kart.cli;

import dev.kart.cli.task.TaskCatalog;
import dev.kart.cli.text.ClassGroups;
import dev.kart.cli.text.OccupantText;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import java.io.PrintWriter;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code kart run TASK --dry-run} prints: each task the build would run, in the order it could
 * run, with why (an output missing, a rerun asked, and which dependencies it would wait for), and
 * how many tasks are complete. {@value ClassGroups#COLLAPSE_AT} or more tasks of one class with one
 * reason are one line with their count and the first of them, as {@code kart tree} collapses them,
 * unless every task is asked for ({@code --all}). Reads the graph and whether files exist; writes
 * nothing.
 */
final class DryRun {
    private DryRun() {
    }

    /**
     * @param graph the graph the build would run, made with its rerun options
     * @param store tells which outputs exist
     * @param paths how output paths are shown
     * @param listAll whether every task is listed on its own instead of many of one class as one line
     * @param out where to print
     */
    static void print(TaskGraph graph, CacheStore store, Function<String, String> paths, boolean listAll,
            PrintWriter out) {
        List<TaskNode> toRun = graph.nodes().stream().filter(node -> !node.complete()).toList();
        int complete = graph.nodes().size() - toRun.size();
        // println, not printf: on Java 17 Formatter's first number loads the JDK's locale data
        out.println("Dry run of " + graph.root().label() + ": nothing was run, locked or written.");
        if (toRun.isEmpty()) {
            out.println("Nothing would run: " + name(graph.root()) + " is complete.");
            return;
        }
        out.println(toRun.size() + " of " + graph.nodes().size() + " task" + (graph.nodes().size() == 1 ? "" : "s")
                + " would run, in this order (dependencies first):");
        // the cause, not the reason's text: a missing output's text names the file, which differs per task
        // a task whose publish something at its path would refuse is listed on its own, never hidden in a count
        Map<TaskNode, Optional<Occupied>> occupied = new IdentityHashMap<>();
        for (TaskNode node : toRun) {
            occupied.put(node, occupied(node, store));
        }
        List<List<TaskNode>> groups = ClassGroups.of(toRun, node -> List.of(node.type().type(), node.rerunCause(),
                occupied.get(node).isPresent()), listAll);
        for (List<TaskNode> group : groups) {
            TaskNode first = group.get(0);
            out.println(group.size() == 1 ? "  " + first.label()
                    : "  - " + group.size() + " " + first.type().type().getName() + ", such as " + first.label());
            out.println("      " + reason(first, occupied.get(first), store, paths) + waits(first));
        }
        if (ClassGroups.anyCollapsed(groups)) {
            out.println("Tasks of one class with one reason are shown as one line with a count and the reason of the"
                    + " first; --all lists each.");
        }
        if (complete > 0) {
            out.println(complete + " task" + (complete == 1 ? " is" : "s are")
                    + " complete: loaded from the workspace, not run.");
        }
    }

    private static String reason(TaskNode node, Optional<Occupied> occupied, CacheStore store,
            Function<String, String> paths) {
        String rerun = switch (node.rerunCause()) {
            case ALL -> "rerun asked (--rerun-all)";
            case ROOT -> "rerun asked (--rerun)";
            case NAMED -> "rerun asked (--rerun-task " + name(node) + ")";
            case DEPENDS_ON_NAMED -> "rerun: it depends on a task named by --rerun-task";
            case CONFIG -> "rerun asked by config (kart.tasks.\"" + node.type().family() + "\".rerun = true)";
            case NONE -> null;
        };
        if (rerun == null) {
            return missing(node, occupied, store, paths);
        }
        return rerun + occupied.map(found -> "; " + paths.apply(found.target().path()) + ": "
                + (store.refusesReplace(found.target()) ? OccupantText.of(found.occupant())
                        : OccupantText.replacedByRerun(found.occupant()))).orElse("");
    }

    /** An output of the task with something at its path that is no file, and what. */
    private record Occupied(CacheTarget target, String occupant) {
    }

    private static Optional<Occupied> occupied(TaskNode node, CacheStore store) {
        for (CacheTarget target : node.outputs()) {
            Optional<String> occupant = store.occupant(target);
            if (occupant.isPresent()) {
                return Optional.of(new Occupied(target, occupant.get()));
            }
        }
        return Optional.empty();
    }

    private static String missing(TaskNode node, Optional<Occupied> occupied, CacheStore store,
            Function<String, String> paths) {
        List<CacheTarget> absent = node.outputs().stream().filter(target -> !store.exists(target)).toList();
        if (absent.isEmpty()) {
            return "output missing";  // it appeared since the graph was built
        }
        // the one a person must clear comes first: the build would fail on it
        if (occupied.isPresent()) {
            return "output missing: " + paths.apply(occupied.get().target().path()) + " ("
                    + OccupantText.of(occupied.get().occupant()) + ")" + more(absent);
        }
        return "output missing: " + paths.apply(absent.get(0).path()) + more(absent);
    }

    private static String more(List<CacheTarget> absent) {
        return absent.size() > 1 ? " and " + (absent.size() - 1) + " more" : "";
    }

    private static String waits(TaskNode node) {
        long pending = node.dependencies().stream().filter(dependency -> !dependency.complete()).count();
        return pending == 0 ? "" : "; after " + pending + " pending dependenc" + (pending == 1 ? "y" : "ies");
    }

    private static String name(TaskNode node) {
        return TaskCatalog.shortName(node.type().family());
    }
}
