package dev.kart.cli;

import dev.kart.cli.task.TaskInvocation;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.config.DurationSetting;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskHistory;
import dev.kart.core.internal.info.TaskInfoWriter;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.core.internal.parameter.TaskFactory;
import dev.kart.core.internal.schedule.BuildRunner;
import dev.kart.lock.HeldLock;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * What one command works with, made by the runtime's injector: the {@link Kart} facade, and the
 * internals the {@code kart} command uses besides it (graphs with every node's state, tasks made
 * from command-line text, the cache store for cleaning, the lock backend's name and lease settings,
 * the task info files).
 */
final class Session implements AutoCloseable {
    private final Kart kart;
    private final GraphBuilder graphs;
    private final BuildRunner builds;
    private final TaskFactory tasks;
    private final CacheStore store;
    private final LockBackendHandle lockBackend;
    private final LeaseSettings lease;
    private final TaskInfoWriter taskInfo;
    private final Workspace workspace;
    private final KartSettings settings;

    @Inject
    Session(Kart kart, GraphBuilder graphs, BuildRunner builds, TaskFactory tasks, CacheStore store,
            LockBackendHandle lockBackend, LeaseSettings lease, TaskInfoWriter taskInfo, Workspace workspace,
            KartSettings settings) {
        this.workspace = workspace;
        this.settings = settings;
        this.kart = kart;
        this.graphs = graphs;
        this.builds = builds;
        this.tasks = tasks;
        this.store = store;
        this.lockBackend = lockBackend;
        this.lease = lease;
        this.taskInfo = taskInfo;
    }

    Kart kart() {
        return kart;
    }

    /**
     * @param root a root task
     * @param expandComplete whether to include the dependencies of complete tasks
     * @return its graph, each node with whether its outputs exist
     */
    TaskGraph graph(Task<?> root, boolean expandComplete) {
        return graphs.build(root, BuildOptions.defaults(), expandComplete);
    }

    /**
     * @param root a root task
     * @param options which complete tasks a build would run again
     * @return the graph a build with these options would run: complete tasks without their
     *     dependencies, each node with why it runs again, if it does
     * @throws IllegalArgumentException when the options name a task class without task in the graph
     */
    TaskGraph plan(Task<?> root, BuildOptions options) {
        return graphs.build(root, options, false);
    }

    /**
     * Builds what {@link #plan} made, as {@link Kart#run} builds a root, without walking its graph again. The
     * report holds no root output: the command names the root's outputs, never shows one.
     *
     * @param plan the graph {@link #plan} returned
     * @param listener follows the build
     * @return the build's report
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached; nothing ran
     */
    BuildReport<?> run(TaskGraph plan, BuildListener listener) {
        return builds.run(plan, listener, false);
    }

    /**
     * @param invocation a task named on the command line, with its parameter values as text
     * @return the task, with missing values from config and defaults
     * @throws UsageException when a value is missing, does not parse or is rejected by the task's record:
     *     it names the task as typed, whose help lists its parameters
     */
    Task<?> task(TaskInvocation invocation) {
        try {
            return tasks.create(invocation.type(), invocation.values(), invocation.configOnly());
        } catch (ParameterValueException e) {
            throw new UsageException(e.getMessage(), invocation.word(), e);
        }
    }

    CacheStore store() {
        return store;
    }

    /** @return the name of the lock backend in use, as {@code kart.lock.backend} selects it */
    String lockBackendName() {
        return lockBackend.name();
    }

    /**
     * @return the lock backend in use as it names itself, where it says which server and prefix (the
     *     Redis backend: {@code redis lock backend (jedis) on Redis at localhost:6379, prefix kart});
     *     empty for one that does not override {@code toString} (the in-memory backend); opens it
     * @throws dev.kart.lock.LockException when it cannot be opened
     */
    Optional<String> namedLockBackend() {
        LockBackend backend = kart.lockBackend();
        try {
            return backend.getClass().getMethod("toString").getDeclaringClass() == Object.class ? Optional.empty()
                    : Optional.of(backend.toString());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("every class has toString", e);
        }
    }

    LeaseSettings lease() {
        return lease;
    }

    /**
     * @return how long an interrupted build waits for its running tasks ({@code kart.interrupt-grace}), with its text
     *     as the user wrote it for the Ctrl-C lines
     */
    DurationSetting interruptGrace() {
        return settings.interruptGrace();
    }

    /**
     * @return how long the {@code wait} collision policy waits for a run lock ({@code kart.lock.wait-timeout}), with
     *     its text as the user wrote it for the lines that tell of a wait
     */
    DurationSetting waitTimeout() {
        return settings.waitTimeout();
    }

    /**
     * @return once closed, the keys of the locks whose release the lock backend never confirmed, which this process
     *     may still hold until their TTL runs out; empty when every release was confirmed or no backend was opened
     */
    List<String> unconfirmedReleases() {
        return lockBackend.unconfirmedReleases();
    }

    /**
     * @return the lock backend's lease TTL beside the key the backend's lease took its TTL from ({@code kart.lock.ttl},
     *     or a backend's own key that replaces it), as the user wrote it when it was read from a config
     *     ({@code kart.lock.ttl = 60s}), else as a config file writes it ({@code kart.lock.ttl = 3m}): see
     *     {@link LeaseSettings#ttlSetting()}; opens no backend
     */
    String leaseTtlSetting() {
        return lockBackend.lease().ttlSetting();
    }

    /**
     * @return whether the lock backend's leases end with this process (the in-memory backend's, as its lease settings
     *     say: {@link LeaseSettings#endsWithProcess()}), so none outlives it to expire after a TTL; opens no backend
     */
    boolean leasesEndWithProcess() {
        return lockBackend.lease().endsWithProcess();
    }

    /**
     * @param uniqueId a task's unique id
     * @return who holds its run lock now, as {@code kart locks} lists it; empty when nobody does; opens the lock
     *     backend
     * @throws dev.kart.lock.LockException when the backend cannot be reached, or the lock's key holds another
     *     application's value
     */
    Optional<HeldLock> runLockHolder(String uniqueId) {
        return lockBackend.runLock().holder(uniqueId);
    }

    /**
     * @param node a task
     * @return every record of it in the workspace's task info
     */
    TaskHistory history(TaskNode node) {
        return taskInfo.history(node.type(), node.uniqueId());
    }

    /**
     * @param node a task
     * @return the relative path of its task info file, which may not exist
     */
    String infoFile(TaskNode node) {
        return taskInfo.infoFile(node);
    }

    /** @return the workspace, whose storage every command reaches it through */
    Workspace workspace() {
        return workspace;
    }

    /** @return how objects of the workspace, given by relative path, are shown */
    ObjectDisplay objects() {
        return new ObjectDisplay(workspace);
    }

    @Override
    public void close() {
        kart.close();
    }
}
