package dev.kart.test;

import dev.kart.config.ConfigSection;
import dev.kart.core.BuildFailedException;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.InMemoryLockBackendProvider;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A kart runtime for one test: a temporary workspace of its own, an in-memory lock table of its own
 * (not the process-wide one, so tests running in parallel never see each other's locks) on a
 * {@link ManualClock}, and the configuration on the class path with the test's overrides. It
 * remembers the latest build, so a test can ask what ran and what was loaded from the cache.
 *
 * <p>Lease time stands still unless the test moves {@link #clock()}: leases never expire on their
 * own, and moving the clock fires the renewals a live holder would make on the way (unless the
 * runtime was made {@linkplain KartExtension#withoutLeaseRenewal() without renewal}). Timeouts for
 * waiting on a lock ({@code kart.lock.wait-timeout}, {@code kart.lock.cache-wait-timeout}) are
 * real time.
 *
 * <p>Made by {@link KartExtension}, which closes it after the test; thread-safe.
 */
public final class KartTestRuntime implements AutoCloseable {
    private final Path workspace;
    private final boolean ownsWorkspace;
    private final ManualClock clock;
    private final InMemoryLockBackend locks;
    private final Map<String, Object> overrides;
    private final boolean renewLeases;
    private final Kart kart;
    private final AtomicInteger nodes;
    private final List<KartTestRuntime> otherNodes = new ArrayList<>();
    private volatile BuildReport<?> lastReport;
    private boolean closed;

    private KartTestRuntime(Path workspace, boolean ownsWorkspace, ManualClock clock, InMemoryLockBackend locks,
            Map<String, Object> overrides, boolean renewLeases, Kart kart, AtomicInteger nodes) {
        this.workspace = workspace;
        this.ownsWorkspace = ownsWorkspace;
        this.clock = clock;
        this.locks = locks;
        this.overrides = overrides;
        this.renewLeases = renewLeases;
        this.kart = kart;
        this.nodes = nodes;
    }

    /**
     * @param overrides config values that win over the class path's configuration
     * @param renewLeases whether leases are renewed as the clock moves
     * @return a runtime in a new temporary workspace
     */
    static KartTestRuntime start(Map<String, Object> overrides, boolean renewLeases) {
        Path workspace;
        try {
            workspace = Files.createTempDirectory("kart-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary workspace for a kart test", e);
        }
        try {
            ManualClock clock = new ManualClock();
            AtomicReference<InMemoryLockBackend> opened = new AtomicReference<>();
            Kart kart = builder(workspace, overrides, "node-1").lockBackend(new TableOfItsOwn("node-1", renewLeases, lease -> {
                InMemoryLockBackend locks = InMemoryLockBackend.isolated(lease, clock);
                opened.set(locks);
                return locks;
            })).build();
            // a runtime opens its backend on first use; tests get this one from lockBackend() at once
            kart.lockBackend();
            return new KartTestRuntime(workspace, true, clock, opened.get(), overrides, renewLeases, kart, new AtomicInteger(1));
        } catch (RuntimeException e) {
            deleteTree(workspace);
            throw e;
        }
    }

    /**
     * The node's name seeds its task order (unless the test sets {@code kart.task-order.seed}): the
     * same order on every run of the test, and another one on each other node, as other machines
     * would have.
     */
    private static Kart.Builder builder(Path workspace, Map<String, Object> overrides, String node) {
        Kart.Builder builder = Kart.builder().set("kart.task-order.seed", node);
        overrides.forEach(builder::set);
        return builder.workspace(workspace);
    }

    /**
     * Builds a task: runs what is missing of its graph and returns its output.
     *
     * @param task the root task
     * @param <T> its output type
     * @return its output, computed now or loaded from the cache
     * @throws BuildFailedException when a task failed for good; the message is the execution summary
     */
    public <T> T build(Task<T> task) {
        BuildReport<T> report = run(task);
        if (!report.succeeded()) {
            throw new BuildFailedException(report);
        }
        return report.rootOutput().orElse(null);
    }

    /**
     * Builds a task and reports on every task instead of throwing when some fail.
     *
     * @param task the root task
     * @param <T> its output type
     * @return what happened to each task
     */
    public <T> BuildReport<T> run(Task<T> task) {
        return run(task, BuildOptions.defaults());
    }

    /**
     * @param task the root task
     * @param options rerun and progress listener
     * @param <T> its output type
     * @return what happened to each task
     */
    public <T> BuildReport<T> run(Task<T> task, BuildOptions options) {
        BuildReport<T> report = kart.run(task, options);
        lastReport = report;
        return report;
    }

    /**
     * @return the tasks whose {@code run()} ran, and succeeded, in the latest build of this runtime,
     *     dependencies first
     * @throws IllegalStateException when nothing was built yet
     */
    public List<Task<?>> ran() {
        return tasksOfLatestBuild(outcome -> outcome.state() == TaskState.DONE);
    }

    /**
     * @return the tasks of the latest build that did not run because their output was in the
     *     workspace already, and whose output was read from there, dependencies first
     * @throws IllegalStateException when nothing was built yet
     */
    public List<Task<?>> loadedFromCache() {
        return tasksOfLatestBuild(outcome -> outcome.state() == TaskState.ALREADY_COMPLETE && outcome.cacheLoads() > 0);
    }

    /**
     * @return the report of the latest {@link #build} or {@link #run} of this runtime
     * @throws IllegalStateException when nothing was built yet
     */
    public BuildReport<?> lastReport() {
        BuildReport<?> report = lastReport;
        if (report == null) {
            throw new IllegalStateException("nothing was built with this KartTestRuntime yet; call build(task) or run(task)");
        }
        return report;
    }

    /**
     * @param task a task
     * @return where its main output is (or will be) in the workspace
     * @throws IllegalArgumentException when the task is a {@code Task<Void>} without a main output
     */
    public Path outputPath(Task<?> task) {
        return kart.outputs(task).stream().filter(OutputLocation::isMain).findFirst().map(KartTestRuntime::path)
                .orElseThrow(() -> new IllegalArgumentException(task + " has no main output (it is a Task<Void>); ask for"
                        + " one of its named outputs " + task.namedOutputs()));
    }

    /**
     * @param task a task
     * @param output one of its named outputs
     * @return where that output is (or will be) in the workspace
     * @throws IllegalArgumentException when the task does not declare it
     */
    public Path outputPath(Task<?> task, NamedOutput<?> output) {
        return kart.outputs(task).stream().filter(location -> location.namedOutput().equals(Optional.of(output)))
                .findFirst().map(KartTestRuntime::path).orElseThrow(() -> new IllegalArgumentException(task
                        + " declares no named output " + output + "; it declares " + task.namedOutputs()));
    }

    private static Path path(OutputLocation location) {
        return Path.of(location.uri());
    }

    /**
     * @return the settings this runtime set over the class path's configuration: the extension's
     *     defaults ({@code kart.durable = false}) and those given with {@link KartExtension#with}
     */
    public Map<String, Object> overrides() {
        return overrides;
    }

    /**
     * @return the lease settings of this node's lock backend: prefix, TTL ({@code kart.lock.ttl}),
     *     renew interval (never, when made {@linkplain KartExtension#withoutLeaseRenewal() without
     *     renewal}) and owner ({@code node-1}, {@code node-2}, ...)
     */
    public LeaseSettings lease() {
        return locks.lease();
    }

    /** @return the workspace directory, deleted after the test */
    public Path workspace() {
        return workspace;
    }

    /**
     * @return the clock the leases of this runtime (and of its {@linkplain #anotherNode() other
     *     nodes}) expire by; advance it to let lease time pass
     */
    public ManualClock clock() {
        return clock;
    }

    /**
     * @return this runtime's lock backend: take locks with it to play another node holding them,
     *     or list them with {@link InMemoryLockBackend#heldLocks()}
     */
    public InMemoryLockBackend lockBackend() {
        return locks;
    }

    /** @return the runtime itself, for anything this class does not cover */
    public Kart kart() {
        return kart;
    }

    /**
     * Starts another node: a second runtime with the same configuration, workspace, lock table and
     * clock, as a second machine running the same pipeline would have. Its leases name it
     * {@code node-2}, {@code node-3}, and so on, and that name seeds its task order, so it takes
     * ready tasks in an order other than this runtime's. Closed with this runtime.
     *
     * @return the other node
     */
    public synchronized KartTestRuntime anotherNode() {
        if (closed) {
            throw new IllegalStateException("this KartTestRuntime is closed");
        }
        String owner = "node-" + nodes.incrementAndGet();
        AtomicReference<InMemoryLockBackend> opened = new AtomicReference<>();
        Kart other = builder(workspace, overrides, owner).lockBackend(new TableOfItsOwn(owner, renewLeases, lease -> {
            InMemoryLockBackend sharing = locks.sharingTableWith(lease);
            opened.set(sharing);
            return sharing;
        })).build();
        other.lockBackend();  // opened now, as for the first node
        KartTestRuntime node = new KartTestRuntime(workspace, false, clock, opened.get(), overrides, renewLeases, other, nodes);
        otherNodes.add(node);
        return node;
    }

    /** Closes the runtime, its other nodes and its lock backend, and deletes its workspace. Idempotent. */
    @Override
    public synchronized void close() {
        if (closeAll() && ownsWorkspace) {
            deleteTree(workspace);
        }
    }

    /**
     * Closes the runtime as {@link #close()} does, but keeps its workspace: {@link KartExtension} does so
     * after a test that failed, whose failed build's message names task info files in it.
     *
     * @return the kept workspace; empty when it was closed before or the workspace is not this runtime's own
     */
    synchronized Optional<Path> closeKeepingWorkspace() {
        return closeAll() && ownsWorkspace ? Optional.of(workspace) : Optional.empty();
    }

    /** @return whether this call closed it */
    private boolean closeAll() {
        if (closed) {
            return false;
        }
        closed = true;
        otherNodes.forEach(KartTestRuntime::close);
        kart.close();
        return true;
    }

    private List<Task<?>> tasksOfLatestBuild(java.util.function.Predicate<TaskOutcome> filter) {
        return lastReport().outcomes().stream().filter(filter).<Task<?>>map(TaskOutcome::task).toList();
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // best effort: a left-over temporary directory must not fail the test that made it
        }
    }

    /**
     * Opens the in-memory backend of one node of this runtime with the lease settings of its
     * configuration ({@code kart.lock.prefix}, {@code ttl}, {@code renew-interval}), under the node's name.
     */
    private static final class TableOfItsOwn implements LockBackendProvider {
        private final String owner;
        private final boolean renew;
        private final Function<LeaseSettings, InMemoryLockBackend> open;

        TableOfItsOwn(String owner, boolean renew, Function<LeaseSettings, InMemoryLockBackend> open) {
            this.owner = owner;
            this.renew = renew;
            this.open = open;
        }

        @Override
        public String name() {
            return InMemoryLockBackendProvider.NAME;
        }

        @Override
        public LockBackend open(LeaseSettings lease, ConfigSection section) {
            LeaseSettings settings = lease.withOwner(owner);
            return open.apply(renew ? settings : settings.withoutRenewal());
        }
    }
}
