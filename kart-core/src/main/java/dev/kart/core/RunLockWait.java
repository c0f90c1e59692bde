package dev.kart.core;

import dev.kart.task.CollisionPolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task waiting for its run lock, which another node holds, as a {@link BuildListener} hears of it.
 * Immutable.
 *
 * @param task the task
 * @param policy what it does meanwhile ({@code kart.lock.on-collision}): {@link CollisionPolicy#WAIT}
 *     blocks its worker, up to {@code kart.lock.wait-timeout}; {@link CollisionPolicy#DEFER} parks it
 *     off the workers until the holder releases (the Python system's lock has only the first)
 * @param since when the wait started
 * @param holder who holds the run lock, as last looked up; empty when the look found nobody (the
 *     holder released meanwhile) or the lock backend could not be asked
 * @param givesUpAt when a {@link CollisionPolicy#WAIT} gives up: {@code since} plus
 *     {@code kart.lock.wait-timeout}; empty for {@link CollisionPolicy#DEFER}, which waits until the
 *     lock is free
 */
public record RunLockWait(TaskRef task, CollisionPolicy policy, Instant since, Optional<Holder> holder,
        Optional<Instant> givesUpAt) {
    /** Checks that no component is null. */
    public RunLockWait {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(givesUpAt, "givesUpAt");
    }

    /**
     * The node holding a run lock, as one look at the lock backend saw it. Immutable.
     *
     * @param owner the holding process, {@code host:pid} (what {@code kart locks} and the task info's
     *     {@code ranBy} show)
     * @param fencingToken its lease's fencing token; 0 when the lock backend does not know the holder yet
     *     ({@link dev.kart.lock.HeldLock#fencingToken()}): {@code owner} is then the backend's name for it, not a process
     * @param leaseExpires when its lease expires unless the holder renews it (holders renew every
     *     {@code kart.lock.renew-interval}): the time of the look plus the TTL left it saw; a holder
     *     that was killed renews no more, and the lock is free then at the latest
     * @param lockKey the run lock's key in the lock backend, as {@code kart locks} lists it
     *     ({@code kart:run:{unique id}})
     */
    public record Holder(String owner, long fencingToken, Instant leaseExpires, String lockKey) {
        /** Checks that no component is null. */
        public Holder {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(leaseExpires, "leaseExpires");
            Objects.requireNonNull(lockKey, "lockKey");
        }

        /**
         * @return whether the lock backend knows who holds the lock: false when {@link #fencingToken()}
         *     is 0, and {@link #owner()} is then the backend's name for the holder, not a process
         */
        public boolean known() {
            return fencingToken != 0;
        }
    }
}
