package dev.kart.lock.inmemory;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that moves only when told to. It simulates time for the whole lock table: lease
 * renewals of backends on this clock are due in its time, and {@link #advance} fires each one at its
 * moment on the way, so a renewed lease survives any jump while an unrenewed one expires. Advancing
 * then wakes lock waiters, so a lease that expired in the jump is seen as free at once. Thread-safe.
 */
public final class ManualTicker implements Ticker {
    private final AtomicLong now = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object advancing = new Object();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;

    @Override
    public long nanoTime() {
        return now.get();
    }

    /**
     * Moves the clock forward, firing on the way every renewal that falls due, at its own moment.
     *
     * @param duration how far to move the clock forward; not negative
     * @throws IllegalArgumentException when the duration is negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a monotonic clock cannot go back: " + duration);
        }
        synchronized (advancing) {
            long target = now.get() + duration.toNanos();
            Timer due;
            while ((due = nextDueBy(target)) != null) {
                now.set(due.at);
                due.action.run();
                reschedule(due);
            }
            now.set(target);
        }
        listeners.forEach(Runnable::run);
    }

    void onAdvance(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code action} every {@code period} of this clock's time, first one period from now, while
     * the clock is advanced. Actions run on the advancing thread and must not advance the clock.
     *
     * @param period the period, positive
     * @param action what to run
     * @return cancels the timer
     */
    Runnable every(Duration period, Runnable action) {
        long nanos = Math.max(1, period.toNanos());
        Timer timer;
        synchronized (timers) {
            timer = new Timer(now.get() + nanos, nanos, timerSequence++, action);
            timers.add(timer);
        }
        return () -> {
            synchronized (timers) {
                timer.cancelled = true;
                timers.remove(timer);
            }
        };
    }

    private Timer nextDueBy(long target) {
        synchronized (timers) {
            Timer first = timers.peek();
            if (first == null || first.at - target > 0) {
                return null;
            }
            return timers.poll();
        }
    }

    private void reschedule(Timer timer) {
        synchronized (timers) {
            if (!timer.cancelled) {
                timer.at += timer.period;
                timers.add(timer);
            }
        }
    }

    /** A periodic action due at {@code at}; ties fire in the order they were scheduled. */
    private static final class Timer implements Comparable<Timer> {
        private long at;
        private final long period;
        private final long sequence;
        private final Runnable action;
        private boolean cancelled;

        Timer(long at, long period, long sequence, Runnable action) {
            this.at = at;
            this.period = period;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(at - other.at, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
