package dev.kart.core;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.kart.KartException;
import dev.kart.core.config.KartConfigLoader;
import dev.kart.core.config.KartSettings;
import dev.kart.core.graph.GraphBuilder;
import dev.kart.core.graph.TaskGraph;
import dev.kart.core.inject.KartModule;
import dev.kart.core.inject.LockBackendModule;
import dev.kart.core.model.TaskType;
import dev.kart.core.parameter.TaskFactory;
import dev.kart.core.report.BuildFailedException;
import dev.kart.core.report.BuildReport;
import dev.kart.core.schedule.BuildOptions;
import dev.kart.core.schedule.BuildRunner;
import dev.kart.core.cache.AtomicPublisher;
import dev.kart.core.cache.CacheStore;
import dev.kart.core.cache.CacheTarget;
import dev.kart.core.cache.Workspace;
import dev.kart.lock.CacheLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.task.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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
 */
public final class Kart implements AutoCloseable {
    private final Injector injector;
    private final LockBackend lockBackend;
    private final boolean ownsBackend;

    private Kart(Injector injector, boolean ownsBackend) {
        this.injector = injector;
        this.lockBackend = injector.getInstance(LockBackend.class);
        this.ownsBackend = ownsBackend;
    }

    /**
     * @return a runtime configured from {@code application.conf} and {@code reference.conf} on the
     *     class path
     * @throws KartException when the configuration is invalid or the lock backend cannot be opened
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
     * @param options rerun and progress listener
     * @param <T> its output type
     * @return what happened
     * @throws KartException when the graph cannot be built
     */
    public <T> BuildReport<T> run(Task<T> task, BuildOptions options) {
        try {
            return injector.getInstance(BuildRunner.class).run(task, options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KartException("interrupted while building " + task, e);
        }
    }

    /**
     * @param task a root task
     * @param expandComplete whether to include the dependencies of complete tasks
     * @return its graph with each task's completeness, without running anything
     */
    public TaskGraph graph(Task<?> task, boolean expandComplete) {
        return injector.getInstance(GraphBuilder.class).build(task, false, expandComplete);
    }

    /**
     * Creates a task from its class and text values, the way the command line does: missing values come
     * from {@code kart.tasks."<name>"} in config, then from {@link dev.kart.task.Default}.
     *
     * @param type the task class
     * @param values parameter values as text, by name or kebab-case name
     * @return the task
     */
    public Task<?> task(Class<?> type, Map<String, String> values) {
        return injector.getInstance(TaskFactory.class).create(TaskType.of(type), values);
    }

    /**
     * Removes a cache file under the exclusive cache lock.
     *
     * @param target a task's output, from {@link #graph}
     * @return whether a file was removed
     */
    public boolean remove(CacheTarget target) {
        return injector.getInstance(CacheStore.class).remove(target);
    }

    /**
     * Deletes a file of the workspace under the exclusive cache lock of its path, waiting for the
     * lock up to {@code kart.lock.cache-wait-timeout}. For removing cache files that no task reaches
     * any more ({@code kart clean}); a task's own outputs are removed with {@link #remove}.
     *
     * @param file a file inside the workspace, not under its {@code log/} directory
     * @return whether a file was deleted
     * @throws IllegalArgumentException when {@code file} is outside the workspace or under {@code log/}
     * @throws dev.kart.lock.LockException when the lock cannot be taken in time or the backend fails
     * @throws KartException when the file cannot be deleted
     */
    public boolean removeCacheFile(Path file) {
        Workspace workspace = injector.getInstance(Workspace.class);
        Path path = cacheFileInside(workspace, file);
        String lockName = workspace.relative(path);
        Duration timeout = settings().cacheWaitTimeout();
        Optional<Lease> lease;
        try {
            lease = injector.getInstance(CacheLock.class).acquire(lockName, LockMode.EXCLUSIVE, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KartException("interrupted while waiting for the cache lock of " + lockName, e);
        }
        try (Lease held = lease.orElseThrow(() -> new LockException("timed out after " + timeout
                + " waiting for the exclusive cache lock of " + lockName + " (kart.lock.cache-wait-timeout)"))) {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new KartException("cannot delete " + path + ": " + e, e);
        }
    }

    /**
     * Deletes a temporary file left behind by an interrupted publish ({@code .{name}.{random}.kart-tmp}),
     * unless its target is being published right now: the exclusive cache lock of the target is
     * tried without waiting, and the file is left alone when someone holds it.
     *
     * @param temp a temporary file inside the workspace, not under its {@code log/} directory
     * @return whether it was deleted; {@code false} when the target's lock is held or the file is gone
     * @throws IllegalArgumentException when {@code temp} is outside the workspace, under {@code log/},
     *     or not named like a temporary file
     * @throws KartException when the file cannot be deleted
     */
    public boolean removeTempFile(Path temp) {
        Workspace workspace = injector.getInstance(Workspace.class);
        Path path = cacheFileInside(workspace, temp);
        Path target = AtomicPublisher.publishedPathOf(path).orElseThrow(() -> new IllegalArgumentException(
                path + " is not named like a temporary file of kart (." + "{name}.{random}" + Workspace.TEMP_SUFFIX + ")"));
        Optional<Lease> lease = injector.getInstance(CacheLock.class).tryAcquire(workspace.relative(target), LockMode.EXCLUSIVE);
        if (lease.isEmpty()) {
            return false;
        }
        try (Lease held = lease.get()) {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new KartException("cannot delete " + path + ": " + e, e);
        }
    }

    private static Path cacheFileInside(Workspace workspace, Path file) {
        Path path = file.toAbsolutePath().normalize();
        if (!path.startsWith(workspace.root()) || path.equals(workspace.root())) {
            throw new IllegalArgumentException(path + " is not a file inside the workspace " + workspace.root());
        }
        if (path.startsWith(workspace.root().resolve(Workspace.LOG_DIRECTORY))) {
            throw new IllegalArgumentException(path + " is task info under " + Workspace.LOG_DIRECTORY
                    + "/, not a cache file");
        }
        return path;
    }

    /** @return the workspace directory */
    public Path workspace() {
        return injector.getInstance(Workspace.class).root();
    }

    /** @return the settings in force */
    public KartSettings settings() {
        return injector.getInstance(KartSettings.class);
    }

    /** @return the configuration in force */
    public Config config() {
        return injector.getInstance(Config.class);
    }

    /** @return the lock backend in use */
    public LockBackend lockBackend() {
        return lockBackend;
    }

    /** Closes the lock backend, unless it was given to the builder. */
    @Override
    public void close() {
        if (ownsBackend) {
            lockBackend.close();
        }
    }

    /** Assembles a {@link Kart}. Values set here win over every config file. */
    public static final class Builder {
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Kart.class.getClassLoader();
        private Optional<Path> configFile = Optional.empty();
        private Optional<Config> application = Optional.empty();
        private Config overrides = ConfigFactory.empty();
        private Optional<LockBackend> lockBackend = Optional.empty();

        private Builder() {
        }

        /**
         * @param value where task classes, application.conf, formats and lock backends are found
         * @return this builder
         */
        public Builder classLoader(ClassLoader value) {
            this.classLoader = value;
            return this;
        }

        /**
         * @param file a HOCON file that wins over application.conf
         * @return this builder
         */
        public Builder configFile(Path file) {
            this.configFile = Optional.of(file);
            return this;
        }

        /**
         * @param config configuration to use instead of application.conf (reference.conf still applies)
         * @return this builder
         */
        public Builder config(Config config) {
            this.application = Optional.of(config);
            return this;
        }

        /**
         * @param path a config path such as {@code kart.workers}
         * @param value its value: a String, Number, Boolean, List or Map
         * @return this builder
         */
        public Builder set(String path, Object value) {
            this.overrides = overrides.withValue(path, ConfigValueFactory.fromAnyRef(value, "set on Kart.Builder"));
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
         * @param count worker threads ({@code kart.workers})
         * @return this builder
         */
        public Builder workers(int count) {
            return set("kart.workers", count);
        }

        /**
         * @param backend an open lock backend to use instead of the configured one; the runtime
         *     does not close it
         * @return this builder
         */
        public Builder lockBackend(LockBackend backend) {
            this.lockBackend = Optional.of(backend);
            return this;
        }

        /**
         * @return the runtime
         * @throws KartException when the configuration is invalid or the lock backend cannot be opened
         */
        public Kart build() {
            Config config = application
                    .map(given -> KartConfigLoader.check(overrides.withFallback(given), classLoader))
                    .orElseGet(() -> KartConfigLoader.load(classLoader, configFile, overrides));
            LockBackendModule locks = lockBackend.map(LockBackendModule::of).orElseGet(LockBackendModule::fromConfig);
            try {
                Injector injector = Guice.createInjector(Stage.PRODUCTION, new KartModule(config, classLoader, locks));
                return new Kart(injector, lockBackend.isEmpty());
            } catch (CreationException e) {
                throw unwrap(e.getErrorMessages().stream().map(Message::getCause).filter(c -> c != null).findFirst()
                        .orElse(e), e);
            } catch (ProvisionException e) {
                throw unwrap(e.getErrorMessages().stream().map(Message::getCause).filter(c -> c != null).findFirst()
                        .orElse(e), e);
            }
        }

        private static KartException unwrap(Throwable cause, RuntimeException wrapper) {
            Throwable current = cause;
            while (current != null) {
                if (current instanceof KartException kart) {
                    return kart;
                }
                current = current.getCause();
            }
            return new KartException("cannot start kart: " + wrapper.getMessage(), wrapper);
        }
    }
}
