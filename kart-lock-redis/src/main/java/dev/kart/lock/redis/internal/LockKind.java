package dev.kart.lock.redis.internal;

/** Which of the two locks a key belongs to; the Redisson binding keeps them in different Redisson objects. */
public enum LockKind {
    /** {@code CacheLock}: shared or exclusive, per cache target. */
    CACHE,
    /** {@code RunLock}: exclusive, per unique id. */
    RUN
}
