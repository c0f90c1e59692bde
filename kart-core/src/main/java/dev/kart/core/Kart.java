package dev.kart.core;

import com.typesafe.config.Config;
import dev.kart.KartException;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.NodeIdentity;
import dev.kart.core.internal.inject.RuntimeAssembly;
import dev.kart.core.internal.inject.RuntimeSpec;
import dev.kart.core.internal.lock.HeldLeases;
import dev.kart.core.internal.lock.LockBackendHandle;
import dev.kart.core.internal.schedule.BuildRunner;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * A kart runtime: configuration, workspace, formats, lock backend and scheduler, wired by Guice.
 * Create one per application (it is thread-safe and builds may run concurrently), build tasks with
 * it, and close it at the end to release the lock backend.
 *
 * <pre>{@code
 * try (Kart kart = Kart.create()) {
 *     Map<String, Long> counts = kart.build(new CountWords(new Tokenize(...), 2));
 * }
 * }</pre>
 *
 * <p>Besides building, it answers questions about the workspace without running anything:
 * {@link #isComplete} (luigi's {@code complete()}), {@link #outputs} (where a task's outputs are)
 * and {@link #load} (a complete task's output, read under its cache lock).
 */
public final class Kart implements AutoCloseable {
    private final BuildRunner builds;
    private final GraphBuilder graphs;
    private final CacheStore store;
    private final Workspace workspace;
    private final LockBackendHandle lockBackend;
    private final NodeIdentity node;
    private final HeldLeases heldLeases;

    @Inject
    Kart(BuildRunner builds, GraphBuilder graphs, CacheStore store, Workspace workspace, LockBackendHandle lockBackend,
            HeldLeases heldLeases, NodeIdentity node) {
        this.heldLeases = heldLeases;
        this.node = node;
        this.builds = builds;
        this.graphs = graphs;
        this.store = store;
        this.workspace = workspace;
        this.lockBackend = lockBackend;
    }

    /**
     * @return a runtime configured from {@code application.conf} and {@code reference.conf} on the
     *     class path
     * @throws dev.kart.config.KartConfigException when the configuration is invalid, naming the key
     *     (the lock backend's keys included; the backend itself is opened, and connects, when a build,
     *     load or remove first needs a lock)
     */
    public static Kart create() {
        return builder().build();
    }

    /** @return a builder for a runtime with explicit settings */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a task: runs what is missing of its graph and returns its output.
     *
     * @param task the root task
     * @param <T> its output type
     * @return its output, computed now or loaded from the cache ({@code null} for a {@code Task<Void>})
     * @throws BuildFailedException when a task failed for good; its message is the execution summary
     * @throws KartException when the graph cannot be built (a cycle, an unusable task)
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached; nothing ran
     */
    public <T> T build(Task<T> task) {
        BuildReport<T> report = run(task, BuildOptions.defaults());
        if (!report.succeeded()) {
            throw new BuildFailedException(report);
        }
        return report.rootOutput().orElse(null);
    }

    /**
     * Builds a task and reports on every task instead of throwing when some fail.
     *
     * @param task the root task
     * @param options which complete tasks run again, and the progress listener
     * @param <T> its output type
     * @return what happened. When the calling thread is interrupted while the build runs, or
     *     {@link #close()} is called from another thread, the build stops: running tasks are
     *     interrupted and given {@code kart.interrupt-grace} to end, each releasing its leases and
     *     recording its task as {@link TaskState#INTERRUPTED}; tasks not started stay unrun; the
     *     report then says {@linkplain BuildReport#interrupted() interrupted}, and the thread's
     *     interrupt flag is set again
     * @throws KartException when the graph cannot be built
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached; nothing ran
     * @throws IllegalArgumentException when {@link BuildOptions#rerunTasks()} names a class that has
     *     no task in the root's graph; nothing runs
     */
    public <T> BuildReport<T> run(Task<T> task, BuildOptions options) {
        return builds.run(task, options);
    }

    /**
     * Every task of a root's dependency graph, without running anything: each task once (tasks
     * with the same unique id are one), dependencies before the tasks that need them, the root
     * last. The dependencies of complete tasks are included too.
     *
     * @param root a task
     * @return the tasks of its graph
     * @throws dev.kart.TaskDefinitionException when a task is not usable
     * @throws KartException when the dependencies form a cycle; the message names every task in it
     */
    public List<TaskRef> graph(Task<?> root) {
        return graphs.build(root, BuildOptions.defaults(), true).nodes().stream()
                .map(node -> new TaskRef(node.task(), node.uniqueId(), node.label())).toList();
    }

    /**
     * Whether a task is complete: every output it declares exists in the workspace (luigi's
     * {@code complete()}). Its dependencies are not looked at.
     *
     * @param task a task
     * @return whether all of its outputs exist
     * @throws dev.kart.TaskDefinitionException when the task is not usable
     */
    public boolean isComplete(Task<?> task) {
        return graphs.isComplete(graphs.node(task));
    }

    /**
     * A task's unique id: a hash of its class, its significant parameters and its dependencies'
     * ids, the same on every machine and JVM (gokart's {@code make_unique_id()}). It names the
     * task's output files and its run lock.
     *
     * @param task a task
     * @return its unique id: 32 lower-case hex digits
     * @throws dev.kart.TaskDefinitionException when the task is not usable
     */
    public String uniqueId(Task<?> task) {
        return graphs.node(task).uniqueId();
    }

    /**
     * Removes a task's outputs from the workspace, each under its exclusive cache lock, so that the
     * next build runs the task again (luigi's {@code target.remove()} for every output). Its
     * dependencies' outputs are kept.
     *
     * @param task a task
     * @return how many output files were removed
     * @throws dev.kart.lock.LockException when a cache lock cannot be taken within
     *     {@code kart.lock.cache-wait-timeout}, or the lock backend cannot be reached
     * @throws dev.kart.CacheWriteException when a file cannot be removed
     */
    public int remove(Task<?> task) {
        int removed = 0;
        for (CacheTarget target : graphs.node(task).outputs()) {
            if (store.remove(target)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Where a task's outputs are, whether or not they exist yet: the main output first (absent for
     * a {@code Task<Void>}), then the named outputs in declaration order.
     *
     * @param task a task
     * @return its output locations
     * @throws dev.kart.TaskDefinitionException when the task is not usable
     */
    public List<OutputLocation> outputs(Task<?> task) {
        TaskNode node = graphs.node(task);
        List<OutputLocation> locations = new ArrayList<>(1 + node.namedOutputs().size());
        node.mainOutput().ifPresent(target -> locations.add(location(Optional.empty(), target)));
        for (Map.Entry<NamedOutput<?>, CacheTarget> named : node.namedOutputs().entrySet()) {
            locations.add(location(Optional.of(named.getKey()), named.getValue()));
        }
        return locations;
    }

    /**
     * Loads the main output of a complete task without running anything, under its shared cache lock.
     *
     * @param task a task
     * @param <T> its output type
     * @return its stored output
     * @throws TaskNotCompleteException when an output of the task does not exist; nothing is run
     * @throws IllegalArgumentException when the task is a {@code Task<Void>} without a main output
     * @throws dev.kart.CacheReadException when the file cannot be read as the task's output type
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached
     */
    @SuppressWarnings("unchecked")
    public <T> T load(Task<T> task) {
        TaskNode node = completeNode(task);
        CacheTarget target = node.mainOutput().orElseThrow(() -> new IllegalArgumentException(node.label()
                + " is a Task<Void> without a main output; load one of its named outputs "
                + node.namedOutputs().keySet()));
        return (T) store.load(target);
    }

    /**
     * Loads a named output of a complete task without running anything, under its shared cache lock.
     *
     * @param task a task
     * @param output one of {@code task.namedOutputs()}
     * @param <V> the named output's type
     * @return the stored value
     * @throws TaskNotCompleteException when an output of the task does not exist; nothing is run
     * @throws IllegalArgumentException when the task does not declare {@code output}
     * @throws dev.kart.CacheReadException when the file cannot be read as the output's type
     * @throws dev.kart.lock.LockException when the lock backend cannot be reached
     */
    @SuppressWarnings("unchecked")
    public <V> V load(Task<?> task, NamedOutput<V> output) {
        TaskNode node = completeNode(task);
        CacheTarget target = node.namedOutputs().get(output);
        if (target == null) {
            throw new IllegalArgumentException(node.label() + " declares no named output " + output + "; it declares "
                    + node.namedOutputs().keySet());
        }
        return (V) store.load(target);
    }

    /**
     * @return the workspace directory, absolute
     * @throws UnsupportedOperationException when the workspace is not on the local file system (an
     *     {@code s3://} workspace); {@link #workspaceLocation()} names every workspace
     */
    public Path workspace() {
        return workspace.localRoot().orElseThrow(() -> new UnsupportedOperationException("the workspace "
                + workspace.storage().location() + " is not a local directory; use workspaceLocation()"));
    }

    /** @return the workspace's URI: {@code file:///...} for a local directory, {@code s3://bucket/prefix/} */
    public URI workspaceLocation() {
        return workspace.storage().location();
    }

    /**
     * @return the lock backend in use, opened now if no build, load or remove has opened it yet
     * @throws dev.kart.lock.LockException when it cannot be reached
     */
    public LockBackend lockBackend() {
        return lockBackend.backend();
    }

    /**
     * Closes the runtime: interrupts the builds still running on other threads (as an interrupt of
     * their threads would, see {@link #run}), releases every lease this runtime still holds, so other
     * nodes can take those cache files and tasks at once instead of after the TTL, and closes the lock
     * backend unless it was given to the builder as an open backend. A process killed with SIGKILL
     * cannot do this: its leases expire after {@code kart.lock.ttl}.
     */
    @Override
    public void close() {
        builds.close();
        // from here on other runtimes of this JVM take this one's records for an ended node's (TaskInfoWriter)
        node.closed();
        heldLeases.releaseAll();
        lockBackend.close();
        try {
            workspace.close();
        } catch (IOException e) {
            LoggerFactory.getLogger(Kart.class).warn("could not close the workspace storage {}: {}",
                    workspace.storage().location(), e.toString());
        }
    }

    private TaskNode completeNode(Task<?> task) {
        TaskNode node = graphs.node(task);
        for (CacheTarget target : node.outputs()) {
            if (!store.exists(target)) {
                throw new TaskNotCompleteException(node.label() + " is not complete: its output " + target.lockName()
                        + " does not exist in the workspace " + workspace.display() + "; build it with Kart.build first");
            }
        }
        return node;
    }

    private OutputLocation location(Optional<NamedOutput<?>> named, CacheTarget target) {
        return new OutputLocation(named, target.lockName(), workspace.uri(target.path()));
    }

    /** Assembles a {@link Kart}. Values set here win over every config file. */
    public static final class Builder {
        private RuntimeSpec spec = RuntimeSpec.defaults();

        private Builder() {
        }

        /**
         * @param value where task classes, application.conf, formats and lock backends are found
         *     (default: the thread's context class loader)
         * @return this builder
         */
        public Builder classLoader(ClassLoader value) {
            spec = spec.withClassLoader(value);
            return this;
        }

        /**
         * @param file a HOCON file that wins over application.conf
         * @return this builder
         */
        public Builder configFile(Path file) {
            spec = spec.withConfigFile(file);
            return this;
        }

        /**
         * @param config configuration to use instead of application.conf (reference.conf still applies)
         * @return this builder
         */
        public Builder config(Config config) {
            spec = spec.withApplication(config);
            return this;
        }

        /**
         * @param path a config path such as {@code kart.workers}
         * @param value its value: a String (also for durations, such as {@code "10s"}), Number,
         *     Boolean, List or Map
         * @return this builder
         */
        public Builder set(String path, Object value) {
            spec = spec.with(path, value, "set on Kart.Builder");
            return this;
        }

        /**
         * @param directory the workspace ({@code kart.workspace})
         * @return this builder
         */
        public Builder workspace(Path directory) {
            return set("kart.workspace", directory.toString());
        }

        /**
         * @param location the workspace as a URI ({@code kart.workspace}): {@code file:///data/ws}, or
         *     {@code s3://bucket/prefix} with a storage module for its scheme on the class path
         * @return this builder
         */
        public Builder workspace(URI location) {
            return set("kart.workspace", location.toString());
        }

        /**
         * @param count worker threads ({@code kart.workers})
         * @return this builder
         */
        public Builder workers(int count) {
            return set("kart.workers", count);
        }

        /**
         * @param backend an open lock backend to use instead of the configured one, such as one
         *     shared by two runtimes in a test; the runtime does not close it
         * @return this builder
         */
        public Builder lockBackend(LockBackend backend) {
            spec = spec.withLockBackend(backend);
            return this;
        }

        /**
         * @param provider opens the lock backend instead of the provider {@code kart.lock.backend}
         *     names, with the lease settings of {@code kart.lock} and the provider's own section;
         *     the runtime closes the backend it opens
         * @return this builder
         */
        public Builder lockBackend(LockBackendProvider provider) {
            spec = spec.withLockBackendProvider(provider);
            return this;
        }

        /**
         * @return the runtime
         * @throws dev.kart.config.KartConfigException when the configuration is invalid, naming the key
         *     (the lock backend's keys included: the backend is prepared here, and opened when a
         *     build, load or remove first needs a lock)
         * @throws KartException when the runtime cannot be assembled for another reason, naming it
         */
        public Kart build() {
            return RuntimeAssembly.create(spec, Kart.class);
        }
    }
}
