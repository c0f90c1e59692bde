package dev.kart.lock.redis.internal;

import dev.kart.lock.Lease;
import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one run of acquire.lua: the lease when granted, else how long until the holders'
 * leases run out unless renewed.
 *
 * @param lease the lease; empty when others hold the key
 * @param retryIn when the key may be free at the latest without a release notification; zero when granted
 */
public record AcquireAttempt(Optional<Lease> lease, Duration retryIn) {
    /**
     * @param lease the lease granted
     * @return a granted attempt
     */
    public static AcquireAttempt granted(Lease lease) {
        return new AcquireAttempt(Optional.of(lease), Duration.ZERO);
    }

    /**
     * @param retryIn how long the holders keep the key unless they renew; zero or negative when unknown
     * @return a refused attempt
     */
    public static AcquireAttempt refused(Duration retryIn) {
        return new AcquireAttempt(Optional.empty(), retryIn);
    }
}
