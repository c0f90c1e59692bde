package dev.kart.test;

import dev.kart.lock.inmemory.LockClock;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link LockClock} that moves only when a test {@linkplain #advance advances} it, starting at 0.
 * It simulates time for a whole in-memory lock table: {@link #advance} runs every timer it passes on
 * the way (the renewal sweeps of live backends, the expiry timers that wake lock waiters), each at
 * its own moment and in order, so a renewed lease survives any jump while an unrenewed one expires,
 * and a waiter for a lease that expired in the jump gets the lock at once.
 *
 * <p>Timer actions run on the advancing thread and must not advance the clock themselves; an
 * action that throws ends the advance with its exception, the clock standing at the action's
 * moment. A one-shot timer whose moment has passed already runs at the next advance. Thread-safe.
 */
public final class ManualClock implements LockClock {
    /** Guards {@link #now} and {@link #timers}: a timer set is either seen by an advance or set at a time it can read. */
    private final Object state = new Object();
    /** Serialises advances, so timers fire in time order even when two threads advance. */
    private final Object advancing = new Object();
    private final PriorityQueue<ManualTimer> timers = new PriorityQueue<>();
    private volatile long now;
    private long timerSequence;

    /** A clock standing at 0, with no timers. */
    public ManualClock() {
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /**
     * Moves the clock forward, running on the way every timer that falls due, at its own moment.
     *
     * @param duration how far to move the clock; not negative
     * @throws IllegalArgumentException when the duration is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + duration);
        }
        synchronized (advancing) {
            long target = now + duration.toNanos();
            ManualTimer due;
            while ((due = nextDueBy(target)) != null) {
                due.action.run();
                reschedule(due);
            }
        }
    }

    @Override
    public Timer at(long nanoTime, Runnable action) {
        return add(nanoTime, 0, action);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the period is zero or negative
     */
    @Override
    public Timer every(Duration period, Runnable action) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a timer period must be positive, got " + period);
        }
        long nanos = period.toNanos();
        synchronized (state) {
            return add(now + nanos, nanos, action);
        }
    }

    /**
     * How many timers are set and have neither run out nor been cancelled: the renewal sweep of each
     * open backend that renews, and one expiry timer for each held key that somebody waits for. A
     * test watches it grow to know that a build has started to wait for a held lease before it moves
     * the clock, instead of sleeping and hoping the build got there.
     *
     * @return the number of pending timers, periodic ones counted once
     */
    public int pendingTimers() {
        synchronized (state) {
            return timers.size();
        }
    }

    @Override
    public String toString() {
        return "ManualClock at " + Duration.ofNanos(now);
    }

    private ManualTimer add(long at, long period, Runnable action) {
        synchronized (state) {
            ManualTimer timer = new ManualTimer(at, period, timerSequence++, action);
            timers.add(timer);
            return timer;
        }
    }

    /** @return the first timer due by {@code target}, the clock set to its moment; or none, the clock set to the target */
    private ManualTimer nextDueBy(long target) {
        synchronized (state) {
            ManualTimer first = timers.peek();
            if (first == null || first.at - target > 0) {
                now = target;
                return null;
            }
            timers.poll();
            if (first.at - now > 0) {
                now = first.at;
            }
            return first;
        }
    }

    private void reschedule(ManualTimer timer) {
        synchronized (state) {
            if (timer.period > 0 && !timer.cancelled) {
                timer.at += timer.period;
                timers.add(timer);
            }
        }
    }

    /** A timer due at {@code at}, periodic when its period is positive; ties run in the order they were set. */
    private final class ManualTimer implements Timer, Comparable<ManualTimer> {
        private long at;
        private final long period;
        private final long sequence;
        private final Runnable action;
        private boolean cancelled;

        ManualTimer(long at, long period, long sequence, Runnable action) {
            this.at = at;
            this.period = period;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (state) {
                cancelled = true;
                timers.remove(this);
            }
        }

        @Override
        public int compareTo(ManualTimer other) {
            int byTime = Long.compare(at - other.at, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
