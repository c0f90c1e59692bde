package dev.kart.core.internal.graph;

import dev.kart.config.ConfigSection;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.core.internal.storage.LocalFileStorageProvider;
import dev.kart.storage.ContentWriter;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StorageProvider;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.test.support.config.MapConfigSection;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local file system behind a wrapper that is not a {@link LocalFileStorage} (so the runtime
 * treats it as a remote store) and records every {@code stat} and {@code list} call, for tests that
 * count what a completeness check asks the store. Served for the scheme {@code counting}
 * ({@code counting:/abs/dir}) by {@link Provider}, registered only on a class loader a test makes.
 */
final class CountingStorage implements WorkspaceStorage {
    /** The storages opened, by their directory, for the test to find the one its runtime opened. */
    static final Map<Path, CountingStorage> OPENED = new ConcurrentHashMap<>();

    final List<String> stats = new CopyOnWriteArrayList<>();
    final List<String> lists = new CopyOnWriteArrayList<>();
    /** The threads the stats ran on, in the order of {@link #stats}'s entries: both are appended together. */
    final List<String> statThreads = new CopyOnWriteArrayList<>();
    /** Runs after each listing, before it returns: what another node does right after it. */
    volatile Runnable afterList = () -> { };
    /** Runs before each stat, on the thread asking: a slow or failing store. */
    volatile StatHook beforeStat = path -> { };
    /** Runs before each check that a path takes a new file: a store that refuses writes. */
    volatile StatHook beforeCheckWritable = path -> { };
    private final URI location;
    private final WorkspaceStorage local;

    private CountingStorage(URI location, WorkspaceStorage local) {
        this.location = location;
        this.local = local;
    }

    void resetCounts() {
        stats.clear();
        statThreads.clear();
        lists.clear();
    }

    @Override
    public URI location() {
        return location;
    }

    @Override
    public void checkWritable(String path) throws IOException {
        beforeCheckWritable.before(path);
        local.checkWritable(path);
    }

    @Override
    public Optional<StoredObject> stat(String path) throws IOException {
        synchronized (stats) {
            stats.add(path);
            statThreads.add(Thread.currentThread().getName());
        }
        beforeStat.before(path);
        return local.stat(path);
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        lists.add(prefix);
        List<StoredObject> listed = local.list(prefix);
        afterList.run();
        return listed;
    }

    @Override
    public InputStream read(String path) throws IOException {
        return local.read(path);
    }

    @Override
    public StagedObject stage(String path, ContentWriter content) throws IOException {
        return local.stage(path, content);
    }

    @Override
    public boolean delete(String path) throws IOException {
        return local.delete(path);
    }

    @Override
    public List<String> removeAbandonedStaging(Instant startedBefore) throws IOException {
        return local.removeAbandonedStaging(startedBefore);
    }

    @Override
    public List<String> listAbandonedStaging(Instant startedBefore) throws IOException {
        return local.listAbandonedStaging(startedBefore);
    }

    @Override
    public boolean publishesOnceAtomically() {
        return local.publishesOnceAtomically();
    }

    @Override
    public void close() throws IOException {
        local.close();
    }

    /** What a stat does first. */
    @FunctionalInterface
    interface StatHook {
        /**
         * @param path the path asked about
         * @throws IOException to fail the stat
         */
        void before(String path) throws IOException;
    }

    /** Opens {@code counting:/abs/dir} as the local directory {@code /abs/dir}, wrapped. */
    public static final class Provider implements StorageProvider {
        @Override
        public String scheme() {
            return "counting";
        }

        @Override
        public WorkspaceStorage open(URI location, ConfigSection section) throws IOException {
            Path directory = Path.of(location.getPath());
            CountingStorage storage = new CountingStorage(location, new LocalFileStorageProvider().open(directory.toUri(),
                    MapConfigSection.of("kart.storage.file").with("durable", false)));
            OPENED.put(directory, storage);
            return storage;
        }
    }
}
