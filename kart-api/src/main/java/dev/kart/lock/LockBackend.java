package dev.kart.lock;

import java.util.List;

/**
 * One lock backend instance: its cache lock and run lock over one key space. Opened by a
 * {@link LockBackendProvider}; closing it releases its connections and stops renewals (leases still
 * held are left to expire).
 */
public interface LockBackend extends AutoCloseable {

    /** @return the lock guarding cache targets */
    CacheLock cacheLock();

    /** @return the lock guarding {@code run()} */
    RunLock runLock();

    /**
     * The locks currently held under this backend's prefix, by any process.
     *
     * @return a snapshot, in key order
     * @throws LockException when the backend cannot be reached
     */
    List<HeldLock> heldLocks();

    @Override
    void close();

    /**
     * The locks this process may still hold in the lock server without knowing it: a release the server never
     * confirmed, or a request for a lock that got no answer and that the server may still grant (the Redis backend's,
     * when Redis did not answer them nor the last try before closing). Meant to be read after {@link #close()}, so
     * that a process can say which locks others may wait for until their TTL runs out; before it, the ones still being
     * tried again. Empty when every one was settled, and for a backend whose leases end with its process.
     *
     * @return their keys, as {@link HeldLock#key()} names them, in no particular order
     */
    default List<String> unconfirmedReleases() {
        return List.of();
    }
}
