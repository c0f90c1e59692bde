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
}
