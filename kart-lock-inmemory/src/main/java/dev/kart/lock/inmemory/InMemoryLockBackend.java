package dev.kart.lock.inmemory;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;

/**
 * The in-process lock backend: real TTLs, background renewal every renew interval, fencing tokens,
 * shared and exclusive modes, and waits woken by releases. Backends over the same table (the
 * process-wide one by default) share their locks, so two runtimes in one JVM coordinate like two
 * nodes. Leases expire by the table's {@link LockClock}, and each backend renews its held leases
 * with one sweep every renew interval on that clock's timers, so a lease is renewed at most one
 * interval after it was taken (less than its TTL) on the system clock and on a test clock alike.
 *
 * <p>Fencing tokens grow strictly across the holders of every key of one table. They start from the
 * wall clock in milliseconds × 1000 (as Redis's counter does), so tokens of runs made one after
 * another on one machine, in separate processes, keep growing too: a store that remembers the last
 * token it saw takes the next run's writes. That is all they share: the backend coordinates the
 * holders of one process only, and two processes running at once are not ordered.
 *
 * <p>Thread-safe.
 */
public final class InMemoryLockBackend implements LockBackend, CacheLock, RunLock {
    private final LockTable table;
    private final LeaseSettings lease;
    private final String prefix;
    private final Duration ttl;
    private final String owner;
    private final boolean renews;
    private final Set<TableLease> renewed = ConcurrentHashMap.newKeySet();
    /** The renewal sweep; null when leases are not renewed. */
    private final LockClock.Timer sweep;
    private volatile boolean closed;

    private InMemoryLockBackend(LockTable table, LeaseSettings settings) {
        this.table = table;
        this.lease = settings;
        this.prefix = settings.prefix();
        this.ttl = settings.ttl();
        this.owner = settings.owner();
        this.renews = settings.renews();
        // One sweep renews every held lease: a timer per lease would wake the clock's thread for each
        // of the many short cache leases (a context switch each), for nothing.
        this.sweep = renews ? table.clock().every(settings.renewInterval(), this::renewAll) : null;
    }

    /**
     * @param settings prefix, TTL, renew interval and owner
     * @return a backend over the process-wide lock table, on {@link LockClock#system()}
     */
    public static InMemoryLockBackend processWide(LeaseSettings settings) {
        return new InMemoryLockBackend(LockTable.shared(), settings);
    }

    /**
     * A backend over a table of its own, on the given clock: {@link LockClock#system()} for a second
     * table in one process (benchmarks, several simulated nodes), a test clock for tests that drive
     * expiry (kart-test's {@code ManualClock}: a lease of a backend whose renew interval is shorter
     * than its TTL survives any jump, since the sweep runs at its moments on the way; an unrenewed
     * one expires).
     *
     * @param settings prefix, TTL, renew interval and owner
     * @param clock the clock leases expire by and are renewed on
     * @return the backend; {@link #sharingTableWith} gives more backends over the same table
     */
    public static InMemoryLockBackend isolated(LeaseSettings settings, LockClock clock) {
        return new InMemoryLockBackend(new LockTable(clock), settings);
    }

    /**
     * @param settings prefix, TTL, renew interval and owner of the new backend
     * @return another backend over this one's table, as a second node would see it
     */
    public InMemoryLockBackend sharingTableWith(LeaseSettings settings) {
        return new InMemoryLockBackend(table, settings);
    }

    /** @return the lease settings this backend hands out leases with */
    public LeaseSettings lease() {
        return lease;
    }

    @Override
    public CacheLock cacheLock() {
        return this;
    }

    @Override
    public RunLock runLock() {
        return this;
    }

    /**
     * {@inheritDoc}
     *
     * @throws LockException when this backend was closed
     */
    @Override
    public Optional<Lease> tryAcquire(String target, LockMode mode) {
        String key = cacheKey(target);
        ensureOpen(key);
        return table.tryAcquire(key, mode, ttl, owner).map(this::renewing);
    }

    /**
     * {@inheritDoc}
     *
     * @throws LockException when this backend was closed
     */
    @Override
    public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
        String key = cacheKey(target);
        ensureOpen(key);
        return table.acquire(key, mode, ttl, owner, timeout).map(this::renewing);
    }

    /**
     * {@inheritDoc}
     *
     * @throws LockException when this backend was closed
     */
    @Override
    public Optional<Lease> tryAcquire(String uniqueId) {
        String key = runKey(uniqueId);
        ensureOpen(key);
        return table.tryAcquire(key, LockMode.EXCLUSIVE, ttl, owner).map(this::renewing);
    }

    /**
     * {@inheritDoc}
     *
     * @throws LockException when this backend was closed
     */
    @Override
    public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
        String key = runKey(uniqueId);
        ensureOpen(key);
        return table.acquire(key, LockMode.EXCLUSIVE, ttl, owner, timeout).map(this::renewing);
    }

    @Override
    public CompletionStage<Void> whenFree(String uniqueId) {
        return table.whenFree(runKey(uniqueId), LockMode.EXCLUSIVE);
    }

    @Override
    public Optional<HeldLock> holder(String uniqueId) {
        return table.holders(runKey(uniqueId)).stream().findFirst();
    }

    @Override
    public List<HeldLock> holders(String target) {
        return table.holders(cacheKey(target));
    }

    @Override
    public List<HeldLock> heldLocks() {
        return table.held(prefix + ":");
    }

    /** Stops renewing; leases still held expire after their TTL. Later acquisitions fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (sweep != null) {
            sweep.cancel();
        }
    }

    /** Keeps the lease in this backend's renewal sweep until it is closed, lost, or this backend closes. */
    private Lease renewing(TableLease lease) {
        if (!renews) {
            return lease;
        }
        renewed.add(lease);
        lease.renewedBy(() -> renewed.remove(lease));
        if (closed) {
            // closed between the check and the grant: do not leave a lease nobody will renew or release
            lease.close();
            throw closedError(lease.key());
        }
        return lease;
    }

    private void renewAll() {
        for (TableLease lease : renewed) {
            if (closed || !table.renew(lease, ttl)) {
                lease.stopRenewal();
            }
        }
    }

    private void ensureOpen(String key) {
        if (closed) {
            throw closedError(key);
        }
    }

    private LockException closedError(String key) {
        return new LockException("in-memory lock backend (prefix '" + prefix + "') is closed; cannot take " + key);
    }

    private String cacheKey(String target) {
        return prefix + ":cache:" + target;
    }

    private String runKey(String uniqueId) {
        return prefix + ":run:" + uniqueId;
    }
}
