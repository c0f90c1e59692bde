package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.AbandonedRequests;
import dev.kart.lock.redis.internal.DaemonThreads;
import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.HolderReply;
import dev.kart.lock.redis.internal.LeaseKeeper;
import dev.kart.lock.redis.internal.LeaseWindow;
import dev.kart.lock.redis.internal.LockClient;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockKind;
import dev.kart.lock.redis.internal.LockScripts;
import dev.kart.lock.redis.internal.MonotonicClock;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.ReleaseWatch;
import dev.kart.lock.redis.internal.ScriptLeaseHolder;
import dev.kart.lock.redis.internal.SentinelAnswers;
import dev.kart.lock.redis.internal.UnansweredTries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.redisson.api.RFuture;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

/**
 * The Redis backend's locks over Redisson. Run locks are Redisson's lock, renewed by its watchdog
 * with {@code lockWatchdogTimeout} = TTL; Redisson waits for them itself, woken by its unlock
 * notifications. Cache locks are kart's own lock protocol run through Redisson
 * ({@link RedissonCacheLocks}): Redisson's read-write lock keeps one expiry for all readers of a key,
 * set by whichever reader renewed last, so it cannot keep a live reader's key when a reader with a
 * shorter TTL dies; acquire.lua hands out their fencing tokens and reads the data epoch in the same step.
 * What Redisson's lock lacks for run locks, kart adds with two small scripts ({@link RedissonScripts}):
 * fencing tokens (one counter per prefix, bumped once a lock is granted, shared with the cache locks),
 * holder records for {@link #heldLocks()}, confirmations that keep {@link Lease#isHeld()} of run leases
 * local and truthful, and the data epoch that ends every lease at once when Redis lost its data.
 *
 * <p>Redisson's fenced lock is not used for run locks: its tokens count per key, in a key per lock
 * that never expires (one for every task ever run), and cannot be made to agree with the tokens of
 * the cache locks.
 *
 * <p>A lock request whose reply does not come in time is handed to {@link AbandonedRequests}, which
 * deletes its hold should Redis grant it late: a run lock request (cancelled, so that Redisson unlocks
 * a grant it still receives) by Redisson's unlock of its lease number, a cache lock request by
 * release.lua with its holder id. Thread-safe.
 */
final class RedissonLockClient implements LockClient {
    /** Lease numbers play Redisson's "thread id"; far above real thread ids, unique per lease. */
    private static final AtomicLong LEASE_NUMBERS = new AtomicLong(1L << 48);

    private final RedisLockSettings settings;
    private final LockKeys keys;
    private final RedissonClient redisson;
    private final boolean ownClient;
    private final RedisFailures failures;
    private final RedissonCalls calls;
    private final LeaseKeeper leases;
    private final RedissonCacheLocks cacheLocks;
    private final ScheduledExecutorService freeChecks;
    private final ReleaseWatch watch;
    private final AbandonedRequests abandoned;

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
        this.calls = new RedissonCalls(redisson, keys, settings, failures);
        // confirms run leases and renews cache leases, on threads of its own
        this.abandoned = AbandonedRequests.of(settings, "kart-redisson-cleanup");
        this.leases = new LeaseKeeper(settings.lease(), settings.safetyMargin(), MonotonicClock.SYSTEM, "kart-redisson-keepalive",
                abandoned::primary);
        this.cacheLocks = new RedissonCacheLocks(settings, keys, calls, leases, RedissonReleaseNotifications.ofKartLocks(redisson),
                abandoned);
        this.freeChecks = DaemonThreads.scheduler("kart-redisson-free-check", 1);
        this.watch = new ReleaseWatch(RedissonReleaseNotifications.ofRedissonLocks(redisson),
                key -> redisson.getLock(key).remainTimeToLiveAsync(), freeChecks, ForkJoinPool.commonPool(), settings.fallbackPoll(),
                settings.lease().ttl(), MonotonicClock.SYSTEM);
    }

    /**
     * Checks that Redis answers, within the connect timeout plus one command timeout.
     *
     * @throws LockException when it does not
     * @param sentinels what the sentinels answer about the client library's error, for the message
     * @throws dev.kart.config.KartConfigException when the sentinels no longer monitor a primary of the master name
     */
    void checkReachable(Function<Throwable, SentinelAnswers> sentinels) {
        try {
            calls.await(redisson.getBucket(keys.idleChannel(), StringCodec.INSTANCE).isExistsAsync(),
                    settings.connectTimeout().plus(settings.commandTimeout()), "connecting, reading", keys.idleChannel());
        } catch (LockException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failures.cannotStart(cause, sentinels.apply(cause));
        }
    }

    @Override
    public Optional<Lease> tryAcquire(LockKind kind, String key, LockMode mode) {
        if (kind == LockKind.CACHE) {
            return cacheLocks.tryAcquire(key, mode);
        }
        try {
            return takeRun(key, Duration.ZERO, calls::await, false);
        } catch (InterruptedException e) {
            throw new IllegalStateException("a non-waiting try cannot be interrupted", e);
        }
    }

    @Override
    public Optional<Lease> acquire(LockKind kind, String key, LockMode mode, Duration timeout) throws InterruptedException {
        if (kind == LockKind.CACHE) {
            return cacheLocks.acquire(key, mode, timeout);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before acquiring " + key);
        }
        return takeRun(key, timeout, calls::awaitInterruptibly, true);
    }

    /**
     * Cache locks only, every call in flight at once (at most {@link LockClient#BATCH_LIMIT}, whose replies must all come
     * within two command timeouts): a run lock is one task's, taken alone.
     */
    @Override
    public List<Optional<Lease>> tryAcquireAll(LockKind kind, List<String> keys, LockMode mode) {
        if (kind != LockKind.CACHE) {
            return LockClient.super.tryAcquireAll(kind, keys, mode);
        }
        return cacheLocks.tryAcquireAll(keys, mode);
    }

    /** Every release.lua sent before any reply is awaited; a run lease is released on its own. */
    @Override
    public void releaseAll(List<? extends Lease> leases) {
        ScriptLeaseHolder.releaseAll(leases, cacheLocks::evalAll, abandoned);
    }

    @Override
    public CompletionStage<Void> whenFree(String key) {
        return watch.whenFree(key);
    }

    /**
     * Reads the key alone (holder.lua); a run key holding another application's value fails the look-up naming it
     * ({@link HolderReply#anotherApplicationsRunKeyValue()}). A run lock is Redisson's lock hash: its holder's record gives its
     * fencing token, acquisition time and name. A cache lock is kart's lock protocol, whose holder ids are
     * their records; an id granted without its token (by a kart that wrote the token into a record after
     * the grant) is looked up in the records; so is a run key that is a string, the run lock of a node on the Jedis
     * binding. A holder without a record is named by its field or id, as {@link #heldLocks()} names it.
     */
    @Override
    public List<HeldLock> holders(LockKind kind, String key) {
        HolderReply reply = HolderReply.parse(calls.eval("looking up the holders of", LockScripts.HOLDER,
                RScript.ReturnType.MULTI, List.of(key)));
        if (kind == LockKind.RUN) {
            // not free: its acquire is refused; nor held by a node
            reply.anotherApplicationsRunKeyValue().ifPresent(what -> {
                throw failures.keyOccupied("looking up the holder of", key, what);
            });
        }
        if (reply.isRedissonLock(kind)) {
            if (reply.ttlMillis() < 0) {
                return List.of();
            }
            String field = reply.fields().keySet().iterator().next();
            return List.of(recorded(key, field, Optional.empty(), LockMode.EXCLUSIVE, reply.nowMillis(), reply.ttlMillis()));
        }
        List<HeldLock> held = new ArrayList<>();
        for (HolderReply.Holding holding : reply.kartHoldings()) {
            Optional<HolderRecord> fenced = HolderRecord.parseFenced(holding.id());
            held.add(recorded(key, holding.id(), fenced, holding.mode(), reply.nowMillis(), holding.ttlLeftMillis()));
        }
        held.sort(HolderRecord.ORDER);
        return held;
    }

    /**
     * @param holder the holder's field in Redisson's lock, or its id in kart's lock protocol
     * @param fenced its record when the id is one, with its token; else it is read from the records
     */
    private HeldLock recorded(String key, String holder, Optional<HolderRecord> fenced, LockMode mode, long nowMillis,
            long ttlLeftMillis) {
        Optional<HolderRecord> record = fenced.isPresent() ? fenced : HolderRecord.parse(calls.await(redisson
                .<String, String>getMap(keys.redissonRecords(key), StringCodec.INSTANCE).getAsync(key + " " + holder),
                "looking up the holder record of", key));
        return HolderRecord.listed(key, mode, holder, record, nowMillis, ttlLeftMillis);
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
     * Stops renewals and confirmations and, when kart made the client, shuts Redisson down (its
     * watchdog with it); leases still held expire after their TTL.
     */
    @Override
    public void close() {
        leases.close();
        freeChecks.shutdownNow();
        watch.close();
        notePrimaryBeforeClosing();
        abandoned.close();
        if (ownClient) {
            redisson.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public List<String> unconfirmedReleases() {
        return abandoned.unconfirmed();
    }

    /** Releases a primary confirmed before it failed over go to the new one before the process ends. */
    private void notePrimaryBeforeClosing() {
        try {
            calls.primary().ifPresent(abandoned::primary);
        } catch (RuntimeException e) {
            // no primary to be had now: what was not sent expires after its TTL
        }
    }

    // ----- run locks

    /** How one Redisson wait is awaited: interruptibly for waiting acquires, else not. */
    @FunctionalInterface
    private interface Waiting {
        <T> T await(RFuture<T> future, Duration budget, String action, String key) throws InterruptedException;
    }

    /**
     * Takes a run lock in rounds. A round Redis leaves unanswered is given up (its request cleaned up after) and, in a
     * waiting acquire, while {@code wait} and one lease TTL leave time ({@link UnansweredTries}), followed by another
     * with a new holder, so a waiting run lock outlasts a stall as the Jedis binding's does.
     *
     * @param bounded whether the call returns within {@code wait} plus one command timeout (a waiting
     *     acquire), or may take each round's full budget (a try)
     */
    private Optional<Lease> takeRun(String key, Duration wait, Waiting waiting, boolean bounded) throws InterruptedException {
        RedissonHolder holder = new RedissonHolder(key, LEASE_NUMBERS.incrementAndGet(), redisson.getId());
        // a TTL-long lease without the watchdog when renewal is off (renew-interval >= ttl)
        long leaseTime = settings.lease().renews() ? -1 : settings.lease().ttl().toMillis();
        MonotonicClock clock = leases.clock();
        long waitMillis = Math.max(0, wait.toMillis());
        long deadline = clock.nanos() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        UnansweredTries unanswered = new UnansweredTries(key, deadline, wait, "kart.lock.wait-timeout",
                settings.lease().ttl(), settings.fallbackPoll(), clock);
        RLock lock = redisson.getLock(key);
        RedissonCalls.Noted primary;
        long sentAt;
        // the first round does not wait: when it grants, the lease's window starts when it was sent
        boolean waited = false;
        // whether the key, refused, was found to be Redisson's lock, not another application's value
        boolean kindChecked = false;
        // holders of this wait's rounds Redis left unanswered, whose grant may come late: this process's own hold;
        // made at the first such round, not on every acquire
        List<RedissonHolder> givenUp = List.of();
        while (true) {
            // Redisson waits for its unlock message, else for the holder's whole TTL; rounds of at most
            // the fallback poll bound how late a missed message can make a waiter
            long round = !waited ? 0 : Math.min(TimeUnit.NANOSECONDS.toMillis(Math.max(0, deadline - clock.nanos())),
                    settings.fallbackPoll().toMillis());
            Duration budget = roundBudget(round, deadline - clock.nanos(), bounded);
            primary = calls.notePrimary(leases, key);
            sentAt = clock.nanos();
            Boolean granted;
            try {
                granted = waiting.await(lock.tryLockAsync(round, leaseTime, TimeUnit.MILLISECONDS, holder.leaseNumber()),
                        budget, "acquiring", key);
            } catch (LockException e) {
                if (subscribingOutlasted(e)) {
                    // the lock was held when the round began, and the round ran out while Redisson subscribed to its
                    // unlock channel: not taken in this round, as Redisson's own blocking tryLock answers (its
                    // asynchronous one may fail instead, when its subscription's timer fires before its wait's);
                    // nothing was granted, and the next round takes it if free
                    granted = false;
                } else {
                    if (RedisFailures.wrongKind(e)) {
                        throw refusedAsAnotherKind(key, e);
                    }
                    // Redis may still grant it (a frozen server runs what queued up in its sockets when it resumes)
                    if (AbandonedRequests.maybeCarriedOut(e)) {
                        abandon("acquiring", holder, lock, e);
                        if (givenUp.isEmpty()) {
                            givenUp = new ArrayList<>();
                        }
                        givenUp.add(holder);
                    }
                    if (!bounded) {
                        throw e;
                    }
                    unanswered.unanswered(sentAt, e);
                    // asked again as another holder: the cleanup of the round given up must not undo the next's grant
                    holder = new RedissonHolder(key, LEASE_NUMBERS.incrementAndGet(), redisson.getId());
                    waited = true;
                    pauseAfterUnanswered(deadline - clock.nanos());
                    continue;
                }
            } catch (InterruptedException e) {
                abandon("acquiring", holder, lock, e);
                throw e;
            }
            unanswered.answered();
            if (Boolean.TRUE.equals(granted)) {
                break;
            }
            if (!givenUp.isEmpty()) {
                unlockGivenUp(givenUp, lock);
            }
            // checked in the first round, as ever, and in later ones only while the wait has time left
            if (!kindChecked && (!waited || deadline - clock.nanos() > 0)) {
                long checkedAt = clock.nanos();
                try {
                    refuseUnlessRedissonLock(key);
                    kindChecked = true;
                } catch (LockException e) {
                    if (!bounded) {
                        throw e;
                    }
                    // the key's kind is asked again after the next round Redis refuses
                    unanswered.unanswered(checkedAt, e);
                }
            }
            if (deadline - clock.nanos() <= 0) {
                return Optional.empty();
            }
            waited = true;
        }
        RedissonCalls.Recorded recorded;
        LeaseWindow window;
        try {
            recorded = calls.record(key, holder.recordField(), kartHolder(holder));
            calls.requireTrustedGrant(primary, leases, key, recorded.fencingToken());
            leases.observed(recorded.epochKey(), recorded.epoch());
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
        return Optional.of(leases.keep(key, LockMode.EXCLUSIVE, recorded.fencingToken(), recorded.epochKey(), recorded.epoch(),
                window,
                new RedissonRunLeaseHolder(this, holder, lock), settings.lease().renewInterval().dividedBy(2)));
    }

    /**
     * @param failure a waiting round's error
     * @return whether Redisson gave up subscribing to the lock's unlock channel within the round's wait (its
     *     {@code RedisTimeoutException} "Unable to acquire subscription lock after N ms"), which it raises only after
     *     the lock script found the lock held
     */
    private static boolean subscribingOutlasted(LockException failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisTimeoutException timeout && timeout.getMessage() != null
                    && timeout.getMessage().startsWith("Unable to acquire subscription lock after")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits one fallback poll (less when the wait has less left) before the round after one Redis left unanswered, as
     * the waiting acquires of kart's lock protocol do: a freeze is not waited out any quicker by asking sooner, and each
     * round left unanswered is one more request to clean up after.
     */
    private void pauseAfterUnanswered(long leftNanos) throws InterruptedException {
        long pause = Math.min(settings.fallbackPoll().toNanos(), Math.max(0, leftNanos));
        TimeUnit.NANOSECONDS.sleep(pause);
    }

    /**
     * Unlocks, once Redis answers again, the holds Redis may have granted late to this wait's rounds given up: the wait
     * would otherwise be refused by its own process's hold until the cleanup after abandoned requests comes round.
     */
    private void unlockGivenUp(List<RedissonHolder> givenUp, RLock lock) {
        for (Iterator<RedissonHolder> each = givenUp.iterator(); each.hasNext();) {
            try {
                unlockIfHeld(each.next(), lock);
                each.remove();
            } catch (LockException e) {
                // still not answered: the cleanup after abandoned requests goes on trying, and so does the next round
                return;
            }
        }
    }

    /**
     * Reads a run key Redisson refused to lock, once per acquire: Redisson's lock script takes any hash for a lock held
     * by another node, and a hash of another application's would be waited for until it expires, for ever when it never
     * does. A string or any other kind Redisson refuses itself ({@code WRONGTYPE}); a key released meanwhile is left to
     * the next round.
     *
     * @throws LockException naming the key when it holds another application's value
     *     ({@link HolderReply#anotherApplicationsRunKeyValue()}: a hash of another shape than Redisson's lock, or one
     *     without expiry, which a Redisson lock always has), or when Redis cannot be asked
     */
    private void refuseUnlessRedissonLock(String key) {
        read(key).anotherApplicationsRunKeyValue().ifPresent(what -> {
            throw failures.keyOccupied("acquiring", key, what);
        });
    }

    /**
     * A run key Redisson's lock script refused as no hash ({@code WRONGTYPE}), told apart: a string that expires may
     * be the run lock of a node on the Jedis binding, which {@code RedisLockBackend} names from its record; a string
     * that never expires, a list, a set... is another application's value, refused in acquire.lua's words.
     *
     * @param refusal Redis's refusal
     * @return the error to throw: the refusal itself, with what a failed read of the key said suppressed in it, or
     *     one naming another application's value
     */
    private LockException refusedAsAnotherKind(String key, LockException refusal) {
        try {
            // missing by now (its holder let go since), or a lock by now: the refusal, whose holder the backend names
            return read(key).anotherApplicationsRunKeyValue().<LockException>map(what -> failures.keyOccupied("acquiring", key, what))
                    .orElse(refusal);
        } catch (LockException unread) {
            refusal.addSuppressed(unread);
            return refusal;
        }
    }

    private HolderReply read(String key) {
        return HolderReply.parse(calls.eval("acquiring", LockScripts.HOLDER, RScript.ReturnType.MULTI, List.of(key)));
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

    /**
     * @param holder a holder
     * @return the milliseconds Redis keeps its lock, or a negative number when it is not its lock any more
     * @throws LockException when Redis cannot be asked
     */
    long check(RedissonHolder holder) {
        Object result = calls.eval("confirming", RedissonScripts.CHECK, RScript.ReturnType.INTEGER, List.of(holder.key()),
                holder.field());
        return ((Number) result).longValue();
    }

    /**
     * Unlocks through Redisson (waiting a bounded time) and forgets the holder record; never throws.
     * While under way it counts as not confirmed ({@link AbandonedRequests#releasing}); an unlock
     * without a reply is handed to {@link AbandonedRequests}.
     */
    void release(RedissonHolder holder, RLock lock) {
        AbandonedRequests.Releasing underWay = abandoned.releasing(holder.key(), kartHolder(holder));
        try {
            if (unlockIfHeld(holder, lock)) {
                abandoned.released(holder.key(), kartHolder(holder), () -> unlockIfHeld(holder, lock));
            }
        } catch (LockException e) {
            if (AbandonedRequests.refusedByRedis(e)) {
                // answered, and refused whole: no hold to delete, and sending it again changes nothing
                return;
            }
            if (AbandonedRequests.maybeCarriedOut(e)) {
                abandon("releasing", holder, lock, e);
            } else {
                abandoned.resend("releasing", holder.key(), kartHolder(holder), () -> unlockIfHeld(holder, lock));
            }
        } finally {
            // after a release without an answer was handed on, so that its key is counted unconfirmed throughout
            underWay.ended();
        }
    }

    /**
     * Unlocks the holder's hold if Redis has it (Redisson compares its field, so any other hold is
     * left alone) and forgets its holder record once Redis answered that the hold is gone: unlocked, not
     * this holder's, or the key no Redisson lock (WRONGTYPE). Any other failure (no answer, NOPERM,
     * READONLY...) keeps the record, as the hold may still be there: {@code kart locks} names its holder
     * until the release sent again or the TTL ends it.
     *
     * @return true when it was unlocked, false when the lock is not this holder's (it expired, and
     *     maybe passed to another holder, or was never granted)
     * @throws LockException when Redis fails, times out or cannot be reached
     */
    private boolean unlockIfHeld(RedissonHolder holder, RLock lock) {
        boolean unlocked;
        try {
            calls.await(lock.unlockAsync(holder.leaseNumber()), "releasing", holder.key());
            unlocked = true;
        } catch (LockException e) {
            if (!(e.getCause() instanceof IllegalMonitorStateException)) {
                if (RedisFailures.wrongKind(e)) {
                    calls.forget(holder.key(), holder.recordField());
                }
                throw e;
            }
            unlocked = false;
        }
        calls.forget(holder.key(), holder.recordField());
        return unlocked;
    }

    private void abandon(String action, RedissonHolder holder, RLock lock, Throwable failure) {
        // named as kart locks names it, not by Redisson's client id
        abandoned.abandon(action, holder.key(), kartHolder(holder), failure, () -> unlockIfHeld(holder, lock));
    }

    /** @return the holder as kart's holder records and {@code kart locks} name it: {@code host:pid#lease} */
    private String kartHolder(RedissonHolder holder) {
        return settings.lease().owner() + "#" + holder.leaseNumber();
    }
}
