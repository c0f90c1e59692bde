package dev.kart.task;

import java.util.List;

/**
 * A unit of work whose output is cached in the workspace.
 *
 * <p>A task is an immutable value, normally a {@code record}: its components are its parameters,
 * and a component whose type is a {@code Task} (or a {@code List} of tasks) is a dependency. Two
 * tasks of the same type with equal significant parameters have the same unique id and share one
 * cache file, so {@link #run} is not called again once that file exists.
 *
 * <pre>{@code
 * public record CountWords(Tokenize tokens, @Default("2") int minCount)
 *         implements Task<Map<String, Long>> {
 *     public Map<String, Long> run(RunContext ctx) {
 *         List<String> words = ctx.load(tokens);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * @param <T> the type of the task's main output; the runtime stores the value {@link #run}
 *     returns in the format chosen by {@link OutputFormat} (JSON when absent). A task typed
 *     {@code Task<Void>} has no main output and writes only {@linkplain #namedOutputs named outputs}.
 */
public interface Task<T> {

    /**
     * Computes the output. Called at most once per build, only when the output is not cached yet
     * (or a rerun was asked for), after every dependency is complete.
     *
     * @param ctx loads dependency outputs, writes named outputs and records log lines
     * @return the main output; never {@code null} unless the task is a {@code Task<Void>}
     * @throws Exception any failure; the runtime retries the task per its retry settings
     */
    T run(RunContext ctx) throws Exception;

    /**
     * Dependencies besides the task-typed components. They must be a function of the parameters:
     * they are not part of the unique id.
     *
     * @return tasks that must be complete before {@link #run} is called; empty by default
     */
    default List<Task<?>> requires() {
        return List.of();
    }

    /**
     * The named outputs this task writes with {@link RunContext#dump}, besides its main output.
     * The task is complete only when all of them exist.
     *
     * @return the declared named outputs; empty by default
     */
    default List<NamedOutput<?>> namedOutputs() {
        return List.of();
    }
}
