package dev.kart.lock.redis;

import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.Redisson;
import org.redisson.RedissonObject;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RScript;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis backend over Redisson: run locks are Redisson's lock, cache locks its read-write lock
 * (read for shared, write for exclusive), renewed by Redisson's watchdog with
 * {@code lockWatchdogTimeout} = TTL. Redisson waits for locks itself, woken by its unlock
 * notifications. What Redisson lacks, kart adds with two small scripts: fencing tokens (one counter
 * per prefix, bumped once a lock is granted), holder records for {@link #heldLocks()}, and
 * confirmations that keep {@link Lease#isHeld()} local and truthful, and the data epoch that ends every
 * lease at once when Redis lost its data ({@link RedisEpoch}).
 *
 * <p>Redisson's fenced lock is not used for run locks: its tokens count per key, in a key per lock
 * that never expires (one for every task ever run), and cannot be made to agree with the tokens of
 * the read-write lock, which has none.
 * Thread-safe.
 */
final class RedissonLockBackend implements LockBackend {
    private static final Logger LOG = LoggerFactory.getLogger(RedissonLockBackend.class);
    /** Lease numbers play Redisson's "thread id"; far above real thread ids, unique per lease. */
    private static final AtomicLong LEASE_NUMBERS = new AtomicLong(1L << 48);
    private static final String CHANNEL_PREFIX = "redisson_lock__channel";

    private final RedisSettings settings;
    private final LockKeys keys;
    private final RedissonClient redisson;
    private final RScript scripts;
    private final ScheduledExecutorService confirmations;
    private final ScheduledExecutorService freeChecks;
    private final CacheLock cacheLock = new RedissonCacheLock();
    private final RunLock runLock = new RedissonRunLock();
    private final RedisEpoch epochs = new RedisEpoch();

    private RedissonLockBackend(RedisSettings settings, RedissonClient redisson) {
        this.settings = settings;
        this.keys = new LockKeys(settings.prefix());
        this.redisson = redisson;
        this.scripts = redisson.getScript(StringCodec.INSTANCE);
        this.confirmations = DaemonThreads.scheduler("kart-redisson-confirm", 2);
        this.freeChecks = DaemonThreads.scheduler("kart-redisson-free-check", 1);
    }

    /**
     * @param settings the backend's settings
     * @return the open backend
     * @throws LockException when Redis cannot be reached within the connect timeout
     */
    static RedissonLockBackend open(RedisSettings settings) {
        RedissonClient client;
        try {
            client = Redisson.create(RedissonConfigs.of(settings));
        } catch (RuntimeException e) {
            throw RedisFailures.unreachable(settings, e);
        }
        RedissonLockBackend backend = new RedissonLockBackend(settings, client);
        try {
            backend.await(client.getBucket(backend.keys.idleChannel(), StringCodec.INSTANCE).isExistsAsync(),
                    settings.connectTimeout().plus(settings.commandTimeout()), "connecting, reading", backend.keys.idleChannel());
        } catch (LockException e) {
            backend.close();
            throw RedisFailures.unreachable(settings, e.getCause() == null ? e : e.getCause());
        }
        return backend;
    }

    @Override
    public CacheLock cacheLock() {
        return cacheLock;
    }

    @Override
    public RunLock runLock() {
        return runLock;
    }

    @Override
    public List<HeldLock> heldLocks() {
        return new RedissonHeldLocks(this, redisson, keys).held();
    }

    /** Stops confirmations and shuts Redisson down (its watchdog with it); leases still held expire after their TTL. */
    @Override
    public void close() {
        confirmations.shutdownNow();
        freeChecks.shutdownNow();
        redisson.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "redis lock backend (redisson) at " + settings.address() + ", prefix " + settings.prefix();
    }

    RedisSettings settings() {
        return settings;
    }

    // ----- taking

    /** How one Redisson wait is awaited: interruptibly for waiting acquires, else not. */
    @FunctionalInterface
    private interface Waiting {
        <T> T await(RFuture<T> future, Duration budget, String action, String key) throws InterruptedException;
    }

    private Optional<Lease> take(String key, LockMode mode, boolean run, Duration wait) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring " + key);
        }
        return take(key, mode, run, wait, this::awaitInterruptibly);
    }

    private Optional<Lease> tryTake(String key, LockMode mode, boolean run) {
        try {
            return take(key, mode, run, Duration.ZERO, this::await);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a non-waiting try cannot be interrupted", e);
        }
    }

    private Optional<Lease> take(String key, LockMode mode, boolean run, Duration wait, Waiting waiting)
            throws InterruptedException {
        RedissonHolder holder = new RedissonHolder(key, mode, run, LEASE_NUMBERS.incrementAndGet(), redisson.getId());
        // a TTL-long lease without the watchdog when renewal is off (renew-interval >= ttl)
        long leaseTime = settings.renews() ? -1 : settings.ttl().toMillis();
        long waitMillis = Math.max(0, wait.toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        RLock lock;
        if (run) {
            lock = redisson.getLock(key);
        } else {
            RReadWriteLock readWrite = redisson.getReadWriteLock(key);
            lock = mode == LockMode.SHARED ? readWrite.readLock() : readWrite.writeLock();
        }
        long sentAt;
        // the first round does not wait: when it grants, the lease's window starts when it was sent
        boolean waited = false;
        while (true) {
            // Redisson waits for its unlock message, else for the holder's whole TTL; rounds of at most
            // the fallback poll bound how late a missed message can make a waiter
            long round = !waited ? 0 : Math.min(TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - System.nanoTime())),
                    settings.fallbackPoll().toMillis());
            Duration budget = Duration.ofMillis(round).plus(settings.commandTimeout().multipliedBy(3))
                    .plus(settings.connectTimeout());
            sentAt = System.nanoTime();
            Boolean granted = waiting.await(lock.tryLockAsync(round, leaseTime, TimeUnit.MILLISECONDS,
                    holder.leaseNumber()), budget, "acquiring", key);
            if (Boolean.TRUE.equals(granted)) {
                break;
            }
            if (deadline - System.nanoTime() <= 0) {
                return Optional.empty();
            }
            waited = true;
        }
        long fencingToken;
        String epoch;
        LeaseWindow window;
        try {
            List<?> recorded = record(holder);
            fencingToken = ((Number) recorded.get(0)).longValue();
            epoch = String.valueOf(recorded.get(1));
            epochs.observed(epoch);
            if (waited) {
                // after a wait, the moment of the grant is unknown: measure the window from a fresh check
                long checkedAt = System.nanoTime();
                long left = check(holder);
                window = new LeaseWindow(checkedAt, Duration.ofMillis(Math.max(0, left)), settings.safetyMargin());
            } else {
                window = new LeaseWindow(sentAt, settings.ttl(), settings.safetyMargin());
            }
        } catch (LockException e) {
            release(holder, lock);
            throw e;
        }
        RedissonLease lease = new RedissonLease(this, holder, lock, fencingToken, window, epochs, epoch);
        epochs.join(lease);
        if (settings.renews() && !confirmations.isShutdown()) {
            // twice per renew interval: the watchdog's renewals land anywhere within it
            long period = Math.max(1, settings.renewInterval().toNanos() / 2);
            lease.confirmedBy(confirmations.scheduleAtFixedRate(lease::confirm, period, period, TimeUnit.NANOSECONDS));
        }
        return Optional.of(lease);
    }

    /** Takes the fencing token and writes the holder record; returns the token and the data epoch. */
    private List<?> record(RedissonHolder holder) {
        Object result = await(scripts.evalAsync(keys.redissonRecords(), RScript.Mode.READ_WRITE,
                LockScript.REDISSON_RECORD.source(), RScript.ReturnType.MULTI,
                List.of(keys.redissonFence(), keys.redissonRecords(), keys.redissonEpoch()), holder.recordField(),
                settings.owner() + "#" + holder.leaseNumber()), "recording the holder of", holder.key());
        return (List<?>) result;
    }

    /**
     * @param holder a holder
     * @return the milliseconds Redis keeps its lock, or a negative number when it is not its lock any more
     * @throws LockException when Redis cannot be asked
     */
    long check(RedissonHolder holder) {
        Object result = await(scripts.evalAsync(holder.key(), RScript.Mode.READ_WRITE, LockScript.REDISSON_CHECK.source(),
                RScript.ReturnType.INTEGER, List.of(holder.key(), holder.boundKey()), holder.field(),
                holder.requiredMode()), "confirming", holder.key());
        return ((Number) result).longValue();
    }

    /** Unlocks through Redisson (waiting a bounded time) and forgets the holder record; never throws. */
    void release(RedissonHolder holder, RLock lock) {
        Duration budget = settings.commandTimeout().multipliedBy(2);
        try {
            await(lock.unlockAsync(holder.leaseNumber()), budget, "releasing", holder.key());
        } catch (LockException e) {
            if (!(e.getCause() instanceof IllegalMonitorStateException)) {
                LOG.warn("could not release {}; it expires after its TTL: {}", holder.key(), e.getMessage());
            }
            // else it had expired and maybe passed to another holder, which Redisson leaves alone
        }
        // not waited for: a record left behind is ignored by heldLocks() and deleted by the next listing
        redisson.getMap(keys.redissonRecords(), StringCodec.INSTANCE).fastRemoveAsync(holder.recordField());
    }

    /**
     * Waits for a Redisson future, bounded; cancels it when interrupted, so that a lock granted
     * after all is unlocked by Redisson itself.
     */
    private <T> T awaitInterruptibly(RFuture<T> future, Duration budget, String action, String key)
            throws InterruptedException {
        CompletableFuture<T> completable = future.toCompletableFuture();
        try {
            return completable.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            completable.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw RedisFailures.failed(settings, action, key, unwrap(e.getCause()));
        } catch (TimeoutException e) {
            completable.cancel(false);
            throw RedisFailures.failed(settings, action, key, e);
        }
    }

    /** Waits for a Redisson future, bounded and not interruptibly: the interrupt flag is kept for the caller. */
    private <T> T await(RFuture<T> future, Duration budget, String action, String key) {
        CompletableFuture<T> completable = future.toCompletableFuture();
        boolean interrupted = false;
        long deadline = System.nanoTime() + budget.toNanos();
        try {
            while (true) {
                try {
                    return completable.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw RedisFailures.failed(settings, action, key, unwrap(e.getCause()));
                } catch (TimeoutException e) {
                    throw RedisFailures.failed(settings, action, key, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T await(RFuture<T> future, String action, String key) {
        return await(future, settings.commandTimeout().multipliedBy(2), action, key);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof java.util.concurrent.CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    // ----- whenFree

    private CompletionStage<Void> whenFree(String key) {
        FreeWatch watch = new FreeWatch(key);
        watch.start();
        return watch.free;
    }

    /**
     * Completes when a run lock looks free: on Redisson's unlock message for it, or when a check finds
     * it gone (checks run when the holder's TTL would run out and at least every fallback poll).
     * Entirely asynchronous: a parked task holds no thread.
     */
    private final class FreeWatch {
        private final String key;
        private final RTopic topic;
        private final CompletableFuture<Void> free = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile RFuture<Integer> listener;
        private volatile ScheduledFuture<?> next;

        FreeWatch(String key) {
            this.key = key;
            this.topic = redisson.getTopic(RedissonObject.prefixName(CHANNEL_PREFIX, key), LongCodec.INSTANCE);
        }

        void start() {
            listener = topic.addListenerAsync(Long.class, (channel, message) -> finish());
            listener.whenComplete((id, error) -> check());
        }

        private void check() {
            if (done.get()) {
                return;
            }
            redisson.getLock(key).remainTimeToLiveAsync().whenComplete((left, error) -> {
                if (error != null || left == null || left == -2) {
                    finish(); // free, or Redis cannot say: the caller's next try finds out
                    return;
                }
                long poll = settings.fallbackPoll().toMillis();
                long delay = left > 0 ? Math.min(left + 1, poll) : poll;
                try {
                    next = freeChecks.schedule(this::check, delay, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    finish();
                }
            });
        }

        private void finish() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            RFuture<Integer> registered = listener;
            if (registered != null) {
                registered.whenComplete((id, error) -> {
                    if (id != null) {
                        topic.removeListenerAsync(id);
                    }
                });
            }
            free.complete(null);
        }
    }

    // ----- the two locks

    private final class RedissonCacheLock implements CacheLock {
        @Override
        public Optional<Lease> tryAcquire(String target, LockMode mode) {
            return tryTake(keys.cache(target), mode, false);
        }

        @Override
        public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
            return take(keys.cache(target), mode, false, timeout);
        }
    }

    private final class RedissonRunLock implements RunLock {
        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            return tryTake(keys.run(uniqueId), LockMode.EXCLUSIVE, true);
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
            return take(keys.run(uniqueId), LockMode.EXCLUSIVE, true, timeout);
        }

        @Override
        public CompletionStage<Void> whenFree(String uniqueId) {
            return RedissonLockBackend.this.whenFree(keys.run(uniqueId));
        }
    }
}
