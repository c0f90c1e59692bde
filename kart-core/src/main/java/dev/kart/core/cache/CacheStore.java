package dev.kart.core.cache;

import dev.kart.KartException;
import dev.kart.lock.CacheLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Loads, dumps and removes cache files, each under the cache lock: loads shared, dumps and removes
 * exclusive. Dumps publish atomically and only while the lease (and any extra guard, such as the
 * run lease) is still held. Thread-safe.
 */
public final class CacheStore {
    private final AtomicPublisher publisher;
    private final CacheLock lock;
    private final Duration waitTimeout;

    /**
     * @param publisher writes files atomically
     * @param lock the cache lock
     * @param waitTimeout how long to wait for the cache lock
     */
    public CacheStore(AtomicPublisher publisher, CacheLock lock, Duration waitTimeout) {
        this.publisher = publisher;
        this.lock = lock;
        this.waitTimeout = waitTimeout;
    }

    /**
     * @param target a cache file
     * @return whether it exists; asked without the lock, since files appear only by atomic rename
     */
    public boolean exists(CacheTarget target) {
        return Files.exists(target.path());
    }

    /**
     * @param target a cache file
     * @return its value, of the target's type
     * @throws CacheReadException when it is missing or cannot be read as its type
     */
    public Object load(CacheTarget target) {
        try (Lease lease = acquire(target, LockMode.SHARED)) {
            try (InputStream in = Files.newInputStream(target.path())) {
                return target.format().read(in, target.type());
            }
        } catch (NoSuchFileException e) {
            throw new CacheReadException("cache file " + target.path() + " of " + target.owner()
                    + " does not exist (removed while the build ran?)", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof KartException kart && !(e instanceof CacheReadException)) {
                throw kart;
            }
            throw new CacheReadException("cannot read cache file " + target.path() + " of " + target.owner()
                    + " as " + target.format().extensions().get(0) + " " + target.type().getTypeName() + ": "
                    + describe(e) + ". The file was left as it is; delete it, or rerun the task, to compute it again", e);
        }
    }

    /**
     * @param target a cache file
     * @param value the value to store
     * @param guard asked right before publishing, besides the cache lease; may be {@code () -> true}
     * @return what was published, with its lease's fencing token
     * @throws CacheWriteException when the format cannot write the value or the disk refuses
     * @throws LeaseLostException when a lease was lost before publishing; nothing was published
     */
    public Publication dump(CacheTarget target, Object value, BooleanSupplier guard) {
        try (Lease lease = acquire(target, LockMode.EXCLUSIVE)) {
            boolean[] heldAtPublish = {false};
            boolean[] cacheLeaseHeld = {false};
            try {
                publisher.publish(target.path(), out -> target.format().write(value, target.type(), out), () -> {
                    cacheLeaseHeld[0] = lease.isHeld();
                    heldAtPublish[0] = cacheLeaseHeld[0] && guard.getAsBoolean();
                    return heldAtPublish[0];
                });
            } catch (LeaseLostException e) {
                throw leaseLost(target, lease, cacheLeaseHeld[0], e);
            }
            return new Publication(target.lockName(), lease.fencingToken(), heldAtPublish[0], Instant.now());
        } catch (IllegalArgumentException e) {
            throw new CacheWriteException(target.owner() + " produced a " + value.getClass().getName()
                    + " that cannot be written to " + target.path() + ": " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new CacheWriteException("cannot write cache file " + target.path() + " of " + target.owner()
                    + ": " + describe(e) + "; nothing was published", e);
        }
    }

    /**
     * @param target a cache file
     * @return whether a file was removed
     */
    public boolean remove(CacheTarget target) {
        try (Lease lease = acquire(target, LockMode.EXCLUSIVE)) {
            return Files.deleteIfExists(target.path());
        } catch (IOException e) {
            throw new CacheWriteException("cannot remove cache file " + target.path() + ": " + describe(e), e);
        }
    }

    private Lease acquire(CacheTarget target, LockMode mode) {
        try {
            return lock.acquire(target.lockName(), mode, waitTimeout).orElseThrow(() -> new LockException(
                    "timed out after " + waitTimeout + " waiting for the " + mode.name().toLowerCase(java.util.Locale.ROOT)
                            + " cache lock of " + target.lockName() + " (kart.lock.cache-wait-timeout)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KartException("interrupted while waiting for the cache lock of " + target.lockName(), e);
        }
    }

    /** Says which lease was lost: the cache lease of the file, or the guard (the task's run lease). */
    private static LeaseLostException leaseLost(CacheTarget target, Lease cacheLease, boolean cacheLeaseHeld,
            LeaseLostException cause) {
        String which = cacheLeaseHeld
                ? "its run lease is no longer held (expired, or its renewal failed), so another node may be running it"
                : "the cache lease " + cacheLease.key() + " (fencing token " + cacheLease.fencingToken()
                        + ") is no longer held (expired, or its renewal failed)";
        LeaseLostException lost = new LeaseLostException(target.owner() + ": lease lost, did not publish "
                + target.path() + ": " + which + "; the temporary file was removed and nothing was published");
        lost.initCause(cause);
        return lost;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null ? kind : kind + ": " + message.lines().findFirst().orElse(message);
    }
}
