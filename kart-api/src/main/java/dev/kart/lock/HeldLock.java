package dev.kart.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * A lock seen held in a backend, as {@code kart locks} lists it.
 *
 * @param key the full key
 * @param mode shared or exclusive; a shared key lists one entry per holder
 * @param holder who holds it: the owner ({@code host:pid}), then, for backends that number their
 *     leases, {@code #} and the lease's number, such as {@code build-1:4170#17.k3f9x2}
 * @param fencingToken the holder's fencing token; 0, which no lease is granted with, when the backend does not
 *     know the holder: it took the lock and has not recorded itself yet (the Redis backend's Redisson binding
 *     writes its holder record right after Redisson grants the lock), or died before it could. {@code holder}
 *     is then the backend's own name for it, which names no process
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

    /**
     * @return whether the backend knows who holds the lock: false when its {@link #fencingToken()} is 0,
     *     and {@link #holder()} is then the backend's own name for it, which names no process
     */
    public boolean holderKnown() {
        return fencingToken != 0;
    }

    /**
     * @return the holding process without the lease's number: {@link #holder()} up to its first
     *     {@code #}, which is the {@link LeaseSettings#owner()} the holder's backend was opened with
     *     ({@code host:pid} for kart)
     */
    public String owner() {
        int lease = holder.indexOf('#');
        return lease < 0 ? holder : holder.substring(0, lease);
    }
}
