package dev.kart.bench.lock;

import dev.kart.bench.Result;
import dev.kart.bench.Scenario;
import dev.kart.bench.measure.Samples;
import dev.kart.lock.CacheLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code lock-inmemory}: acquire + release of the exclusive cache lock of the in-memory backend, each
 * time on a new key, by 2 threads at once, as {@code CacheStore} does it (a waiting acquire with a
 * timeout, then close). The baseline, alternated with it in the same run, does the same with a
 * {@link ReentrantLock} per key in a {@link ConcurrentHashMap} (create, lock, unlock, remove).
 */
public final class LockInMemoryScenario implements Scenario {
    private static final Duration WAIT = Duration.ofMinutes(1);

    private final String name;
    private final int threads;
    private final int operationsPerThread;
    private final int warmups;
    private final int repetitions;

    /**
     * @param name the scenario's name
     * @param threads how many threads acquire at once
     * @param operationsPerThread acquire + release pairs per thread per round
     * @param warmups untimed rounds (of each kind) first
     * @param repetitions timed rounds; the medians are reported
     */
    public LockInMemoryScenario(String name, int threads, int operationsPerThread, int warmups, int repetitions) {
        this.name = name;
        this.threads = threads;
        this.operationsPerThread = operationsPerThread;
        this.warmups = warmups;
        this.repetitions = repetitions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "in-memory exclusive cache lock acquire+release on distinct keys, " + threads
                + " threads, vs ReentrantLock in a ConcurrentHashMap";
    }

    @Override
    public Result run() throws InterruptedException {
        String[][] keys = KeyedThroughput.keys("dev/kart/bench/dag/", threads, operationsPerThread);
        InMemoryLockBackend backend = InMemoryLockBackend.isolated(BenchLockSettings.defaults("bench"), LockClock.system());
        try {
            CacheLock cacheLock = backend.cacheLock();
            KeyedThroughput.KeyOperation locked = key -> {
                try (Lease lease = cacheLock.acquire(key, LockMode.EXCLUSIVE, WAIT).orElseThrow()) {
                    if (!lease.isHeld()) {
                        throw new IllegalStateException("a fresh lease on " + key + " is not held");
                    }
                }
            };
            ConcurrentHashMap<String, ReentrantLock> table = new ConcurrentHashMap<>();
            KeyedThroughput.KeyOperation baseline = key -> {
                ReentrantLock lock = table.computeIfAbsent(key, k -> new ReentrantLock());
                lock.lock();
                try {
                    if (!lock.isHeldByCurrentThread()) {
                        throw new IllegalStateException("lock of " + key + " not held");
                    }
                } finally {
                    lock.unlock();
                }
                table.remove(key, lock);
            };
            for (int i = 0; i < warmups; i++) {
                KeyedThroughput.opsPerSecond(keys, locked);
                KeyedThroughput.opsPerSecond(keys, baseline);
            }
            Samples.Recorder lockedOps = new Samples.Recorder();
            Samples.Recorder baselineOps = new Samples.Recorder();
            for (int i = 0; i < repetitions; i++) {
                lockedOps.add(KeyedThroughput.opsPerSecond(keys, locked));
                baselineOps.add(KeyedThroughput.opsPerSecond(keys, baseline));
            }
            if (!backend.heldLocks().isEmpty()) {
                throw new IllegalStateException("locks are still held after every lease was closed: " + backend.heldLocks());
            }
            double ops = lockedOps.samples().median();
            double base = baselineOps.samples().median();
            return Result.of(name)
                    .with("threads", threads)
                    .with("ops_per_s", ops)
                    .with("baseline_ops_per_s", base)
                    .with("ratio", ops / base)
                    .with("us_per_op", threads * 1e6 / ops)
                    .with("reps", lockedOps.samples().count());
        } finally {
            backend.close();
        }
    }
}
