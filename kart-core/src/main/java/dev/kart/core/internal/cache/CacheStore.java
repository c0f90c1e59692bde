package dev.kart.core.internal.cache;

import dev.kart.CacheReadException;
import dev.kart.CacheWriteException;
import dev.kart.KartException;
import dev.kart.core.internal.config.DurationSetting;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.lock.HolderText;
import dev.kart.lock.CacheLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every access to the workspace's cache files: loads, dumps and removes, each under the cache lock
 * (loads shared, dumps and removes exclusive), and the clean-up of files no task reaches any more.
 * Dumps publish atomically and only while the lease (and any extra guard, such as the run lease) is
 * still held, and never replace a file that exists by then unless asked to (a rerun). Every access
 * goes through the workspace's {@link WorkspaceStorage}. Thread-safe.
 */
public final class CacheStore {
    private static final Logger LOG = LoggerFactory.getLogger(CacheStore.class);

    /**
     * The most files {@link #loadAll} takes the leases of in one call to the cache lock: a Redis pipeline of this
     * many scripts keeps the server busy some milliseconds, well within a command timeout.
     */
    static final int LOAD_BATCH = 500;

    private final WorkspaceStorage storage;
    private final Workspace workspace;
    private final CacheLock lock;
    private final DurationSetting waitTimeout;
    private final FanOut reads;

    /**
     * @param workspace the workspace's storage
     * @param lock the cache lock
     * @param settings how long to wait for the cache lock, {@code kart.lock.cache-wait-timeout}, and on how many
     *     threads {@link #loadAll} reads, {@code kart.load-threads}
     */
    @Inject
    public CacheStore(Workspace workspace, CacheLock lock, KartSettings settings) {
        this.storage = workspace.storage();
        this.workspace = workspace;
        this.lock = lock;
        this.waitTimeout = settings.cacheWaitTimeout();
        boolean local = checksLocally();
        this.reads = new FanOut(loadThreads(settings.loadThreads(), local, Runtime.getRuntime().availableProcessors()),
                local ? FanOut.LOCAL : FanOut.REMOTE, "kart-load-");
    }

    /**
     * @param configured {@code kart.load-threads}
     * @param local whether the workspace is a local directory
     * @param processors the machine's processors
     * @return how many threads {@link #loadAll} reads on at most, its caller's among them
     */
    static int loadThreads(int configured, boolean local, int processors) {
        return FanOut.threads(configured, local ? processors : KartSettings.OBJECT_STORE_LOAD_THREADS);
    }

    /**
     * @param target a cache file
     * @return whether it exists; asked without the lock, since files appear only by atomic publish
     * @throws CacheReadException when the storage cannot be asked
     */
    public boolean exists(CacheTarget target) {
        try {
            return storage instanceof LocalFileStorage local ? local.exists(target.path())
                    : storage.stat(target.path()).isPresent();
        } catch (IOException e) {
            throw new CacheReadException("cannot check whether cache file " + target.display() + " of " + target.owner()
                    + " exists: " + describe(e), e);
        }
    }

    /**
     * @param target a cache file
     * @return what stands at its path that is no file, or in the way of its directories, as a clause
     *     such as {@code a directory stands there}, when the
     *     workspace is local: the walk takes the output for missing, and its publish will be refused
     *     until a person removes it. Always empty for other stores, where no such thing can stand.
     * @throws CacheReadException when the file system cannot be asked
     */
    public Optional<String> occupant(CacheTarget target) {
        if (!(storage instanceof LocalFileStorage local)) {
            return Optional.empty();
        }
        try {
            return local.occupant(target.path());
        } catch (IOException e) {
            throw new CacheReadException("cannot check what stands at cache file " + target.display() + " of "
                    + target.owner() + ": " + describe(e), e);
        }
    }

    /**
     * @param target a cache file with something at its path that is no file ({@link #occupant})
     * @return whether a rerun's publish, which replaces what stands there, is refused too: a directory
     *     stands there, or something in the way of its directories. A rerun replaces anything else
     *     (a symbolic link, never what it leads to; a FIFO; a device). Always false for other stores.
     * @throws CacheReadException when the file system cannot be asked
     */
    public boolean refusesReplace(CacheTarget target) {
        if (!(storage instanceof LocalFileStorage local)) {
            return false;
        }
        try {
            return local.refusesReplace(target.path());
        } catch (IOException e) {
            throw new CacheReadException("cannot check what stands at cache file " + target.display() + " of "
                    + target.owner() + ": " + describe(e), e);
        }
    }

    /**
     * @param targets a task's outputs
     * @return whether every one of them exists: the task is complete (luigi's {@code complete()})
     */
    public boolean allExist(List<CacheTarget> targets) {
        for (CacheTarget target : targets) {
            if (!exists(target)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fewest targets in one directory for which {@link #existingByListing} lists that directory
     * instead of asking for each target. One LIST page names up to 1,000 objects, so listing wins
     * unless the directory holds more than about 1,000 times as many objects as targets checked in
     * it; at 50 targets that is a directory of 50,000 objects, far more than the outputs of one task
     * class in one package usually are, while a wide fan-in (10,000 children of one class) costs 10
     * pages instead of 10,000 HEAD requests.
     */
    static final int LIST_MIN_TARGETS = 50;

    /**
     * @return whether {@link #existingByListing} may answer for anything: false for a local
     *     workspace, where one {@code stat(2)} per target costs a few microseconds while listing a
     *     directory walks every file under it (other tasks' outputs, sub-packages) and stats each
     *     anyway, so a local build checks each target with a stat ({@link ExistenceChecks} several
     *     at once)
     */
    public boolean checksByListing() {
        return !checksLocally();
    }

    /**
     * @return whether asking if a target exists is a {@code stat(2)} of a file (a local directory: a few
     *     microseconds; a mounted one such as NFS: a round trip to its server at most) rather than a request
     *     to an object store
     */
    public boolean checksLocally() {
        return storage instanceof LocalFileStorage;
    }

    /**
     * Checks many targets with one {@link WorkspaceStorage#list} per directory that holds at least
     * {@link #LIST_MIN_TARGETS} of them (not the workspace's top directory, which would list the
     * whole workspace), so that a warm graph of 10,000 tasks costs about 10 LIST pages instead of
     * 10,000 round trips. A target found by the listing was published when the listing ran, as
     * with {@link #exists}; a target published after it is reported absent, which only makes its
     * task run and find its output already published, so the answer is never "exists" for
     * something that was not.
     *
     * @param targets cache files, in any directories
     * @return for each target in a listed directory, by path, whether the listing found it; targets
     *     in directories that were not listed (too few targets, the top directory, or a local
     *     workspace) are absent from the map: ask {@link #exists} for them
     * @throws CacheReadException when a directory cannot be listed
     */
    public Map<String, Boolean> existingByListing(Collection<CacheTarget> targets) {
        Map<String, Boolean> answers = new HashMap<>();
        if (!checksByListing()) {
            return answers;
        }
        Map<String, List<CacheTarget>> byDirectory = new HashMap<>();
        for (CacheTarget target : targets) {
            int slash = target.path().lastIndexOf('/');
            if (slash > 0) {
                byDirectory.computeIfAbsent(target.path().substring(0, slash + 1), d -> new ArrayList<>()).add(target);
            }
        }
        for (Map.Entry<String, List<CacheTarget>> directory : byDirectory.entrySet()) {
            if (directory.getValue().size() < LIST_MIN_TARGETS) {
                continue;
            }
            Set<String> listed = new HashSet<>();
            try {
                for (StoredObject object : storage.list(directory.getKey())) {
                    listed.add(object.path());
                }
            } catch (IOException e) {
                throw new CacheReadException("cannot list " + workspace.display(directory.getKey()) + " to check whether the "
                        + directory.getValue().size() + " cache files in it exist (such as " + directory.getValue().get(0).display()
                        + " of " + directory.getValue().get(0).owner() + "): " + describe(e), e);
            }
            for (CacheTarget target : directory.getValue()) {
                answers.put(target.path(), listed.contains(target.path()));
            }
        }
        return answers;
    }

    /**
     * @param target a cache file
     * @return its value, of the target's type
     * @throws CacheReadException when it is missing or cannot be read as its type
     */
    public Object load(CacheTarget target) {
        // made once here: a target derives its path on every call; its cache lock is named by that
        // path too (CacheTarget.lockName)
        String path = target.path();
        try (Lease lease = acquire(path, LockMode.SHARED)) {
            return read(target, path);
        }
    }

    /**
     * Reads several cache files, their shared cache leases taken together ({@link CacheLock#tryAcquireAll}) and
     * released together once every file they guard was read, {@value #LOAD_BATCH} files at a time at most: a
     * task that reads a million files holds that many leases at no moment, nor sends them in one request. A batch's
     * files are read on several threads ({@link FanOut}): the caller's, and helpers of a pool of
     * {@code kart.load-threads} - 1 that every worker's calls share (on a local disk from 32 files, one helper per 16;
     * on another store one per file). A file
     * whose cache lock another holder has exclusively (a node publishing it) is read after the others of its
     * batch, by {@link #load}, which waits for it: no lease is held while waiting.
     *
     * @param targets cache files; one may appear more than once, and is read for each time
     * @return their values, in the order of {@code targets}
     * @throws CacheReadException as {@link #load}: of the files of a batch read under their leases, the first in
     *     {@code targets}' order that could not be read (the reads not yet begun are abandoned), before any file read
     *     after another node's publish; every lease is released, once every read begun ended
     */
    public List<Object> loadAll(List<CacheTarget> targets) {
        Object[] values = new Object[targets.size()];
        for (int from = 0; from < targets.size(); from += LOAD_BATCH) {
            loadBatch(targets, from, Math.min(targets.size(), from + LOAD_BATCH), values);
        }
        return Arrays.asList(values);
    }

    /** Reads {@code targets} from {@code from} to {@code to} (exclusive) into the same places of {@code values}. */
    private void loadBatch(List<CacheTarget> targets, int from, int to, Object[] values) {
        // each path's lease once: a shared lease asked for twice in one call would be two holders of one key
        Map<String, Integer> leaseIndex = new HashMap<>((to - from) * 4 / 3 + 1);
        List<String> paths = new ArrayList<>(to - from);
        int[] leaseOf = new int[to - from];
        for (int i = from; i < to; i++) {
            String path = targets.get(i).path();
            Integer index = leaseIndex.putIfAbsent(path, paths.size());
            if (index == null) {
                index = paths.size();
                paths.add(path);
            }
            leaseOf[i - from] = index;
        }
        List<Optional<Lease>> leases = lock.tryAcquireAll(paths, LockMode.SHARED);
        List<Lease> held = new ArrayList<>(paths.size());
        leases.forEach(lease -> lease.ifPresent(held::add));
        try {
            reads.forEach(to - from, offset -> {
                int index = leaseOf[offset];
                if (leases.get(index).isPresent()) {
                    values[from + offset] = read(targets.get(from + offset), paths.get(index));
                }
            });
        } finally {
            lock.releaseAll(held);
        }
        for (int i = from; i < to; i++) {
            if (leases.get(leaseOf[i - from]).isEmpty()) {
                values[i] = load(targets.get(i));
            }
        }
    }

    /** Reads a cache file whose shared cache lease the caller holds. */
    private Object read(CacheTarget target, String path) {
        try (InputStream in = storage.read(path)) {
            return target.format().read(in, target.type());
        } catch (NoSuchFileException e) {
            throw new CacheReadException("cache file " + target.display() + " of " + target.owner()
                    + " does not exist (removed while the build ran?)", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KartException kart && !(e instanceof CacheReadException)) {
                throw kart;
            }
            throw new CacheReadException("cannot read cache file " + target.display() + " of " + target.owner()
                    + " as " + target.format().extensions().get(0) + " " + target.type().getTypeName() + ": "
                    + describe(e) + ". The file was left as it is; delete it, or rerun the task it belongs to (kart run"
                    + " --rerun-task " + target.ownerFamily() + "), to compute it again", e);
        }
    }

    /**
     * Writes and publishes a cache file under one exclusive cache lease.
     *
     * @param target a cache file
     * @param value the value to store
     * @param runLease the run lease of the task that computed the value, if it took one: it must
     *     still be held, as well as the cache lease, right before the file takes its final name
     * @param mode {@link PublishMode#ONCE} for a task's normal run: a file another
     *     holder published meanwhile is kept; {@link PublishMode#REPLACE} for a rerun
     * @return what was published, with its lease's fencing token; empty when the file existed
     *     already (published elsewhere) and was kept, this value being discarded
     * @throws CacheWriteException when the format cannot write the value or the disk refuses
     * @throws LeaseLostException when a lease was lost before publishing; nothing was published
     */
    public Optional<Publication> dump(CacheTarget target, Object value, Optional<Lease> runLease,
            PublishMode mode) {
        try (Lease lease = acquire(target, LockMode.EXCLUSIVE)) {
            return publish(target, write(target, value), lease, runLease, mode);
        }
    }

    /**
     * Writes a cache file to its temporary name under the exclusive cache lock, without publishing
     * it: a task's named outputs wait there until the task's attempt succeeded.
     *
     * @param target a cache file
     * @param value the value to store
     * @return the staged file, to {@link #publish} or {@link #discard}
     * @throws CacheWriteException when the format cannot write the value or the disk refuses; no
     *     temporary file is left
     */
    public StagedOutput stage(CacheTarget target, Object value) {
        try (Lease lease = acquire(target, LockMode.EXCLUSIVE)) {
            return write(target, value);
        }
    }

    /**
     * Publishes a staged cache file under the exclusive cache lock, checking its lease (and the run
     * lease, if any) right before. Its temporary file is gone afterwards, whatever happened.
     *
     * @param staged a file from {@link #stage}, not yet published or discarded
     * @param runLease the run lease of the task that computed it, if it took one
     * @param mode {@link PublishMode#ONCE}, or {@link PublishMode#REPLACE}
     *     for a rerun
     * @return what was published; empty when the file existed already and was kept
     * @throws CacheWriteException when the disk refuses
     * @throws LeaseLostException when a lease was lost before publishing; nothing was published
     */
    public Optional<Publication> publish(StagedOutput staged, Optional<Lease> runLease, PublishMode mode) {
        try (Lease lease = acquire(staged.target(), LockMode.EXCLUSIVE)) {
            return publish(staged.target(), staged, lease, runLease, mode);
        } catch (RuntimeException | Error e) {
            discard(staged);
            throw e;
        }
    }

    /**
     * Deletes a staged file's temporary file, for an attempt that failed; a no-op once it was
     * published. A failure to delete is logged: the file is harmless, and {@code kart clean} removes it.
     *
     * @param staged a file from {@link #stage}
     */
    public void discard(StagedOutput staged) {
        try {
            staged.file.discard();
        } catch (IOException e) {
            LOG.warn("could not delete the staged file {} of {}: {}", staged.file, staged.target().owner(),
                    e.toString());
        }
    }

    private StagedOutput write(CacheTarget target, Object value) {
        try {
            return new StagedOutput(target, storage.stage(target.path(),
                    out -> target.format().write(value, target.type(), out)));
        } catch (IllegalArgumentException e) {
            // the declared type: the value's class may be the JDK's own (ImmutableCollections$List12 for List.of)
            throw new CacheWriteException(target.owner() + " produced a " + target.type().getTypeName()
                    + " that cannot be written to " + target.display() + ": " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw writeFailed(target, e);
        }
    }

    private Optional<Publication> publish(CacheTarget target, StagedOutput staged, Lease lease, Optional<Lease> runLease,
            PublishMode mode) {
        PublishOutcome outcome;
        try {
            // stage, then check the leases, then publish: nothing is published by a holder that lost one
            requireHeld(target, lease, runLease);
            outcome = staged.file.publish(mode);
        } catch (IOException | UncheckedIOException e) {
            discard(staged);
            throw writeFailed(target, e);
        } catch (RuntimeException | Error e) {
            discard(staged);
            throw e;
        }
        if (outcome == PublishOutcome.ALREADY_EXISTS) {
            LOG.info("{}: {} existed already (another holder published it meanwhile, or an earlier attempt of this task"
                    + " did); kept it, and discarded this attempt's file",
                    target.owner(), target.display());
            return Optional.empty();
        }
        return Optional.of(new Publication(target.lockName(), lease.fencingToken(), Instant.now()));
    }

    /**
     * Checks that each of a task's outputs could be written, before its {@code run()} starts: a workspace
     * that takes no new file (a read-only file system, a directory this process may not write to) fails the
     * task at once instead of after all its work. Each directory is asked once per runtime; a full disk is
     * still found at the publish.
     *
     * @param targets the outputs of a task about to run
     * @throws CacheWriteException when one cannot be, naming it, its task and the cause
     */
    public void checkWritable(List<CacheTarget> targets) {
        for (CacheTarget target : targets) {
            try {
                storage.checkWritable(target.path());
            } catch (IOException | UncheckedIOException e) {
                throw new CacheWriteException("cannot write cache file " + target.display() + " of " + target.owner()
                        + ": " + describe(e) + "; run() was not started, since the file could not be published", e);
            }
        }
    }

    private static CacheWriteException writeFailed(CacheTarget target, Exception e) {
        return new CacheWriteException("cannot write cache file " + target.display() + " of " + target.owner()
                + ": " + describe(e) + "; the file was not published", e);
    }

    /**
     * @param target a cache file
     * @return whether a file was removed
     */
    public boolean remove(CacheTarget target) {
        try (Lease lease = acquire(target, LockMode.EXCLUSIVE)) {
            return storage.delete(target.path());
        } catch (IOException e) {
            throw new CacheWriteException("cannot remove cache file " + target.display() + ": " + describe(e), e);
        }
    }

    /**
     * Deletes an object of the workspace under the exclusive cache lock of its path, waiting for the
     * lock up to {@code kart.lock.cache-wait-timeout}: for cache files that no task reaches any more
     * ({@code kart clean}); a task's own outputs are removed with {@link #remove}.
     *
     * @param path a relative path of the workspace, not under its {@code log/} directory
     * @return whether an object was deleted
     * @throws IllegalArgumentException when {@code path} is under {@code log/}
     * @throws LockException when the lock cannot be taken in time or the backend fails
     * @throws CacheWriteException when the object cannot be deleted
     */
    public boolean removeFile(String path) {
        if (Workspace.isTaskInfo(path)) {
            throw new IllegalArgumentException(path + " is task info under " + Workspace.LOG_DIRECTORY
                    + "/, not a cache file");
        }
        try (Lease lease = acquire(path, LockMode.EXCLUSIVE)) {
            return storage.delete(path);
        } catch (IOException e) {
            throw new CacheWriteException("cannot delete " + workspace.display(path) + ": " + describe(e), e);
        }
    }

    /**
     * Deletes a temporary file left behind by an interrupted publish in a local workspace
     * ({@code .{name}.{random}.kart-tmp}), unless its target is being published right now: the
     * exclusive cache lock of the target is tried without waiting, and the file is left alone when
     * someone holds it.
     *
     * @param temp a temporary file's relative path, not under {@code log/}
     * @return whether it was deleted; {@code false} when the target's lock is held or the file is gone
     * @throws IllegalArgumentException when {@code temp} is under {@code log/} or not named like a
     *     temporary file, or the workspace is not local (other stores remove staging with
     *     {@link #removeAbandonedStaging})
     * @throws CacheWriteException when the file cannot be deleted
     */
    public boolean removeTempFile(String temp) {
        if (Workspace.isTaskInfo(temp)) {
            throw new IllegalArgumentException(temp + " is task info under " + Workspace.LOG_DIRECTORY + "/, not a cache file");
        }
        if (!(storage instanceof LocalFileStorage local)) {
            throw new IllegalArgumentException("the workspace " + storage.location() + " has no temporary files");
        }
        String target = LocalFileStorage.publishedPathOf(temp).orElseThrow(() -> new IllegalArgumentException(
                temp + " is not named like a temporary file of kart (.{name}.{random}.kart-tmp)"));
        Optional<Lease> lease = lock.tryAcquire(target, LockMode.EXCLUSIVE);
        if (lease.isEmpty()) {
            return false;
        }
        try (Lease held = lease.get()) {
            return local.deleteStaging(temp);
        } catch (IOException e) {
            throw new CacheWriteException("cannot delete " + workspace.display(temp) + ": " + describe(e), e);
        }
    }

    /**
     * Removes what staging left behind when a process died before publishing ({@link
     * WorkspaceStorage#removeAbandonedStaging}); never a published object.
     *
     * @param startedBefore leave what was started at or after this time
     * @return what was removed, one line each
     * @throws CacheWriteException when the storage cannot be listed or changed
     */
    public List<String> removeAbandonedStaging(Instant startedBefore) {
        try {
            return storage.removeAbandonedStaging(startedBefore);
        } catch (IOException e) {
            throw new CacheWriteException("cannot remove abandoned staging in " + workspace.display() + ": "
                    + describe(e), e);
        }
    }

    /**
     * Lists what {@link #removeAbandonedStaging} would remove, removing nothing ({@link
     * WorkspaceStorage#listAbandonedStaging}): {@code kart clean}'s dry run.
     *
     * @param startedBefore leave out what was started at or after this time
     * @return what would be removed, one line each
     * @throws CacheWriteException when the storage cannot be listed
     */
    public List<String> listAbandonedStaging(Instant startedBefore) {
        try {
            return storage.listAbandonedStaging(startedBefore);
        } catch (IOException e) {
            throw new CacheWriteException("cannot list abandoned staging in " + workspace.display() + ": "
                    + describe(e), e);
        }
    }

    private Lease acquire(CacheTarget target, LockMode mode) {
        return acquire(target.lockName(), mode);
    }

    private Lease acquire(String lockName, LockMode mode) {
        try {
            // not orElseThrow: its lambda, capturing the name and mode, would be an object per load
            Optional<Lease> lease = lock.acquire(lockName, mode, waitTimeout.value());
            if (lease.isEmpty()) {
                throw new LockException("timed out waiting for the " + mode.name().toLowerCase(java.util.Locale.ROOT)
                        // the timeout as the user wrote it: 60s, not the 1m kart would write
                        + " cache lock of " + lockName + " (" + waitTimeout.setting() + ")" + HolderText.ofCacheLock(() -> lock.holders(lockName)));
            }
            return lease.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KartException("interrupted while waiting for the cache lock of " + lockName, e);
        }
    }

    /** Refuses the publish, naming the lease that was lost: the file's cache lease, or the task's run lease. */
    private static void requireHeld(CacheTarget target, Lease cacheLease, Optional<Lease> runLease) {
        String lost;
        if (!cacheLease.isHeld()) {
            lost = "the cache lease " + cacheLease.key() + " (fencing token " + cacheLease.fencingToken()
                    + ") is no longer held (" + cacheLease.lossReason().orElse("expired, or its renewal failed") + ")";
        } else if (runLease.isPresent() && !runLease.get().isHeld()) {
            // the backend's reason when it knows one: a Redis failover's new primary lacking the lease reads otherwise
            // as a lease that simply ran out
            lost = "its run lease is no longer held (" + runLease.get().lossReason()
                    .orElse("expired, its renewal failed, or the lock server lost it") + "), so another node may be"
                    + " running it";
        } else {
            return;
        }
        throw new LeaseLostException(target.owner() + ": lease lost, did not publish " + target.display() + ": " + lost
                + "; the temporary file was removed and nothing was published");
    }

    /** A cache file written to its temporary name, waiting to be published or discarded. */
    public static final class StagedOutput {
        private final CacheTarget target;
        private final StagedObject file;

        private StagedOutput(CacheTarget target, StagedObject file) {
            this.target = target;
            this.file = file;
        }

        /** @return the cache file it is to become */
        public CacheTarget target() {
            return target;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        // its message is the path alone
        String kind = e instanceof AccessDeniedException ? "AccessDeniedException (permission denied)"
                : e.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message.lines().findFirst().orElse(message);
    }
}
