package dev.kart.lock.inmemory;

/**
 * The monotonic clock that leases expire by. {@link #SYSTEM} in production; a {@link ManualTicker}
 * in tests, so expiry can be tested without waiting out a TTL.
 */
public interface Ticker {
    /** {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /** @return the current time in nanoseconds, from an arbitrary origin; never goes backwards */
    long nanoTime();
}
