package dev.kart.lock.redis.internal;

/**
 * A monotonic clock in nanoseconds, as {@link System#nanoTime()}: only differences between two
 * readings mean anything. The backends read {@link #SYSTEM}; tests of the lease window drive a clock
 * of their own.
 */
@FunctionalInterface
public interface MonotonicClock {
    /** The JVM's monotonic clock. */
    MonotonicClock SYSTEM = System::nanoTime;

    /** @return the current reading, in nanoseconds */
    long nanos();
}
