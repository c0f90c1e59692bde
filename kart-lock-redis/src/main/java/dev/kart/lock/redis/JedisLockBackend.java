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
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis backend over Jedis, with kart's lock protocol written out in three Lua scripts
 * (acquire.lua, release.lua, renew.lua beside this class):
 * <ul>
 *   <li>taking: {@code SET key id NX PX ttl} for exclusive holders, a hash field with its own expiry
 *       for each shared holder, and {@code INCR} on the prefix's fencing counter, all in one round trip;</li>
 *   <li>releasing: compare-and-delete, then {@code PUBLISH} on the key's channel;</li>
 *   <li>renewing: compare-and-pexpire every renew interval; a failed renewal loses the lease for good;</li>
 *   <li>waiting: woken by the release notification through one subscriber connection, and asking
 *       again at the latest when the holders' TTL runs out or after the fallback poll;</li>
 *   <li>Redis losing its data (a restart without persistence): every acquire reads the data epoch,
 *       and a new one ends the leases granted before it at once ({@link RedisEpoch}).</li>
 * </ul>
 * Thread-safe.
 */
final class JedisLockBackend implements LockBackend {
    private static final AtomicLong LEASE_NUMBERS = new AtomicLong();

    private final RedisSettings settings;
    private final LockKeys keys;
    private final JedisConnections connections;
    private final ReleaseSubscriber releases;
    private final ScheduledExecutorService renewals;
    private final ScheduledExecutorService freeChecks;
    private final CacheLock cacheLock = new JedisCacheLock();
    private final RunLock runLock = new JedisRunLock();
    private final HeldLocksScan scan;
    private final RedisEpoch epochs = new RedisEpoch();

    private JedisLockBackend(RedisSettings settings, JedisConnections connections) {
        this.settings = settings;
        this.keys = new LockKeys(settings.prefix());
        this.connections = connections;
        this.releases = new ReleaseSubscriber(connections, keys.idleChannel());
        // renewals and free checks on threads of their own, so a slow check never delays a renewal
        this.renewals = DaemonThreads.scheduler("kart-redis-renewal", 2);
        this.freeChecks = DaemonThreads.scheduler("kart-redis-free-check", 1);
        this.scan = new HeldLocksScan(connections, keys);
    }

    /**
     * @param settings the backend's settings
     * @return the open backend
     * @throws LockException when Redis cannot be reached within the connect timeout
     */
    static JedisLockBackend open(RedisSettings settings) {
        return new JedisLockBackend(settings, JedisConnections.open(settings));
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
        return scan.held();
    }

    /** Stops renewing and closes the connections; leases still held expire after their TTL. */
    @Override
    public void close() {
        renewals.shutdownNow();
        freeChecks.shutdownNow();
        releases.close();
        connections.close();
    }

    @Override
    public String toString() {
        return "redis lock backend (jedis) at " + settings.address() + ", prefix " + settings.prefix();
    }

    // ----- taking

    /** The outcome of one acquire.lua call. */
    private record Attempt(Optional<Lease> lease, Duration retryIn) {
    }

    private Attempt attempt(String key, LockMode mode) {
        String holder = settings.owner() + "#" + LEASE_NUMBERS.incrementAndGet();
        long sentAt = System.nanoTime();
        Object reply = connections.eval(LockScript.ACQUIRE, "acquiring", List.of(key, keys.fence(), keys.epoch()),
                List.of(JedisLease.modeArgument(mode), Long.toString(settings.ttl().toMillis()), holder));
        List<?> result = (List<?>) reply;
        String epoch = (String) result.get(result.size() - 1);
        epochs.observed(epoch);
        if (Long.valueOf(1).equals(result.get(0))) {
            JedisLease lease = new JedisLease(connections, key, mode, (Long) result.get(1), (String) result.get(2),
                    new LeaseWindow(sentAt, settings.ttl(), settings.safetyMargin()), epochs, epoch);
            epochs.join(lease);
            if (settings.renews() && !renewals.isShutdown()) {
                long period = settings.renewInterval().toNanos();
                lease.renewedBy(renewals.scheduleAtFixedRate(lease::renew, period, period, TimeUnit.NANOSECONDS));
            }
            return new Attempt(Optional.of(lease), Duration.ZERO);
        }
        long left = (Long) result.get(1);
        return new Attempt(Optional.empty(), Duration.ofMillis(left > 0 ? left : settings.fallbackPoll().toMillis()));
    }

    private Optional<Lease> take(String key, LockMode mode, Duration timeout) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring " + key);
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        Attempt attempt = attempt(key, mode);
        if (attempt.lease().isPresent() || timeout.isNegative() || timeout.isZero()) {
            return attempt.lease();
        }
        Wakeup wakeup = new Wakeup();
        CompletionStage<Void> subscribed = releases.listen(key, wakeup);
        try {
            awaitSubscription(subscribed);
            while (true) {
                // asked again after subscribing, so a release between the first try and now is not missed
                attempt = attempt(key, mode);
                if (attempt.lease().isPresent()) {
                    return attempt.lease();
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                long pause = Math.min(remaining, Math.min(attempt.retryIn().toNanos() + TimeUnit.MILLISECONDS.toNanos(1),
                        settings.fallbackPoll().toNanos()));
                wakeup.await(pause);
            }
        } finally {
            releases.unlisten(key, wakeup);
        }
    }

    private void awaitSubscription(CompletionStage<Void> subscribed) throws InterruptedException {
        try {
            subscribed.toCompletableFuture().get(settings.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // not subscribed in time: the fallback poll still bounds the wait
        }
    }

    /** Wakes one waiting acquire. */
    private static final class Wakeup implements ReleaseSubscriber.Listener {
        private final Semaphore signals = new Semaphore(0);

        @Override
        public void released() {
            signals.release();
        }

        void await(long nanos) throws InterruptedException {
            signals.tryAcquire(nanos, TimeUnit.NANOSECONDS);
            signals.drainPermits();
        }
    }

    // ----- whenFree

    private CompletionStage<Void> whenFree(String key) {
        FreeWatch watch = new FreeWatch(key);
        releases.listen(key, watch);
        watch.check();
        return watch.free;
    }

    /**
     * Completes when a key looks free: on its release notification, or when a check finds it gone.
     * Checks run when the holder's TTL would run out and at least every fallback poll, on a shared
     * scheduler, so a parked task holds no thread.
     */
    private final class FreeWatch implements ReleaseSubscriber.Listener {
        private final String key;
        private final CompletableFuture<Void> free = new CompletableFuture<>();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> next;

        FreeWatch(String key) {
            this.key = key;
        }

        @Override
        public void released() {
            ForkJoinPool.commonPool().execute(this::finish);
        }

        void check() {
            if (done.get()) {
                return;
            }
            long left;
            try {
                left = connections.call("checking", key, redis -> redis.pttl(key));
            } catch (LockException e) {
                // the caller's next try meets the error and fails the task with it
                finish();
                return;
            }
            if (left == -2) {
                finish();
                return;
            }
            long poll = settings.fallbackPoll().toMillis();
            long delay = left > 0 ? Math.min(left + 1, poll) : poll;
            try {
                next = freeChecks.schedule(this::check, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish();
            }
        }

        private void finish() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            releases.unlisten(key, this);
            free.complete(null);
        }
    }

    // ----- the two locks

    private final class JedisCacheLock implements CacheLock {
        @Override
        public Optional<Lease> tryAcquire(String target, LockMode mode) {
            return attempt(keys.cache(target), mode).lease();
        }

        @Override
        public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
            return take(keys.cache(target), mode, timeout);
        }
    }

    private final class JedisRunLock implements RunLock {
        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            return attempt(keys.run(uniqueId), LockMode.EXCLUSIVE).lease();
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
            return take(keys.run(uniqueId), LockMode.EXCLUSIVE, timeout);
        }

        @Override
        public CompletionStage<Void> whenFree(String uniqueId) {
            return JedisLockBackend.this.whenFree(keys.run(uniqueId));
        }
    }
}
