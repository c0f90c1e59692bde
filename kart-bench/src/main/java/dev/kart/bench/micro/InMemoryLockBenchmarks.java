package dev.kart.bench.micro;

import dev.kart.bench.lock.BenchLockSettings;
import dev.kart.lock.CacheLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.inmemory.InMemoryLockBackendProvider;
import dev.kart.test.support.config.MapConfigSection;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code micro-lock-inmemory}: one uncontended acquire + release of an exclusive cache lease of the
 * in-memory backend, as {@code CacheStore} takes it (a waiting acquire with a timeout, then close),
 * against the floor of any keyed lock in one JVM: a {@link ReentrantLock} created in a
 * {@link ConcurrentHashMap} under the same key, locked, unlocked and removed. Both cycle through the
 * same {@value #KEYS} cache-file-like keys, one thread, one key per operation; each key is free
 * when its turn comes. Not final: JMH subclasses benchmark and state classes.
 */
public class InMemoryLockBenchmarks {
    /** How many distinct keys the operations cycle through; a power of two. */
    static final int KEYS = 1024;
    private static final Duration WAIT = Duration.ofMinutes(1);

    /** The keys, as {@code CacheStore} names cache locks: the target's path in the workspace. */
    static String[] keys() {
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "dev/kart/bench/dag/Leaf_" + i + ".json";
        }
        return keys;
    }

    /**
     * The in-memory backend, opened as the runtime opens it (over the process-wide lock table), with
     * kart's default lease settings but a key prefix of its own, {@value #PREFIX}, so that its
     * check at the end sees only its own locks.
     */
    @State(Scope.Thread)
    public static class KartLocks {
        static final String PREFIX = "kart-micro";
        private final String[] keys = keys();
        private int next;
        LockBackend backend;
        CacheLock cacheLock;

        /** Opens the backend. */
        @Setup
        public void open() {
            backend = new InMemoryLockBackendProvider().open(BenchLockSettings.defaults("bench").withPrefix(PREFIX),
                    MapConfigSection.of("kart.lock.in-memory"));
            cacheLock = backend.cacheLock();
        }

        /**
         * Closes the backend.
         *
         * @throws IllegalStateException when a lock is still held after every lease was closed
         */
        @TearDown
        public void close() {
            try {
                if (!backend.heldLocks().isEmpty()) {
                    throw new IllegalStateException("locks are still held after every lease was closed: "
                            + backend.heldLocks());
                }
            } finally {
                backend.close();
            }
        }

        String nextKey() {
            return keys[next++ & (KEYS - 1)];
        }
    }

    /** The baseline's table of locks. */
    @State(Scope.Thread)
    public static class BaselineLocks {
        private final String[] keys = keys();
        private int next;
        final ConcurrentHashMap<String, ReentrantLock> table = new ConcurrentHashMap<>();

        String nextKey() {
            return keys[next++ & (KEYS - 1)];
        }
    }

    /**
     * @param locks the backend
     * @return the lease's fencing token
     * @throws InterruptedException never: the key is free
     * @throws IllegalStateException when the free key is not granted or its fresh lease is not held
     */
    @Benchmark
    public long kart(KartLocks locks) throws InterruptedException {
        String key = locks.nextKey();
        try (Lease lease = locks.cacheLock.acquire(key, LockMode.EXCLUSIVE, WAIT).orElseThrow(
                () -> new IllegalStateException("the free key " + key + " was not granted within " + WAIT))) {
            if (!lease.isHeld()) {
                throw new IllegalStateException("a fresh lease on " + key + " is not held");
            }
            return lease.fencingToken();
        }
    }

    /**
     * @param locks the table
     * @return the lock's hold count while it was held
     * @throws IllegalStateException when the lock is not held after lock()
     */
    @Benchmark
    public int baseline(BaselineLocks locks) {
        String key = locks.nextKey();
        ReentrantLock lock = locks.table.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        int holds;
        try {
            if (!lock.isHeldByCurrentThread()) {
                throw new IllegalStateException("lock of " + key + " not held");
            }
            holds = lock.getHoldCount();
        } finally {
            lock.unlock();
        }
        locks.table.remove(key, lock);
        return holds;
    }
}
