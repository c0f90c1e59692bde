package dev.kart.test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.kart.core.Kart;
import dev.kart.core.config.ConfigLockSettings;
import dev.kart.core.config.KartConfigLoader;
import dev.kart.core.graph.TaskNode;
import dev.kart.core.report.BuildFailedException;
import dev.kart.core.report.BuildReport;
import dev.kart.core.report.TaskOutcome;
import dev.kart.core.report.TaskState;
import dev.kart.core.schedule.BuildOptions;
import dev.kart.core.cache.CacheTarget;
import dev.kart.lock.LockSettings;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.ManualTicker;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import dev.kart.test.lock.TestLockSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A kart runtime for one test: a temporary workspace of its own, an in-memory lock table of its own
 * (not the process-wide one, so tests running in parallel never see each other's locks) on a
 * {@link ManualTicker}, and the configuration on the class path with the test's overrides. It
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
    private final ManualTicker clock;
    private final InMemoryLockBackend locks;
    private final TestLockSettings lockSettings;
    private final Config config;
    private final Kart kart;
    private final AtomicInteger nodes;
    private final List<KartTestRuntime> otherNodes = new ArrayList<>();
    private volatile BuildReport<?> lastReport;
    private boolean closed;

    private KartTestRuntime(Path workspace, boolean ownsWorkspace, ManualTicker clock, InMemoryLockBackend locks,
            TestLockSettings lockSettings, Config config, AtomicInteger nodes) {
        this.workspace = workspace;
        this.ownsWorkspace = ownsWorkspace;
        this.clock = clock;
        this.locks = locks;
        this.lockSettings = lockSettings;
        this.config = config;
        this.nodes = nodes;
        this.kart = Kart.builder().config(config).lockBackend(locks).build();
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
            Config given = ConfigFactory.empty();
            for (Map.Entry<String, Object> entry : overrides.entrySet()) {
                given = given.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(entry.getValue(), "KartExtension.with"));
            }
            given = given.withValue("kart.workspace", ConfigValueFactory.fromAnyRef(workspace.toString(), "KartExtension"));
            ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : KartTestRuntime.class.getClassLoader();
            Config config = KartConfigLoader.load(classLoader, Optional.empty(), given);
            LockSettings configured = new ConfigLockSettings(config, "node-1");
            TestLockSettings settings = TestLockSettings.of(configured.prefix(), configured.ttl()).withOwner("node-1");
            settings = renewLeases ? settings.withRenewInterval(configured.renewInterval()) : settings.withoutRenewal();
            ManualTicker clock = new ManualTicker();
            InMemoryLockBackend locks = InMemoryLockBackend.isolated(settings, clock);
            return new KartTestRuntime(workspace, true, clock, locks, settings, config, new AtomicInteger(1));
        } catch (RuntimeException e) {
            deleteTree(workspace);
            throw e;
        }
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
        TaskNode node = kart.graph(task, false).root();
        return node.mainOutput().map(CacheTarget::path).orElseThrow(() -> new IllegalArgumentException(node.label()
                + " has no main output (it is a Task<Void>); ask for one of its named outputs "
                + node.namedOutputs().keySet()));
    }

    /**
     * @param task a task
     * @param output one of its named outputs
     * @return where that output is (or will be) in the workspace
     * @throws IllegalArgumentException when the task does not declare it
     */
    public Path outputPath(Task<?> task, NamedOutput<?> output) {
        TaskNode node = kart.graph(task, false).root();
        CacheTarget target = node.namedOutputs().get(output);
        if (target == null) {
            throw new IllegalArgumentException(node.label() + " declares no named output " + output + "; it declares "
                    + node.namedOutputs().keySet());
        }
        return target.path();
    }

    /** @return the workspace directory, deleted after the test */
    public Path workspace() {
        return workspace;
    }

    /**
     * @return the clock the leases of this runtime (and of its {@linkplain #anotherNode() other
     *     nodes}) expire by; advance it to let lease time pass
     */
    public ManualTicker clock() {
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
     * {@code node-2}, {@code node-3}, and so on. Closed with this runtime.
     *
     * @return the other node
     */
    public synchronized KartTestRuntime anotherNode() {
        if (closed) {
            throw new IllegalStateException("this KartTestRuntime is closed");
        }
        TestLockSettings settings = lockSettings.withOwner("node-" + nodes.incrementAndGet());
        KartTestRuntime node = new KartTestRuntime(workspace, false, clock, locks.sharingTableWith(settings), settings,
                config, nodes);
        otherNodes.add(node);
        return node;
    }

    /** Closes the runtime, its other nodes and its lock backend, and deletes its workspace. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        otherNodes.forEach(KartTestRuntime::close);
        kart.close();
        locks.close();
        if (ownsWorkspace) {
            deleteTree(workspace);
        }
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
}
