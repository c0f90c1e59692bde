package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.DaemonThreads;
import dev.kart.lock.redis.internal.LeaseKeeper;
import dev.kart.lock.redis.internal.LeaseWindow;
import dev.kart.lock.redis.internal.LockClient;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockKind;
import dev.kart.lock.redis.internal.MonotonicClock;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.ReleaseWatch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RReadWriteLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis backend's locks over Redisson: run locks are Redisson's lock, cache locks its read-write
 * lock (read for shared, write for exclusive), renewed by Redisson's watchdog with
 * {@code lockWatchdogTimeout} = TTL. Redisson waits for locks itself, woken by its unlock
 * notifications. What Redisson lacks, kart adds with two small scripts ({@link RedissonScripts}):
 * fencing tokens (one counter per prefix, bumped once a lock is granted), holder records for
 * {@link #heldLocks()}, confirmations that keep {@link Lease#isHeld()} local and truthful, and the
 * data epoch that ends every lease at once when Redis lost its data.
 *
 * <p>Redisson's fenced lock is not used for run locks: its tokens count per key, in a key per lock
 * that never expires (one for every task ever run), and cannot be made to agree with the tokens of
 * the read-write lock, which has none. Thread-safe.
 */
final class RedissonLockClient implements LockClient {
    private static final Logger LOG = LoggerFactory.getLogger(RedissonLockClient.class);
    /** Lease numbers play Redisson's "thread id"; far above real thread ids, unique per lease. */
    private static final AtomicLong LEASE_NUMBERS = new AtomicLong(1L << 48);

    private final RedisLockSettings settings;
    private final LockKeys keys;
    private final RedissonClient redisson;
    private final boolean ownClient;
    private final RedisFailures failures;
    private final RScript scripts;
    private final LeaseKeeper leases;
    private final ScheduledExecutorService freeChecks;
    private final ReleaseWatch watch;

    /**
     * @param settings the backend's settings
     * @param keys the key layout
     * @param redisson the client
     * @param ownClient whether closing shuts the client down (kart made it) or leaves it (the application's)
     * @param failures the backend's failure messages
     */
    RedissonLockClient(RedisLockSettings settings, LockKeys keys, RedissonClient redisson, boolean ownClient,
            RedisFailures failures) {
        this.settings = settings;
        this.keys = keys;
        this.redisson = redisson;
        this.ownClient = ownClient;
        this.failures = failures;
        this.scripts = redisson.getScript(StringCodec.INSTANCE);
        this.leases = new LeaseKeeper(settings.lease(), settings.safetyMargin(), MonotonicClock.SYSTEM, "kart-redisson-confirm");
        this.freeChecks = DaemonThreads.scheduler("kart-redisson-free-check", 1);
        this.watch = new ReleaseWatch(new RedissonReleaseNotifications(redisson), key -> redisson.getLock(key).remainTimeToLiveAsync(),
                freeChecks, ForkJoinPool.commonPool(), settings.fallbackPoll());
    }

    /**
     * Checks that Redis answers, within the connect timeout plus one command timeout.
     *
     * @throws LockException when it does not
     */
    void checkReachable() {
        try {
            await(redisson.getBucket(keys.idleChannel(), StringCodec.INSTANCE).isExistsAsync(),
                    settings.connectTimeout().plus(settings.commandTimeout()), "connecting, reading", keys.idleChannel());
        } catch (LockException e) {
            throw failures.unreachable(e.getCause() == null ? e : e.getCause());
        }
    }

    @Override
    public Optional<Lease> tryAcquire(LockKind kind, String key, LockMode mode) {
        try {
            return take(kind, key, mode, Duration.ZERO, this::await, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a non-waiting try cannot be interrupted", e);
        }
    }

    @Override
    public Optional<Lease> acquire(LockKind kind, String key, LockMode mode, Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring " + key);
        }
        return take(kind, key, mode, timeout, this::awaitInterruptibly, true);
    }

    @Override
    public CompletionStage<Void> whenFree(String key) {
        return watch.whenFree(key);
    }

    @Override
    public List<HeldLock> heldLocks() {
        try {
            return new RedissonHeldLocks(redisson, keys, settings.lease().ttl()).held();
        } catch (RuntimeException e) {
            throw failures.failed("listing locks under", keys.prefix() + ":*", e);
        }
    }

    /**
     * Stops confirmations and, when kart made the client, shuts Redisson down (its watchdog with it);
     * leases still held expire after their TTL.
     */
    @Override
    public void close() {
        leases.close();
        freeChecks.shutdownNow();
        if (ownClient) {
            redisson.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    // ----- taking

    /** How one Redisson wait is awaited: interruptibly for waiting acquires, else not. */
    @FunctionalInterface
    private interface Waiting {
        <T> T await(RFuture<T> future, Duration budget, String action, String key) throws InterruptedException;
    }

    /**
     * @param bounded whether the call returns within {@code wait} plus one command timeout (a waiting
     *     acquire), or may take each round's full budget (a try)
     */
    private Optional<Lease> take(LockKind kind, String key, LockMode mode, Duration wait, Waiting waiting, boolean bounded)
            throws InterruptedException {
        boolean run = kind == LockKind.RUN;
        RedissonHolder holder = new RedissonHolder(key, mode, run, LEASE_NUMBERS.incrementAndGet(), redisson.getId());
        // a TTL-long lease without the watchdog when renewal is off (renew-interval >= ttl)
        long leaseTime = settings.lease().renews() ? -1 : settings.lease().ttl().toMillis();
        MonotonicClock clock = leases.clock();
        long waitMillis = Math.max(0, wait.toMillis());
        long deadline = clock.nanos() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
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
            long round = !waited ? 0 : Math.min(TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - clock.nanos())),
                    settings.fallbackPoll().toMillis());
            Duration budget = roundBudget(round, deadline - clock.nanos(), bounded);
            sentAt = clock.nanos();
            Boolean granted = waiting.await(lock.tryLockAsync(round, leaseTime, TimeUnit.MILLISECONDS,
                    holder.leaseNumber()), budget, "acquiring", key);
            if (Boolean.TRUE.equals(granted)) {
                break;
            }
            if (deadline - clock.nanos() <= 0) {
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
            leases.observed(epoch);
            if (waited) {
                // after a wait, the moment of the grant is unknown: measure the window from a fresh check
                long checkedAt = clock.nanos();
                long left = check(holder);
                window = leases.window(checkedAt, Duration.ofMillis(Math.max(0, left)));
            } else {
                window = leases.window(sentAt, settings.lease().ttl());
            }
        } catch (LockException e) {
            release(holder, lock);
            throw e;
        }
        // confirmed twice per renew interval: the watchdog's renewals land anywhere within it
        return Optional.of(leases.keep(key, mode, fencingToken, epoch, window, new RedissonLeaseHolder(this, holder, lock),
                settings.lease().renewInterval().dividedBy(2)));
    }

    /**
     * How long one Redisson wait may take: the round, plus room for the commands of a lock attempt
     * (take, subscribe, take again) and a reconnect. A waiting acquire's round ends at the latest one
     * command timeout after its deadline, even when Redisson would retry longer (a YAML configuration
     * keeps its {@code retryAttempts}) or Redis does not answer: the caller asked to wait that long.
     *
     * @param round milliseconds Redisson waits for the lock in this round
     * @param leftNanos nanoseconds until the acquire's deadline; zero or less once it passed
     * @param bounded whether the deadline bounds the budget
     */
    private Duration roundBudget(long round, long leftNanos, boolean bounded) {
        Duration budget = Duration.ofMillis(round).plus(settings.commandTimeout().multipliedBy(3)).plus(settings.connectTimeout());
        if (!bounded) {
            return budget;
        }
        Duration untilDeadline = Duration.ofNanos(Math.max(0, leftNanos)).plus(settings.commandTimeout());
        return budget.compareTo(untilDeadline) < 0 ? budget : untilDeadline;
    }

    /** Takes the fencing token and writes the holder record; returns the token and the data epoch. */
    private List<?> record(RedissonHolder holder) {
        Object result = await(scripts.evalAsync(keys.redissonRecords(), RScript.Mode.READ_WRITE,
                RedissonScripts.RECORD.source(), RScript.ReturnType.MULTI,
                List.of(keys.redissonFence(), keys.redissonRecords(), keys.redissonEpoch()), holder.recordField(),
                settings.lease().owner() + "#" + holder.leaseNumber()), "recording the holder of", holder.key());
        return (List<?>) result;
    }

    /**
     * @param holder a holder
     * @return the milliseconds Redis keeps its lock, or a negative number when it is not its lock any more
     * @throws LockException when Redis cannot be asked
     */
    long check(RedissonHolder holder) {
        Object result = await(scripts.evalAsync(holder.key(), RScript.Mode.READ_WRITE, RedissonScripts.CHECK.source(),
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
            throw failures.failed(action, key, unwrap(e.getCause()));
        } catch (TimeoutException e) {
            completable.cancel(false);
            throw failures.failed(action, key, e);
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
                    throw failures.failed(action, key, unwrap(e.getCause()));
                } catch (TimeoutException e) {
                    throw failures.failed(action, key, e);
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
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
