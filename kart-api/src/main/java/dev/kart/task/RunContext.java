package dev.kart.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a running task sees of the runtime: the outputs of its dependencies, its named outputs,
 * its log and a private scratch directory. Every load and dump goes through the cache lock.
 *
 * <p>Thread-safe: every method, and the {@link TaskLog} it returns, may be called from several
 * threads at once while {@link Task#run} has not returned, for instance from a parallel stream that
 * loads many dependencies. Each call's guarantees are those of a call from the thread that runs the
 * task.
 */
public interface RunContext {

    /**
     * Loads the main output of a dependency, typed by its declaration.
     *
     * @param dependency a task this task depends on (a component or one of {@link Task#requires()})
     * @param <T> the dependency's output type
     * @return the dependency's cached output, or its freshly computed one
     * @throws IllegalArgumentException when {@code dependency} is not a dependency of this task
     */
    <T> T load(Task<T> dependency);

    /**
     * Loads the main outputs of several dependencies, as {@link #load(Task)} does for each, taking their shared cache
     * locks together, 500 at a time at most: with the Redis lock backend's Jedis binding one round trip takes them and
     * one releases them (on one server or through Sentinel; over a Redis Cluster one per lock), where {@code load}
     * makes two per dependency; the Redisson binding sends every call before it awaits any reply. Each lock is
     * released once every file of its batch was read. A batch's files are read and parsed on several threads at once:
     * this task's own and helpers of a pool that the runtime's workers share, {@code kart.load-threads} threads in all
     * (default: one per processor on a local workspace, helpers from 32 files on, one per 16; 16 on S3, where each read
     * is a round trip, a helper per file). The outputs come back in the order asked whatever the threads; a
     * {@link dev.kart.format.Format} is called from several threads, as the runtime's workers already call it.
     * gokart's {@code self.load()} of a list of requires: pass the
     * typed list that {@code requires()} is made of (a {@code List<DailySales>} of {@code Task<Long>}s gives a
     * {@code List<Long>}), not {@code requires()} itself, whose {@code List<Task<?>>} gives a {@code List<Object>}.
     * A dependency whose cache lock
     * is held exclusively (another node publishing it) is waited for on its own, after the others of its batch were
     * read and their locks released, as {@code load} waits: up to {@code kart.lock.cache-wait-timeout}.
     *
     * @param dependencies tasks this task depends on, in any order; a task may appear more than once
     * @param <T> what their outputs have in common, such as {@code Long} for {@code List<Task<Long>>}
     * @return their outputs, in the order of {@code dependencies}; unmodifiable
     * @throws IllegalArgumentException when one of them is not a dependency of this task, or is a {@code Task<Void>}
     *     without a main output; nothing is loaded then
     * @throws dev.kart.CacheReadException when a cache file is missing or cannot be read as its type: of a batch's
     *     files read under their locks, the first in the order of {@code dependencies} that could not be read
     */
    <T> List<T> loadAll(List<? extends Task<? extends T>> dependencies);

    /**
     * Loads a named output of a dependency.
     *
     * @param dependency a task this task depends on
     * @param output one of {@code dependency.namedOutputs()}
     * @param <V> the named output's type
     * @return the stored value
     */
    <V> V load(Task<?> dependency, NamedOutput<V> output);

    /**
     * Writes one of this task's named outputs to a temporary file. It is published (atomically,
     * under the exclusive cache lock) together with the task's other outputs once {@code run()}
     * has returned: an attempt that throws publishes none. Dumping the same output twice keeps the
     * second value.
     *
     * @param output one of this task's {@link Task#namedOutputs()}
     * @param value the value to store; not {@code null}
     * @param <V> the named output's type
     * @throws IllegalArgumentException when {@code output} is not one of this task's named outputs,
     *     or {@code value} is {@code null}
     * @throws IllegalStateException when called after {@code run()} returned
     * @throws dev.kart.CacheWriteException when the value cannot be written in the output's format
     */
    <V> void dump(NamedOutput<V> output, V value);

    /**
     * The run lease this attempt works under: present for tasks that run under the run lock
     * ({@link RunWithLock}, or {@code lock-run = true} in the task's {@code kart.tasks} section),
     * empty for the others. {@code run()} only starts while it is held.
     *
     * @return the lease, read-only
     */
    Optional<RunLease> runLease();

    /** @return the log whose lines are kept in this task's task info and sent to SLF4J */
    TaskLog log();

    /**
     * A directory private to this attempt of this task, created on first call and deleted after
     * the attempt ends.
     *
     * @return an existing, empty directory
     */
    Path scratchDirectory();
}
