package dev.kart.lock;

/**
 * A held lock on one key. The backend renews it in the background while it is held (every
 * {@link LeaseSettings#renewInterval()}); if renewal fails or the lease expires, {@link #isHeld()}
 * turns false for good and the holder must not act on the guarded resource any more.
 *
 * <p>Closing releases the lock. Closing is idempotent, and it never releases a lock that has since
 * passed to another holder, since the backend compares its own token before deleting.
 */
public interface Lease extends AutoCloseable {

    /** @return the full key, prefix included, such as {@code kart:cache:pkg/Task_ab12.json} */
    String key();

    /** @return whether the lease is shared or exclusive */
    LockMode mode();

    /**
     * A number that grows strictly across successive acquisitions of the key, by any holder in any
     * process, so a guarded resource can reject a holder older than one it has already seen.
     *
     * @return the fencing token given to this lease
     */
    long fencingToken();

    /**
     * Whether this holder still owns the lock: the last acquisition or renewal was confirmed within
     * the TTL, measured on a monotonic clock, and the lease was not closed. Answered locally,
     * without a round trip, so it is cheap enough to ask right before publishing.
     *
     * @return {@code false} once the lease was closed, expired or lost, and from then on
     */
    boolean isHeld();

    /** Releases the lock if this lease still owns it; stops its renewal. Never throws. */
    @Override
    void close();
}
