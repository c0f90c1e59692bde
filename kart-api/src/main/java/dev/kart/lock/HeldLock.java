package dev.kart.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * A lock seen held in a backend, as {@code kart locks} lists it.
 *
 * @param key the full key
 * @param mode shared or exclusive; a shared key lists one entry per holder
 * @param holder who holds it: host, process id and lease
 * @param fencingToken the holder's fencing token
 * @param age how long ago it was acquired
 * @param ttlLeft how long until it expires unless renewed
 */
public record HeldLock(String key, LockMode mode, String holder, long fencingToken, Duration age, Duration ttlLeft) {
    /** Checks that no component is null. */
    public HeldLock {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(ttlLeft, "ttlLeft");
    }
}
