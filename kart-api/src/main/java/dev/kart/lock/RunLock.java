package dev.kart.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Guards {@code run()} of tasks marked {@link dev.kart.task.RunWithLock}, so one node computes a task
 * while the others find it done later. Keys are {@code {prefix}:run:{unique id}}; leases are always
 * exclusive. Implementations are thread-safe.
 */
public interface RunLock {

    /**
     * Takes the lock if no one holds it now.
     *
     * @param uniqueId the task's unique id
     * @return the lease, or empty when another holder has it
     * @throws LockException when the backend cannot be reached
     * @throws LockKeyOccupiedException when the lock's key holds another application's value, which no release ends
     *     (kart's runtime does not retry the task)
     */
    Optional<Lease> tryAcquire(String uniqueId);

    /**
     * Takes the lock, waiting up to {@code timeout} for the holder to release it or for its lease
     * to expire.
     *
     * @param uniqueId the task's unique id
     * @param timeout how long to wait at most
     * @return the lease, or empty when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted; no lease is left held
     * @throws LockException when the backend cannot be reached
     * @throws LockKeyOccupiedException when the lock's key holds another application's value, which no release ends
     *     (kart's runtime does not retry the task)
     */
    Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException;

    /**
     * Completes when the lock on {@code uniqueId} is free: at once if it is free now, else when the
     * holder releases it or its lease expires. Lets a deferred task wait without a thread.
     * It may complete early (the caller then simply tries again); it never completes later than
     * the backend's bounded fallback poll after the lock became free.
     *
     * @param uniqueId the task's unique id
     * @return a stage completed (never exceptionally) when the lock looks free
     */
    CompletionStage<Void> whenFree(String uniqueId);

    /**
     * Who holds the lock on {@code uniqueId} now, by one lookup of that key (not a listing of every
     * lock): what a progress display shows for a task that waits for it. A snapshot: the holder may
     * release, or renew, right after.
     *
     * @param uniqueId the task's unique id
     * @return the holder as {@link LockBackend#heldLocks()} lists it (its {@link HeldLock#owner()} is
     *     the holding process, its {@link HeldLock#ttlLeft()} how long until its lease expires unless
     *     renewed); empty when nobody holds it
     * @throws LockException when the backend cannot be reached
     * @throws LockKeyOccupiedException when the backend finds at the lock's key what no lock of its leaves there
     *     (another application's value, which no run can take)
     */
    Optional<HeldLock> holder(String uniqueId);
}
