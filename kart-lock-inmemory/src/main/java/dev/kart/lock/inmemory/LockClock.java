package dev.kart.lock.inmemory;

import java.time.Duration;

/**
 * The monotonic clock an in-memory lock table runs on: leases expire by its time, the backend's
 * renewal sweep runs on its timers, and waiters for a held key are woken by a timer at the holder's
 * expiry. Giving the table its time and its timers from one place is what lets a test clock move
 * lease time in jumps while every lease is still renewed and every expiry still noticed at its
 * moment, with no branch on the kind of clock in the backend.
 *
 * <p>{@link #system()} in production. A test clock (kart-test's {@code dev.kart.test.ManualClock})
 * moves only when told to, and runs each timer it passes on the way, in order, at its own moment.
 *
 * <p>Implementations are thread-safe. Timer actions run on a thread of the clock (the advancing
 * thread for a clock moved by hand) and must be short and must not throw: the system clock stops
 * running an action that threw, a clock moved by hand lets the exception out of its move.
 */
public interface LockClock {

    /**
     * The system clock: {@link System#nanoTime()}, with timers on one daemon thread of the process
     * ({@code kart-inmemory-clock}) shared by every table and backend on it.
     *
     * @return the system clock; the same instance on every call
     */
    static LockClock system() {
        return SystemLockClock.INSTANCE;
    }

    /** @return the current time in nanoseconds from an arbitrary origin; never goes backwards */
    long nanoTime();

    /**
     * Runs {@code action} once, when this clock reads {@code nanoTime} or later. A moment that has
     * passed already is due at once (on the system clock) or at the clock's next move (on a clock
     * moved by hand); a caller that must not miss it looks at {@link #nanoTime()} again after
     * scheduling.
     *
     * @param nanoTime the moment, in this clock's {@link #nanoTime()}
     * @param action what to run
     * @return the timer, to cancel it
     */
    Timer at(long nanoTime, Runnable action);

    /**
     * Runs {@code action} every {@code period} of this clock's time, the first time one period from
     * now, until cancelled.
     *
     * @param period the period; positive
     * @param action what to run
     * @return the timer, to cancel it
     * @throws IllegalArgumentException when the period is zero or negative
     */
    Timer every(Duration period, Runnable action);

    /** A scheduled action of a {@link LockClock}. */
    interface Timer {
        /**
         * Keeps the action from running again; a run in progress finishes. Idempotent; a one-shot
         * timer that ran already is not affected.
         */
        void cancel();
    }
}
