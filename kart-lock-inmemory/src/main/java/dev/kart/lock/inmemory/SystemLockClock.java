package dev.kart.lock.inmemory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link LockClock#system()}: {@link System#nanoTime()} and one daemon scheduler thread for the process. */
final class SystemLockClock implements LockClock {
    static final SystemLockClock INSTANCE = new SystemLockClock();

    private final ScheduledThreadPoolExecutor timers;

    private SystemLockClock() {
        timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "kart-inmemory-clock");
            thread.setDaemon(true);
            return thread;
        });
        // Expiry timers of waiters are mostly cancelled long before they are due (the holder releases
        // first); removing them at once keeps the queue at the size of what is still to come.
        timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer at(long nanoTime, Runnable action) {
        ScheduledFuture<?> future = timers.schedule(action, nanoTime - System.nanoTime(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Timer every(Duration period, Runnable action) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a timer period must be positive, got " + period);
        }
        long nanos = period.toNanos();
        ScheduledFuture<?> future = timers.scheduleAtFixedRate(action, nanos, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public String toString() {
        return "LockClock.system()";
    }
}
