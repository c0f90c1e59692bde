package dev.kart.lock.inmemory;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock state of one process: for each key, its exclusive holder or its shared holders, and who
 * waits for it. Waiters sleep on the key's condition and are woken by a release, or at the earliest
 * expiry of a holder (on a {@link ManualTicker}: by each advance of the clock); nothing polls.
 * Fencing tokens come from one counter, so they grow strictly across the holders of every key.
 * Thread-safe.
 */
final class LockTable {
    private static final LockTable SHARED = new LockTable(Ticker.SYSTEM);

    private final ReentrantLock mutex = new ReentrantLock();
    private final Map<String, KeyState> keys = new HashMap<>();
    private final AtomicLong fencing = new AtomicLong();
    /** Completes free-watchers at expiries; one thread for every table of the process, made when first needed. */
    private static final ScheduledExecutorService EXPIRY_CHECKS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kart-inmemory-expiry");
        thread.setDaemon(true);
        return thread;
    });

    private final Ticker ticker;
    /**
     * Whether the clock announces its moves (a {@link ManualTicker}): then waiters and watchers are
     * woken by each advance, and a real-time wait for an expiry in the clock's time would make no sense.
     */
    private final boolean wokenByAdvances;

    LockTable(Ticker ticker) {
        this.ticker = ticker;
        this.wokenByAdvances = ticker instanceof ManualTicker;
        if (ticker instanceof ManualTicker manual) {
            manual.onAdvance(this::wakeAll);
        }
    }

    /** @return the table of this process, on the system clock */
    static LockTable shared() {
        return SHARED;
    }

    Ticker ticker() {
        return ticker;
    }

    /** The holders of one key and its waiters. */
    private final class KeyState {
        private final Condition changed = mutex.newCondition();
        private final List<TableLease> holders = new ArrayList<>(1);
        private final List<CompletableFuture<Void>> freeWatchers = new ArrayList<>(0);
        private int waiters;

        void dropExpired(long now) {
            holders.removeIf(lease -> lease.expiredAt(now));
        }

        boolean admits(LockMode mode) {
            if (holders.isEmpty()) {
                return true;
            }
            return mode == LockMode.SHARED && holders.stream().allMatch(h -> h.mode() == LockMode.SHARED);
        }

        long nanosUntilFirstExpiry(long now) {
            long earliest = Long.MAX_VALUE;
            for (TableLease holder : holders) {
                earliest = Math.min(earliest, holder.expiresAt() - now);
            }
            return Math.max(1, earliest);
        }

        boolean idle() {
            return holders.isEmpty() && waiters == 0 && freeWatchers.isEmpty();
        }
    }

    Optional<TableLease> tryAcquire(String key, LockMode mode, Duration ttl, String holder) {
        mutex.lock();
        try {
            KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
            long now = ticker.nanoTime();
            state.dropExpired(now);
            if (!state.admits(mode)) {
                return Optional.empty();
            }
            return Optional.of(grant(state, key, mode, ttl, holder, now));
        } finally {
            mutex.unlock();
        }
    }

    Optional<TableLease> acquire(String key, LockMode mode, Duration ttl, String holder, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        mutex.lockInterruptibly();
        try {
            KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
            state.waiters++;
            try {
                while (true) {
                    long now = ticker.nanoTime();
                    state.dropExpired(now);
                    if (state.admits(mode)) {
                        return Optional.of(grant(state, key, mode, ttl, holder, now));
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return Optional.empty();
                    }
                    long untilExpiry = wokenByAdvances ? remaining : state.nanosUntilFirstExpiry(now);
                    state.changed.awaitNanos(Math.min(remaining, untilExpiry));
                }
            } finally {
                state.waiters--;
                forgetIfIdle(key, state);
            }
        } finally {
            mutex.unlock();
        }
    }

    CompletableFuture<Void> whenFree(String key, LockMode mode) {
        mutex.lock();
        try {
            KeyState state = keys.get(key);
            if (state == null) {
                return CompletableFuture.completedFuture(null);
            }
            long now = ticker.nanoTime();
            state.dropExpired(now);
            if (state.admits(mode)) {
                forgetIfIdle(key, state);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> free = new CompletableFuture<>();
            state.freeWatchers.add(free);
            if (!wokenByAdvances) {
                scheduleRecheck(key, state.nanosUntilFirstExpiry(now));
            }
            return free;
        } finally {
            mutex.unlock();
        }
    }

    boolean renew(TableLease lease, Duration ttl) {
        mutex.lock();
        try {
            long now = ticker.nanoTime();
            KeyState state = keys.get(lease.key());
            if (state == null || lease.expiredAt(now) || !state.holders.contains(lease)) {
                return false;
            }
            lease.extendTo(now + ttl.toNanos());
            return true;
        } finally {
            mutex.unlock();
        }
    }

    void release(TableLease lease) {
        mutex.lock();
        try {
            KeyState state = keys.get(lease.key());
            if (state != null && state.holders.remove(lease)) {
                notifyFree(lease.key(), state);
            }
        } finally {
            mutex.unlock();
        }
    }

    List<HeldLock> held(String prefix) {
        mutex.lock();
        try {
            long now = ticker.nanoTime();
            List<HeldLock> result = new ArrayList<>();
            keys.forEach((key, state) -> {
                if (key.startsWith(prefix)) {
                    for (TableLease holder : state.holders) {
                        if (!holder.expiredAt(now)) {
                            result.add(new HeldLock(key, holder.mode(), holder.holder(), holder.fencingToken(),
                                    Duration.ofNanos(now - holder.acquiredAt()), Duration.ofNanos(holder.expiresAt() - now)));
                        }
                    }
                }
            });
            result.sort(java.util.Comparator.comparing(HeldLock::key).thenComparing(HeldLock::fencingToken));
            return result;
        } finally {
            mutex.unlock();
        }
    }

    private TableLease grant(KeyState state, String key, LockMode mode, Duration ttl, String holder, long now) {
        TableLease lease = new TableLease(this, key, mode, fencing.incrementAndGet(), holder, now, now + ttl.toNanos());
        state.holders.add(lease);
        return lease;
    }

    private void scheduleRecheck(String key, long nanos) {
        EXPIRY_CHECKS.schedule(() -> recheck(key), nanos, TimeUnit.NANOSECONDS);
    }

    /** Completes free-watchers of a key whose holders expired; while it stays held, checks again at the next expiry. */
    private void recheck(String key) {
        mutex.lock();
        try {
            KeyState state = keys.get(key);
            if (state != null) {
                notifyFree(key, state);
                if (!state.holders.isEmpty() && !state.freeWatchers.isEmpty()) {
                    scheduleRecheck(key, state.nanosUntilFirstExpiry(ticker.nanoTime()));
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    private void notifyFree(String key, KeyState state) {
        state.dropExpired(ticker.nanoTime());
        state.changed.signalAll();
        if (state.holders.isEmpty() && !state.freeWatchers.isEmpty()) {
            List<CompletableFuture<Void>> watchers = new ArrayList<>(state.freeWatchers);
            state.freeWatchers.clear();
            watchers.forEach(watcher -> watcher.completeAsync(() -> null));
        }
        forgetIfIdle(key, state);
    }

    private void forgetIfIdle(String key, KeyState state) {
        if (state.idle()) {
            keys.remove(key);
        }
    }

    private void wakeAll() {
        mutex.lock();
        try {
            for (String key : new ArrayList<>(keys.keySet())) {
                KeyState state = keys.get(key);
                if (state != null) {
                    notifyFree(key, state);
                }
            }
        } finally {
            mutex.unlock();
        }
    }
}
