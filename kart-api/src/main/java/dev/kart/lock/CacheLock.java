package dev.kart.lock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Guards cache targets: loads take it {@linkplain LockMode#SHARED shared}, dumps and removes
 * {@linkplain LockMode#EXCLUSIVE exclusive}. Keys are {@code {prefix}:cache:{target}} where target is
 * the cache file's path relative to the workspace.
 *
 * <p>Implementations are thread-safe. A waiting acquire is woken by the release it waits for, not by
 * a fixed sleep.
 */
public interface CacheLock {

    /**
     * Takes the lock if it is free for {@code mode} now.
     *
     * @param target the cache file's path relative to the workspace, with {@code /} separators
     * @param mode shared or exclusive
     * @return the lease, or empty when another holder prevents it
     * @throws LockException when the backend cannot be reached
     * @throws LockKeyOccupiedException when the lock's key holds another application's value, which no release ends
     *     (kart's runtime does not retry the task)
     */
    Optional<Lease> tryAcquire(String target, LockMode mode);

    /**
     * Takes the lock, waiting up to {@code timeout} for it.
     *
     * @param target the cache file's path relative to the workspace, with {@code /} separators
     * @param mode shared or exclusive
     * @param timeout how long to wait at most
     * @return the lease, or empty when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted; no lease is left held
     * @throws LockException when the backend cannot be reached
     * @throws LockKeyOccupiedException when the lock's key holds another application's value, which no release ends
     *     (kart's runtime does not retry the task)
     */
    Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException;

    /**
     * Who holds the lock on {@code target} now, by one lookup of that key (not a listing of every
     * lock): what the error of a wait that ran out names, and what a progress display may show for a
     * load or dump that waits for it. A snapshot: the holders may release, or renew, right after.
     *
     * @param target the cache file's path relative to the workspace, with {@code /} separators
     * @return its holders as {@link LockBackend#heldLocks()} lists them, by fencing token: one exclusive
     *     holder, or any number of shared ones (each {@link HeldLock#owner()} the holding process, its
     *     {@link HeldLock#ttlLeft()} how long until its lease expires unless renewed); empty when nobody
     *     holds it, or when the backend cannot tell, which is what this default says
     * @throws LockException when the backend cannot be reached
     */
    default List<HeldLock> holders(String target) {
        return List.of();
    }
}
