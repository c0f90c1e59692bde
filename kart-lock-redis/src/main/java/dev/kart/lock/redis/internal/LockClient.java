package dev.kart.lock.redis.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What a binding does with lock keys, the keys already laid out by {@link LockKeys}; a
 * {@link RedisLockBackend} maps the lock SPI onto it. Implementations are thread-safe; every method
 * but {@link #close()} throws {@link LockException} when Redis fails or cannot be reached.
 */
public interface LockClient extends AutoCloseable {
    /**
     * The most keys of one {@link #tryAcquireAll} and leases of one {@link #releaseAll}: {@link RedisLockBackend} slices
     * larger batches, so that one pipeline or set of calls in flight keeps Redis busy milliseconds, well within a command
     * timeout, whose bound every reply of it must meet.
     */
    int BATCH_LIMIT = 500;

    /**
     * @param kind which lock
     * @param key the lock key
     * @param mode shared or exclusive
     * @return the lease, or empty at once when others hold the key
     */
    Optional<Lease> tryAcquire(LockKind kind, String key, LockMode mode);

    /**
     * @param kind which lock
     * @param key the lock key
     * @param mode shared or exclusive
     * @param timeout how long to wait for the holders to leave
     * @return the lease, or empty when the timeout passed
     * @throws InterruptedException when interrupted while waiting; no lease is left behind
     */
    Optional<Lease> acquire(LockKind kind, String key, LockMode mode, Duration timeout) throws InterruptedException;

    /**
     * Takes several keys at once where the binding can (one round trip), as {@link #tryAcquire} would each; what it
     * could not settle so (it cannot batch, Redis refused one with an error, the primary changed under the call) it
     * leaves to the caller's {@link #tryAcquire}. This default settles none.
     *
     * @param kind which lock
     * @param keys the lock keys, each at most once, at most {@link #BATCH_LIMIT}
     * @param mode shared or exclusive, for all
     * @return for each key, in order: its lease, empty when others hold it, or null when not settled here
     * @throws LockException when the round trip failed as a whole; no hold of this call is left to anyone but
     *     {@link AbandonedRequests}, which deletes what Redis granted late
     */
    default List<Optional<Lease>> tryAcquireAll(LockKind kind, List<String> keys, LockMode mode) {
        @SuppressWarnings("unchecked")
        List<Optional<Lease>> unsettled = Arrays.asList(new Optional[keys.size()]);
        return unsettled;
    }

    /**
     * Releases several leases of this client at once where the binding can (one round trip), as {@link Lease#close()}
     * would each; this default closes each. Never throws.
     *
     * @param leases leases this client granted, at most {@link #BATCH_LIMIT}
     */
    default void releaseAll(List<? extends Lease> leases) {
        leases.forEach(Lease::close);
    }

    /**
     * @param key a run lock key
     * @return a stage completed once the key looks free; never completed exceptionally
     */
    CompletionStage<Void> whenFree(String key);

    /**
     * @param kind which lock
     * @param key the lock key
     * @return who holds it now, read from that key alone (never a listing of the prefix), in
     *     {@link HolderRecord#ORDER}: the exclusive holder, or each shared one; empty when no one does
     * @throws dev.kart.lock.LockException when Redis cannot be asked, or a run key holds another application's value
     *     ({@link HolderReply#anotherApplicationsRunKeyValue()}), which is neither free nor held by a node
     */
    List<HeldLock> holders(LockKind kind, String key);

    /** @return the locks held under the backend's prefix, in {@link HolderRecord#ORDER} */
    List<HeldLock> heldLocks();

    /** Stops keep-alives and closes what the binding opened; leases still held expire after their TTL. */
    @Override
    void close();

    /** @return after {@link #close()}, the keys whose release Redis never confirmed ({@link AbandonedRequests#unconfirmed()}) */
    List<String> unconfirmedReleases();
}
