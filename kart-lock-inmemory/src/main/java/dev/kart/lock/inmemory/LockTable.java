package dev.kart.lock.inmemory;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock state of one process: for each key, its exclusive holder or its shared holders, and who
 * waits for it. Waiters sleep on the key's condition and are woken by a release, or by a timer of
 * the table's {@link LockClock} at the earliest expiry of a holder; nothing polls. Fencing tokens
 * come from one counter, so they grow strictly across the holders of every key. The counter starts
 * from the wall clock when the table is made, in milliseconds × 1000, as a Redis counter does: a
 * process started on this machine after this one ended hands out greater tokens (unless this table
 * handed out more than a thousand for each millisecond between the two starts, or the wall clock
 * was set back), so an external store that keeps the last token it saw does not take the next run
 * for a stale holder. The table still coordinates only its own process. Thread-safe.
 */
final class LockTable {
    private static final LockTable SHARED = new LockTable(LockClock.system());

    private final ReentrantLock mutex = new ReentrantLock();
    private final Map<String, KeyState> keys = new HashMap<>();
    private final AtomicLong fencing;
    private final LockClock clock;

    /** @param clock the clock leases expire by; the fencing counter starts from the wall clock */
    LockTable(LockClock clock) {
        this.clock = clock;
        // The wall clock and not the lock clock: tokens must order runs of separate processes, and a
        // monotonic clock's origin is per process (a test clock's is wherever the test set it).
        this.fencing = new AtomicLong(Math.multiplyExact(System.currentTimeMillis(), 1000L));
    }

    /** @return the table of this process, on the system clock */
    static LockTable shared() {
        return SHARED;
    }

    LockClock clock() {
        return clock;
    }

    /** The holders of one key, its waiters, and the timer that wakes them when a holder expires. */
    private final class KeyState {
        private final Condition changed = mutex.newCondition();
        private final List<TableLease> holders = new ArrayList<>(1);
        private final List<CompletableFuture<Void>> freeWatchers = new ArrayList<>(0);
        private int waiters;
        /** Set only while the key is held and someone waits or watches. */
        private Expiry expiry;

        void dropExpired(long now) {
            holders.removeIf(lease -> lease.expiredAt(now));
        }

        boolean admits(LockMode mode) {
            if (holders.isEmpty()) {
                return true;
            }
            return mode == LockMode.SHARED && holders.stream().allMatch(h -> h.mode() == LockMode.SHARED);
        }

        boolean waitedFor() {
            return waiters > 0 || !freeWatchers.isEmpty();
        }

        boolean idle() {
            return holders.isEmpty() && !waitedFor();
        }

        /**
         * Makes sure a timer is due at the first expiry of the holders (there is at least one).
         *
         * @return whether the timer was set just now: the clock may have passed that moment before it
         *     was set (a clock moved by hand runs only the timers it finds on its way), so the caller
         *     looks at the time again instead of waiting for the timer
         */
        boolean armExpiryTimer(String key) {
            long first = holders.get(0).expiresAt();
            for (TableLease holder : holders) {
                if (holder.expiresAt() - first < 0) {
                    first = holder.expiresAt();
                }
            }
            if (expiry != null && expiry.at == first) {
                return false;
            }
            disarm();
            Expiry next = new Expiry(key, this, first);
            expiry = next;
            next.timer = clock.at(first, next);
            return true;
        }

        void disarm() {
            if (expiry != null) {
                expiry.timer.cancel();
                expiry = null;
            }
        }
    }

    /** The timer of one key's first expiry. */
    private final class Expiry implements Runnable {
        private final String key;
        private final KeyState state;
        private final long at;
        private LockClock.Timer timer;

        Expiry(String key, KeyState state, long at) {
            this.key = key;
            this.state = state;
            this.at = at;
        }

        @Override
        public void run() {
            mutex.lock();
            try {
                if (state.expiry == this) {
                    state.expiry = null;
                }
                if (keys.get(key) == state) {
                    notifyFree(key, state);
                    watchExpiry(key, state);
                }
            } finally {
                mutex.unlock();
            }
        }
    }

    Optional<TableLease> tryAcquire(String key, LockMode mode, Duration ttl, String holder) {
        mutex.lock();
        try {
            KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
            long now = clock.nanoTime();
            state.dropExpired(now);
            if (!state.admits(mode)) {
                return Optional.empty();
            }
            return Optional.of(grant(state, key, mode, ttl, holder, now));
        } finally {
            mutex.unlock();
        }
    }

    /** Waits for the key; the timeout is real time whatever the clock, as a caller's patience is. */
    Optional<TableLease> acquire(String key, LockMode mode, Duration ttl, String holder, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        mutex.lockInterruptibly();
        try {
            KeyState state = keys.computeIfAbsent(key, k -> new KeyState());
            state.waiters++;
            try {
                while (true) {
                    long now = clock.nanoTime();
                    state.dropExpired(now);
                    if (state.admits(mode)) {
                        return Optional.of(grant(state, key, mode, ttl, holder, now));
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return Optional.empty();
                    }
                    if (!state.armExpiryTimer(key)) {
                        state.changed.awaitNanos(remaining);
                    }
                }
            } finally {
                state.waiters--;
                tidy(key, state);
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
            state.dropExpired(clock.nanoTime());
            if (state.admits(mode)) {
                tidy(key, state);
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> free = new CompletableFuture<>();
            state.freeWatchers.add(free);
            watchExpiry(key, state);
            return free;
        } finally {
            mutex.unlock();
        }
    }

    boolean renew(TableLease lease, Duration ttl) {
        mutex.lock();
        try {
            long now = clock.nanoTime();
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
            long now = clock.nanoTime();
            List<HeldLock> result = new ArrayList<>();
            keys.forEach((key, state) -> {
                if (key.startsWith(prefix)) {
                    addLive(result, key, state, now);
                }
            });
            result.sort(Comparator.comparing(HeldLock::key).thenComparing(HeldLock::fencingToken));
            return result;
        } finally {
            mutex.unlock();
        }
    }

    /** @return the live holders of one key, by fencing token; a lookup of that key alone */
    List<HeldLock> holders(String key) {
        mutex.lock();
        try {
            KeyState state = keys.get(key);
            if (state == null) {
                return List.of();
            }
            List<HeldLock> result = new ArrayList<>(state.holders.size());
            addLive(result, key, state, clock.nanoTime());
            result.sort(Comparator.comparing(HeldLock::fencingToken));
            return result;
        } finally {
            mutex.unlock();
        }
    }

    private static void addLive(List<HeldLock> into, String key, KeyState state, long now) {
        for (TableLease holder : state.holders) {
            if (!holder.expiredAt(now)) {
                into.add(new HeldLock(key, holder.mode(), holder.holder(), holder.fencingToken(),
                        Duration.ofNanos(now - holder.acquiredAt()), Duration.ofNanos(holder.expiresAt() - now)));
            }
        }
    }

    private TableLease grant(KeyState state, String key, LockMode mode, Duration ttl, String holder, long now) {
        TableLease lease = new TableLease(this, key, mode, fencing.incrementAndGet(), holder, now, now + ttl.toNanos());
        state.holders.add(lease);
        return lease;
    }

    /**
     * While the key is held and watched, keeps its expiry timer set; when the clock passed the first
     * expiry before the timer was set, frees what expired now instead.
     */
    private void watchExpiry(String key, KeyState state) {
        while (keys.get(key) == state && !state.holders.isEmpty() && state.waitedFor() && state.armExpiryTimer(key)) {
            if (clock.nanoTime() - state.expiry.at < 0) {
                return;
            }
            notifyFree(key, state);
        }
    }

    /** Drops expired holders, wakes the key's waiters, and completes its watchers when nobody holds it any more. */
    private void notifyFree(String key, KeyState state) {
        state.dropExpired(clock.nanoTime());
        state.changed.signalAll();
        if (state.holders.isEmpty() && !state.freeWatchers.isEmpty()) {
            List<CompletableFuture<Void>> watchers = new ArrayList<>(state.freeWatchers);
            state.freeWatchers.clear();
            watchers.forEach(watcher -> watcher.completeAsync(() -> null));
        }
        tidy(key, state);
    }

    /** Cancels an expiry timer nobody needs any more, and forgets a key nobody holds or waits for. */
    private void tidy(String key, KeyState state) {
        if (state.holders.isEmpty() || !state.waitedFor()) {
            state.disarm();
        }
        if (state.idle()) {
            keys.remove(key);
        }
    }
}
