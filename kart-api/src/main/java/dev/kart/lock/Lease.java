package dev.kart.lock;

import java.util.Optional;

/**
 * A held lock on one key. The backend renews it in the background while it is held (every
 * {@link LeaseSettings#renewInterval()}); if the lock server refuses a renewal or the lease expires
 * (its TTL passed since the last confirmed renewal), {@link #isHeld()} turns false for good and the
 * holder must not act on the guarded resource any more. A renewal that gets no answer (the server or
 * the network stalled; with Redis, not a refused connection) is tried again while the TTL lasts:
 * unless it loses its data, the server keeps the lock until then either way.
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
     * A positive number that grows strictly across successive acquisitions of the key, by any holder in any
     * process, so a guarded resource can reject a holder older than one it has already seen. 0 is never granted:
     * {@link HeldLock#fencingToken()} uses it for a holder the backend cannot name.
     *
     * @return the fencing token given to this lease; at least 1
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

    /**
     * Why this lease stopped being held before it was closed, when the backend knows: such as its TTL
     * running out while renewals could not reach the lock server ({@code cannot reach Redis at
     * 10.0.0.5:6379}), or the server no longer having the key. kart puts it in the error of a task whose {@code run()} was stopped
     * because its run lease was lost.
     *
     * @return the reason, once {@link #isHeld()} turned false other than by {@link #close()}; empty
     *     while held, after a close, or when the backend cannot tell (the default)
     */
    default Optional<String> lossReason() {
        return Optional.empty();
    }

    /** Releases the lock if this lease still owns it; stops its renewal. Never throws. */
    @Override
    void close();
}
