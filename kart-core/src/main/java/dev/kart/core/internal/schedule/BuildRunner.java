package dev.kart.core.internal.schedule;

import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.config.DurationSetting;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a root task: makes its graph (or takes one made already), runs it on the workers, takes the root's output (loaded
 * from the workspace when another build made it), and reports, logging the execution summary.
 * Thread-safe; builds may run concurrently.
 */
public final class BuildRunner {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kart.build");

    private final GraphBuilder graphs;
    private final CacheStore store;
    private final TaskAttempt attempts;
    private final TaskInfoRecorder info;
    private final TaskOrder order;
    private final int workers;
    private final DurationSetting interruptGrace;
    private final AttemptWatchdog watchdog;
    private final LockBackendHandle lockBackend;
    private final Set<BuildExecution> running = ConcurrentHashMap.newKeySet();

    @Inject
    BuildRunner(GraphBuilder graphs, CacheStore store, TaskAttempt attempts, TaskInfoRecorder info, TaskOrder order,
            KartSettings settings, AttemptWatchdog watchdog, LockBackendHandle lockBackend) {
        this.graphs = graphs;
        this.store = store;
        this.attempts = attempts;
        this.info = info;
        this.order = order;
        this.workers = settings.workers();
        this.interruptGrace = settings.interruptGrace();
        this.watchdog = watchdog;
        this.lockBackend = lockBackend;
    }

    /**
     * @param root the task to build
     * @param options which complete tasks run again, the listener, and whether to read a complete
     *     root's output for the report
     * @param <T> the root's output type
     * @return the report; a failed task does not throw. When the calling thread is interrupted, or
     *     {@link #interruptAll()} is called, the build stops: running tasks are interrupted and given
     *     {@code kart.interrupt-grace} to end (releasing their leases), and the report says
     *     {@linkplain BuildReport#interrupted() interrupted}; the thread's interrupt flag is set again
     * @throws dev.kart.KartException when the graph cannot be built (a cycle, an unusable task)
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached; nothing ran
     * @throws IllegalArgumentException when the options name a task class to run again that has no
     *     task in the graph
     */
    @SuppressWarnings("unchecked")
    public <T> BuildReport<T> run(Task<T> root, BuildOptions options) {
        return (BuildReport<T>) run(graphs.build(root, options, false), options.listener(), options.rootOutput());
    }

    /**
     * Builds a graph made already, as {@link #run(Task, BuildOptions)} builds the one it makes: for a
     * caller that looked at the graph first (the {@code kart} command, which decides from it what to say
     * before the build) and must not walk the whole graph, checking every output, a second time.
     *
     * @param graph what {@link GraphBuilder#build} made of the root for a build: without expanding complete
     *     tasks, and with the options that say which tasks run again (they are the graph's nodes' causes now).
     *     Its answers of which outputs exist are as old as the graph, as a walk's answers always are by the time
     *     its tasks run
     * @param listener follows the build
     * @param rootOutput whether to read a complete root's output for the report
     * @return the report, as {@link #run(Task, BuildOptions)} returns it
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached; nothing ran
     */
    public BuildReport<?> run(TaskGraph graph, BuildListener listener, boolean rootOutput) {
        Task<?> root = graph.root().task();
        // The backend opens on first use; a build uses it (a task's locks, or the root's load), so open
        // it before anything runs: an unreachable Redis is one clear error, not a failure in every task.
        lockBackend.backend();
        BuildProgress progress = new BuildProgress(graph, info);
        long start = System.nanoTime();
        Optional<Object> computed = Optional.empty();
        boolean callerInterrupted = false;
        try (WorkerPool pool = new WorkerPool(workers, order)) {
            BuildExecution execution = new BuildExecution(progress, pool, attempts, info,
                    TaskEventLog.around(listener));
            running.add(execution);
            try {
                computed = execution.run();
            } catch (InterruptedException e) {
                callerInterrupted = true;
                execution.interrupt();
            } finally {
                running.remove(execution);
            }
            if (execution.interrupted() && !pool.awaitStopped(interruptGrace.value())) {
                // the grace as the user wrote it: 60s, not the 1m kart would write
                LOG.warn("interrupted build of {}: tasks still running when the wait for them ended ({}); their leases"
                        + " are released when the runtime closes, and they publish nothing", root, interruptGrace.setting());
                execution.giveUpOnRunning(interruptGrace);
            }
            if (execution.interrupted()) {
                execution.endRetryWaits();
                execution.endUnrun();
            }
        } finally {
            if (callerInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Optional<Object> output = progress.succeeded() && rootOutput ? rootOutput(progress, computed)
                : Optional.empty();
        BuildReport<Object> report = BuildReports.report(progress, output, elapsed);
        // the summary walks every task's outcome: made only when it is logged
        if (report.succeeded()) {
            if (LOG.isInfoEnabled()) {
                LOG.info("{}", report.summary());
            }
        } else if (report.interrupted()) {
            if (LOG.isWarnEnabled()) {
                LOG.warn("{}", report.summary());
            }
        } else if (LOG.isErrorEnabled()) {
            LOG.error("{}", report.summary());
        }
        return report;
    }

    /**
     * Interrupts every build running now, as an interrupt of its calling thread would; returns at
     * once. For closing the runtime while builds run on other threads.
     */
    public void interruptAll() {
        running.forEach(BuildExecution::interrupt);
    }

    /**
     * Interrupts the builds still running and stops the watchdog of attempts.
     */
    public void close() {
        interruptAll();
        watchdog.close();
    }

    /** The root's output: what its run returned, else read from the workspace (it was complete). */
    private Optional<Object> rootOutput(BuildProgress progress, Optional<Object> computed) {
        TaskNode root = progress.graph().root();
        Optional<CacheTarget> main = root.mainOutput();
        if (main.isEmpty()) {
            return Optional.empty();
        }
        if (computed.isPresent()) {
            return computed;
        }
        Object loaded = store.load(main.get());
        progress.countLoad(root);
        return Optional.of(loaded);
    }
}
