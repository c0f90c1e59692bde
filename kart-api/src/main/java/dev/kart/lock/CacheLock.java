package dev.kart.lock;

import java.time.Duration;
import java.util.ArrayList;
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
     * Takes the lock, waiting up to {@code timeout} for it. A backend whose server stalls (the Redis backend: no
     * answer within {@code kart.lock.redis.command-timeout}) asks again until the timeout, so that a stall shorter
     * than the lease TTL costs a task's publish or load nothing.
     *
     * @param target the cache file's path relative to the workspace, with {@code /} separators
     * @param mode shared or exclusive
     * @param timeout how long to wait at most
     * @return the lease, or empty when the timeout passed first
     * @throws InterruptedException when the waiting thread is interrupted; no lease is left held
     * @throws LockException when the backend cannot be reached: refused, or not answering once the timeout passed
     * @throws LockKeyOccupiedException when the lock's key holds another application's value, which no release ends
     *     (kart's runtime does not retry the task)
     */
    Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException;

    /**
     * Takes the lock on each of several targets if it is free for {@code mode} now, as {@link #tryAcquire} does
     * for each, waiting for none: what a task that loads many dependencies at once takes before reading them. A
     * backend whose locks live in a server takes them in one round trip where it can (the Redis backend's Jedis
     * binding: one pipeline on one server or through Sentinel, one call per target in a Redis Cluster, whose targets
     * may live on different nodes; its Redisson binding: every call sent before any reply is awaited); this default
     * calls {@link #tryAcquire} for each in turn.
     *
     * <p>A target refused here is left to the caller, who may wait for it with {@link #acquire} once it closed the
     * leases it took here: waiting while holding them could keep a writer of one of them waiting for ever.
     *
     * @param targets the cache files' paths relative to the workspace, with {@code /} separators; each at most once
     * @param mode shared or exclusive, for all of them
     * @return for each target, in the same order, its lease, or empty when another holder prevents it (the Redis
     *     backend: also every target, none held, when Redis did not answer in time, which {@link #acquire} waits out);
     *     as many entries as targets, and an empty list for no targets
     * @throws LockException when the backend cannot be reached; no lease of this call is left held
     * @throws LockKeyOccupiedException when a target's key holds another application's value, which no release ends;
     *     no lease of this call is left held
     */
    default List<Optional<Lease>> tryAcquireAll(List<String> targets, LockMode mode) {
        List<Optional<Lease>> leases = new ArrayList<>(targets.size());
        try {
            for (String target : targets) {
                leases.add(tryAcquire(target, mode));
            }
        } catch (RuntimeException | Error e) {
            leases.forEach(lease -> lease.ifPresent(Lease::close));
            throw e;
        }
        return leases;
    }

    /**
     * Closes several leases this lock granted, as {@link Lease#close()} does for each: in one round trip where the
     * backend can (the Redis backend, as for {@link #tryAcquireAll}); this default closes each in turn. Leases closed
     * before are passed over. Never throws.
     *
     * @param leases leases of this lock, from {@link #tryAcquire}, {@link #acquire} or {@link #tryAcquireAll}
     */
    default void releaseAll(List<? extends Lease> leases) {
        leases.forEach(Lease::close);
    }

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
