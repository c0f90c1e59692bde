package dev.kart.core.internal.lock;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The lock backend of one runtime, with its name and whether the runtime opened it (and so closes
 * it) or was given it. A backend the runtime opens is opened on first use, not when the runtime is
 * assembled: {@code kart tree}, which takes no lock, does not connect to Redis, and {@code kart info},
 * which only asks who holds a task's run lock, does not fail when it is down, while a build opens it
 * before it runs anything (see {@link #backend()}). Thread-safe.
 */
public final class LockBackendHandle implements AutoCloseable {
    private final Supplier<LockBackend> opener;
    private final String name;
    private final boolean owned;
    private final LeaseSettings lease;
    private volatile LockBackend backend;
    private boolean closed;

    private LockBackendHandle(Supplier<LockBackend> opener, LockBackend backend, String name, boolean owned,
            LeaseSettings lease) {
        this.lease = lease;
        this.opener = opener;
        this.backend = backend;
        this.name = name;
        this.owned = owned;
    }

    /**
     * @param backend an open backend handed to the runtime
     * @param lease the runtime's lease settings, from {@code kart.lock}: those the backend was opened with are
     *     its maker's, which the runtime does not know
     * @return a handle that uses it and never closes it, named {@code given}
     */
    public static LockBackendHandle given(LockBackend backend, LeaseSettings lease) {
        return new LockBackendHandle(() -> backend, backend, "given", false, lease);
    }

    /**
     * @param name the provider's name, as {@code kart.lock.backend} selects it
     * @param opener opens the backend (what {@code LockBackendProvider.prepare} returned); called at
     *     most once, on first use
     * @param lease the lease settings it opens with, as its provider derives them from {@code kart.lock} and its
     *     section ({@code LockBackendProvider.lease})
     * @return a handle that opens the backend on first use and closes it when closed
     */
    public static LockBackendHandle opening(String name, Supplier<LockBackend> opener, LeaseSettings lease) {
        return new LockBackendHandle(opener, null, name, true, lease);
    }

    /**
     * @return the backend, opened now if it is not open yet
     * @throws dev.kart.lock.LockException when it cannot be reached; a later call tries again
     * @throws dev.kart.config.KartConfigException when a setting only opening can check is invalid
     * @throws IllegalStateException when the handle was closed before the backend was ever opened
     */
    public LockBackend backend() {
        LockBackend open = backend;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (backend == null) {
                if (closed) {
                    throw new IllegalStateException("the lock backend " + name + " is not open and the runtime is closed");
                }
                backend = opener.get();
            }
            return backend;
        }
    }

    /** @return its provider's name, or {@code given} for a backend handed to the runtime */
    public String name() {
        return name;
    }

    /**
     * @return the lease settings of the backend, known without opening it: {@code kart.lock}'s, with a value its
     *     own section replaces (the TTL of {@code kart.lock.redis.timeout}, with that key)
     */
    public LeaseSettings lease() {
        return lease;
    }

    /** @return the backend's cache lock, opening the backend when it is first used */
    public CacheLock cacheLock() {
        return new CacheLock() {
            @Override
            public Optional<Lease> tryAcquire(String target, LockMode mode) {
                return backend().cacheLock().tryAcquire(target, mode);
            }

            @Override
            public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
                return backend().cacheLock().acquire(target, mode, timeout);
            }

            @Override
            public List<Optional<Lease>> tryAcquireAll(List<String> targets, LockMode mode) {
                return backend().cacheLock().tryAcquireAll(targets, mode);
            }

            @Override
            public void releaseAll(List<? extends Lease> leases) {
                backend().cacheLock().releaseAll(leases);
            }

            @Override
            public List<HeldLock> holders(String target) {
                return backend().cacheLock().holders(target);
            }
        };
    }

    /** @return the backend's run lock, opening the backend when it is first used */
    public RunLock runLock() {
        return new RunLock() {
            @Override
            public Optional<Lease> tryAcquire(String uniqueId) {
                return backend().runLock().tryAcquire(uniqueId);
            }

            @Override
            public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
                return backend().runLock().acquire(uniqueId, timeout);
            }

            @Override
            public CompletionStage<Void> whenFree(String uniqueId) {
                return backend().runLock().whenFree(uniqueId);
            }

            @Override
            public Optional<HeldLock> holder(String uniqueId) {
                return backend().runLock().holder(uniqueId);
            }
        };
    }

    /**
     * @return after {@link #close()}, the keys whose release the backend never confirmed
     *     ({@link LockBackend#unconfirmedReleases()}); empty when it was never opened
     */
    public List<String> unconfirmedReleases() {
        LockBackend open = backend;
        return open == null ? List.of() : open.unconfirmedReleases();
    }

    /** Closes the backend if the runtime opened it and it was opened; a later {@link #backend()} fails. */
    @Override
    public void close() {
        LockBackend open;
        synchronized (this) {
            closed = true;
            open = backend;
        }
        if (owned && open != null) {
            open.close();
        }
    }
}
