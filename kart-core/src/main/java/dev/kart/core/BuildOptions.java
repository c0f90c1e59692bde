package dev.kart.core;

import dev.kart.task.Task;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Options of one build. Immutable; start from {@link #defaults()}.
 *
 * <p>Which complete tasks run again: by default none (a complete task is loaded, as in luigi). A
 * task that runs again replaces its outputs. The three rerun options add up:
 * <ul>
 *   <li>{@link #withRerun(boolean) rerun}: the root only; its dependencies run only when their
 *       outputs are missing;
 *   <li>{@link #withRerunTask(Class) rerunTasks}: every task of these classes anywhere in the root's
 *       graph (below complete tasks too), and every task that depends on one of them, directly or
 *       not, since its input is made again; the other tasks only when their outputs are missing;
 *   <li>{@link #withRerunAll(boolean) rerunAll}: every task of the graph.
 * </ul>
 *
 * @param rerun whether the root task runs even when its output exists
 * @param rerunTasks task classes whose tasks, and the tasks depending on them, run even when complete
 * @param rerunAll whether every task of the graph runs even when complete
 * @param listener follows the build's progress
 * @param rootOutput whether the report carries the root's output ({@link BuildReport#rootOutput()}):
 *     when the root was complete that means reading it from the workspace under its cache lock, which
 *     a caller that does not use it (such as {@code kart run}, which prints a summary) can spare: no
 *     read, no lock, and no reader such as Jackson made for it
 */
public record BuildOptions(boolean rerun, Set<Class<? extends Task<?>>> rerunTasks, boolean rerunAll,
        BuildListener listener, boolean rootOutput) {
    /** Checks the listener and copies the classes. */
    public BuildOptions {
        Objects.requireNonNull(listener, "listener");
        rerunTasks = Set.copyOf(rerunTasks);
    }

    /** @return no rerun, no listener, the root's output in the report */
    public static BuildOptions defaults() {
        return new BuildOptions(false, Set.of(), false, BuildListener.NONE, true);
    }

    /**
     * @param value whether to rerun the root
     * @return a copy with it
     */
    public BuildOptions withRerun(boolean value) {
        return new BuildOptions(value, rerunTasks, rerunAll, listener, rootOutput);
    }

    /**
     * @param type a task class: every task of it in the graph runs again, and every task that
     *     depends on one of them. When the root's graph has no task of the class, the build is refused
     *     with an {@link IllegalArgumentException} before anything runs.
     * @return a copy with it added to {@link #rerunTasks()}
     */
    public BuildOptions withRerunTask(Class<? extends Task<?>> type) {
        Set<Class<? extends Task<?>>> types = new LinkedHashSet<>(rerunTasks);
        types.add(Objects.requireNonNull(type, "type"));
        return new BuildOptions(rerun, types, rerunAll, listener, rootOutput);
    }

    /**
     * @param value whether every task of the graph runs again
     * @return a copy with it
     */
    public BuildOptions withRerunAll(boolean value) {
        return new BuildOptions(rerun, rerunTasks, value, listener, rootOutput);
    }

    /**
     * @param value the listener
     * @return a copy with it
     */
    public BuildOptions withListener(BuildListener value) {
        return new BuildOptions(rerun, rerunTasks, rerunAll, value, rootOutput);
    }

    /**
     * @param value whether the report carries the root's output (by default it does)
     * @return a copy with it
     */
    public BuildOptions withRootOutput(boolean value) {
        return new BuildOptions(rerun, rerunTasks, rerunAll, listener, value);
    }
}
