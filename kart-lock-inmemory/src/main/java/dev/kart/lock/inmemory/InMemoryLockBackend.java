package dev.kart.lock.inmemory;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockMode;
import dev.kart.lock.LockSettings;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process lock backend: real TTLs, background renewal every renew interval, fencing tokens,
 * shared and exclusive modes, and waits woken by releases. Backends over the same table (the
 * process-wide one by default) share their locks, so two runtimes in one JVM coordinate like two
 * nodes. Thread-safe.
 */
public final class InMemoryLockBackend implements dev.kart.lock.LockBackend, CacheLock, RunLock {
    private static final AtomicLong LEASE_NUMBERS = new AtomicLong();

    private final LockTable table;
    private final String prefix;
    private final Duration ttl;
    private final Duration renewInterval;
    private final String owner;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kart-inmemory-renewal");
        thread.setDaemon(true);
        return thread;
    });

    private InMemoryLockBackend(LockTable table, LockSettings settings) {
        this.table = table;
        this.prefix = settings.prefix();
        this.ttl = settings.ttl();
        this.renewInterval = settings.renewInterval();
        this.owner = settings.owner();
    }

    /**
     * @param settings prefix, TTL, renew interval and owner
     * @return a backend over the process-wide lock table
     */
    public static InMemoryLockBackend processWide(LockSettings settings) {
        return new InMemoryLockBackend(LockTable.shared(), settings);
    }

    /**
     * A backend over a table of its own, on the given clock: for tests that drive expiry.
     *
     * @param settings prefix, TTL, renew interval and owner
     * @param ticker the clock leases expire by
     * @return the backend; {@link #sharingTableWith} gives more backends over the same table
     */
    public static InMemoryLockBackend isolated(LockSettings settings, Ticker ticker) {
        return new InMemoryLockBackend(new LockTable(ticker), settings);
    }

    /**
     * @param settings prefix, TTL, renew interval and owner of the new backend
     * @return another backend over this one's table, as a second node would see it
     */
    public InMemoryLockBackend sharingTableWith(LockSettings settings) {
        return new InMemoryLockBackend(table, settings);
    }

    @Override
    public CacheLock cacheLock() {
        return this;
    }

    @Override
    public RunLock runLock() {
        return this;
    }

    @Override
    public Optional<Lease> tryAcquire(String target, LockMode mode) {
        return table.tryAcquire(cacheKey(target), mode, ttl, holder()).map(this::renewing);
    }

    @Override
    public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
        return table.acquire(cacheKey(target), mode, ttl, holder(), timeout).map(this::renewing);
    }

    @Override
    public Optional<Lease> tryAcquire(String uniqueId) {
        return table.tryAcquire(runKey(uniqueId), LockMode.EXCLUSIVE, ttl, holder()).map(this::renewing);
    }

    @Override
    public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
        return table.acquire(runKey(uniqueId), LockMode.EXCLUSIVE, ttl, holder(), timeout).map(this::renewing);
    }

    @Override
    public CompletionStage<Void> whenFree(String uniqueId) {
        return table.whenFree(runKey(uniqueId), LockMode.EXCLUSIVE);
    }

    @Override
    public List<HeldLock> heldLocks() {
        return table.held(prefix + ":");
    }

    /** Stops renewing; leases still held expire after their TTL. */
    @Override
    public void close() {
        renewals.shutdownNow();
    }

    private Lease renewing(TableLease lease) {
        long period = renewInterval.toNanos();
        if (renewInterval.compareTo(ttl) < 0 && !renewals.isShutdown()) {
            lease.renewedBy(renewals.scheduleAtFixedRate(() -> {
                if (!table.renew(lease, ttl)) {
                    lease.stopRenewal();
                }
            }, period, period, TimeUnit.NANOSECONDS));
        }
        return lease;
    }

    private String holder() {
        return owner + "#" + LEASE_NUMBERS.incrementAndGet();
    }

    private String cacheKey(String target) {
        return prefix + ":cache:" + target;
    }

    private String runKey(String uniqueId) {
        return prefix + ":run:" + uniqueId;
    }
}
