package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.LeaseKeeper;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LockScripts;
import dev.kart.lock.redis.internal.LuaScript;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.ScriptLeaseHolder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;

/**
 * How the Redisson binding talks to Redis: its scripts (run with Redisson's script cache, EVALSHA),
 * the fencing token and holder record every granted lease gets, and bounded waits for Redisson's
 * futures, whose failures leave as {@link LockException}s naming the key. Thread-safe.
 */
final class RedissonCalls {
    private final RedissonClient redisson;
    private final RScript scripts;
    private final LockKeys keys;
    private final RedisFailures failures;
    /**
     * Two command timeouts, the bound of each call's wait, made once: {@link Duration#multipliedBy} goes
     * through {@code BigDecimal}, about 2% of a calling thread's CPU when it ran for every lock call.
     */
    private final Duration callBudget;


    /** The fencing token of a granted lease, and the data epoch it was granted in, read from that epoch key. */
    record Recorded(long fencingToken, String epochKey, String epoch) {
    }

    /**
     * @param redisson the client
     * @param keys the key layout
     * @param settings the backend's settings (timeouts, owner)
     * @param failures the backend's failure messages
     */
    RedissonCalls(RedissonClient redisson, LockKeys keys, RedisLockSettings settings, RedisFailures failures) {
        this.redisson = redisson;
        this.scripts = redisson.getScript(ScriptArgumentCodec.INSTANCE);
        this.keys = keys;
        this.failures = failures;
        this.callBudget = settings.commandTimeout().multipliedBy(2);
    }

    /**
     * Runs a script whose keys all share the first key's Redis Cluster slot, and waits for its reply.
     *
     * @param action what it does, for messages ({@code acquiring}, {@code renewing}...)
     * @param script the script
     * @param type how its reply is read
     * @param scriptKeys its keys, the first routing it
     * @param args its arguments
     * @return its reply: Long, String or List of them
     * @throws LockException when Redis fails or does not answer within two command timeouts
     */
    <T> T eval(String action, LuaScript script, RScript.ReturnType type, List<Object> scriptKeys, Object... args) {
        return eval(action, (String) scriptKeys.get(0), script, type, scriptKeys, args);
    }

    /** {@link #eval(String, LuaScript, RScript.ReturnType, List, Object...)}, naming {@code key} in its messages; routed by the first script key. */
    private <T> T eval(String action, String key, LuaScript script, RScript.ReturnType type, List<Object> scriptKeys,
            Object... args) {
        // EVALSHA through evalShaAsync, not evalAsync with the source: Redisson's script cache (evalAsync) copies
        // every argument's buffer, so that it can send EVAL should the server answer NOSCRIPT, builds the
        // script's first 200 characters into a name for each call, and chains a stage more; on this path it is
        // one command, its arguments encoded once
        String route = (String) scriptKeys.get(0);
        try {
            return await(scripts.evalShaAsync(route, RScript.Mode.READ_WRITE, script.sha1(), type, scriptKeys, args), action,
                    key);
        } catch (LockException e) {
            if (!(e.getCause() instanceof RedisNoScriptException)) {
                throw e;
            }
        }
        // the server does not know it (first use, a restart or SCRIPT FLUSH): nothing ran; sent with its source,
        // which loads it
        return await(scripts.evalAsync(route, RScript.Mode.READ_WRITE, script.source(), type, scriptKeys, args), action, key);
    }

    /**
     * Runs a script once per key list, every call sent before any reply is awaited (Redisson writes each on a
     * connection of its pool at once), and waits for them all within one bound of two command timeouts. Calls whose
     * script the server did not know are sent again with its source, together.
     *
     * @param action what it does, for messages
     * @param script the script
     * @param type how its replies are read
     * @param scriptKeys each call's keys, the first routing it (in a Redis Cluster, to its node)
     * @param args each call's arguments
     * @return each call's reply, in order; in place of the reply of a call that failed or got none in time, the
     *     {@link LockException} {@link #eval} would have thrown for it alone
     */
    List<Object> evalAll(String action, LuaScript script, RScript.ReturnType type, List<List<String>> scriptKeys,
            List<List<String>> args) {
        long deadline = System.nanoTime() + callBudget.toNanos();
        List<Object> sent = new ArrayList<>(scriptKeys.size());
        for (int i = 0; i < scriptKeys.size(); i++) {
            List<String> keys = scriptKeys.get(i);
            Object[] values = args.get(i).toArray();
            sent.add(send(action, keys, () -> scripts.evalShaAsync(keys.get(0), RScript.Mode.READ_WRITE, script.sha1(),
                    type, List.<Object>copyOf(keys), values)));
        }
        List<Object> replies = awaitAll(sent, deadline, action, scriptKeys);
        if (replies.stream().anyMatch(reply -> reply instanceof LockException e && RedisFailures.withoutAnswer(e))) {
            // Redis is not answering: sending the unknown scripts' source would only wait as long again
            return replies;
        }
        List<Object> again = new ArrayList<>(scriptKeys.size());
        boolean unknown = false;
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof LockException e && e.getCause() instanceof RedisNoScriptException) {
                // nothing ran for those: sent with the source, which loads the script
                List<String> keys = scriptKeys.get(i);
                Object[] values = args.get(i).toArray();
                again.add(send(action, keys, () -> scripts.evalAsync(keys.get(0), RScript.Mode.READ_WRITE,
                        script.source(), type, List.<Object>copyOf(keys), values)));
                unknown = true;
            } else {
                again.add(null);
            }
        }
        if (unknown) {
            List<Object> resent = awaitAll(again, System.nanoTime() + callBudget.toNanos(), action, scriptKeys);
            for (int i = 0; i < replies.size(); i++) {
                if (again.get(i) != null) {
                    replies.set(i, resent.get(i));
                }
            }
        }
        return replies;
    }

    /** One call sent: its future, or the {@link LockException} of a call Redisson refused to send. */
    private Object send(String action, List<String> scriptKeys, Supplier<RFuture<Object>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return failures.failed(action, scriptKeys.get(0), e);
        }
    }

    /** Each future's result, or its failure as a {@link LockException}; null for null, a failure as it is. By {@code deadline}. */
    @SuppressWarnings("unchecked")
    private List<Object> awaitAll(List<Object> futures, long deadline, String action, List<List<String>> scriptKeys) {
        List<Object> replies = new ArrayList<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            if (!(futures.get(i) instanceof RFuture<?> future)) {
                replies.add(futures.get(i));
                continue;
            }
            try {
                replies.add(await((RFuture<Object>) future, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())),
                        action, scriptKeys.get(i).get(0)));
            } catch (LockException e) {
                replies.add(e);
            }
        }
        return replies;
    }

    /**
     * {@link #eval} of a script whose reply is an integer, in the shape of {@link ScriptLeaseHolder.Eval}.
     *
     * @param script the script
     * @param action what it does, for messages
     * @param scriptKeys its keys, the first routing it
     * @param args its arguments
     * @return its reply, a Long
     * @throws LockException when Redis fails or does not answer within two command timeouts
     */
    Object evalInteger(LuaScript script, String action, List<String> scriptKeys, List<String> args) {
        return eval(action, script, RScript.ReturnType.INTEGER, List.copyOf(scriptKeys), args.toArray());
    }

    /**
     * Takes a granted lease's fencing token and writes its holder record (redisson-record.lua).
     *
     * @param lockKey the lock key, for messages
     * @param recordField the record's field: the lock key, a space, the holder's name in the lock
     * @param holder who holds it, for listings
     * @return the token and the data epoch
     * @throws LockException when Redis fails
     */
    Recorded record(String lockKey, String recordField, String holder) {
        String records = keys.redissonRecords(lockKey);
        // routed by the counter, in the records' slot: the three keys carry one hash tag
        List<?> recorded = eval("recording the holder of", lockKey, RedissonScripts.RECORD, RScript.ReturnType.MULTI,
                List.of(keys.redissonFence(lockKey), records, keys.redissonEpoch(lockKey)), recordField, holder);
        return new Recorded(((Number) recorded.get(0)).longValue(), keys.redissonEpoch(lockKey), String.valueOf(recorded.get(1)));
    }

    /**
     * @return the address of the primary Redisson sends commands to now, when it follows sentinels
     *     (kart's {@code sentinel} keys, or a YAML file's {@code sentinelServersConfig}); empty otherwise
     */
    Optional<String> primary() {
        if (!redisson.getConfig().isSentinelConfig()) {
            return Optional.empty();
        }
        java.net.InetSocketAddress address = redisson.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster().getAddr();
        // host:port, as the Jedis binding and the sentinels name it (InetSocketAddress prints host/ip:port)
        return Optional.of(address.getHostString() + ":" + address.getPort());
    }

    /**
     * Raises the fencing counter of {@code lockKey}'s tokens on the primary to the server's clock
     * (fence-floor.lua), so that a failover never hands out a token twice, nor a switch from the Jedis binding's
     * counter to this one's on one server. With sentinels that is the prefix's one counter; a Redis Cluster has no
     * sentinels and its groups' counters are the bindings' both, so this never runs on a group's counter.
     *
     * @param lockKey the lock key being acquired
     * @return the counter's value after it
     * @throws LockException when Redis fails
     */
    long raiseFence(String lockKey) {
        // named by the lock key: what the caller was doing, and what a message about the acquire names
        return ((Number) eval("raising the fencing counter to the clock before acquiring", lockKey, LockScripts.FENCE_FLOOR,
                RScript.ReturnType.INTEGER, List.of(keys.redissonFence(lockKey)))).longValue();
    }

    /**
     * The primary a grant goes to, when Redisson follows sentinels, and what the counter its token comes from was
     * raised to ({@link LeaseKeeper#beforeGrant}).
     */
    record Noted(Optional<String> primary, long raisedTo) {
    }

    /**
     * Notes the primary the next grant goes to, and raises the counter where it must be, as
     * {@link LeaseKeeper#beforeGrant} does.
     *
     * @param leases the backend's leases
     * @param lockKey the lock key about to be acquired, whose fencing counter is raised on a new primary, and on
     *     one server before this client's first grant
     * @return the primary, when Redisson follows sentinels, and the counter's last raise
     * @throws LockException when raising the fencing counter fails; it is raised again at the next acquire
     */
    Noted notePrimary(LeaseKeeper leases, String lockKey) {
        Optional<String> primary = primary();
        return new Noted(primary, leases.beforeGrant(primary, keys.clustered(), () -> raiseFence(lockKey)));
    }

    /**
     * Checks, after a grant and its record, that the primary did not change since {@code before}, and that the grant's
     * token came from the counter raised then ({@link LeaseKeeper#grantedFromUnraisedCounter}).
     *
     * @param before what {@link #notePrimary} said before the grant
     * @param leases the backend's leases, told about the new primary
     * @param key the lock key, for the message
     * @param token the grant's fencing token
     * @throws LockException when it changed, or the token is not above the raise: the grant may come from a primary
     *     whose counter was not raised and whose leases were not checked yet; the caller releases it, and the task is
     *     retried
     */
    void requireTrustedGrant(Noted before, LeaseKeeper leases, String key, long token) {
        if (leases.grantedFromUnraisedCounter(token, before.raisedTo())) {
            throw failures.grantUndone(key, RedisFailures.tokenNotAboveRaise(token, before.raisedTo(),
                    keys.redissonFence(key)));
        }
        Optional<String> after = notePrimary(leases, key).primary();
        if (!after.equals(before.primary())) {
            throw failures.grantUndone(key, RedisFailures.primaryChanged(before.primary(), after));
        }
    }

    /**
     * Deletes a holder record, without waiting: a record left behind is ignored by listings and deleted
     * by the next one.
     *
     * @param lockKey the lock key
     * @param recordField the record's field
     */
    void forget(String lockKey, String recordField) {
        redisson.getMap(keys.redissonRecords(lockKey), StringCodec.INSTANCE).fastRemoveAsync(recordField);
    }

    /**
     * Waits for a Redisson future, bounded and not interruptibly: the interrupt flag is kept for the
     * caller, and a call that took a lock is never abandoned half-way. A future without a result in
     * time is cancelled, so that a lock Redisson still grants after it is unlocked by Redisson itself.
     *
     * @param future the call
     * @param budget the longest wait
     * @param action what it does, for messages
     * @param key the key, for messages
     * @return its result
     * @throws LockException when it failed or did not complete in time
     */
    <T> T await(RFuture<T> future, Duration budget, String action, String key) {
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
                    completable.cancel(false);
                    throw failures.failed(action, key, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #await(RFuture, Duration, String, String)} within two command timeouts. */
    <T> T await(RFuture<T> future, String action, String key) {
        return await(future, callBudget, action, key);
    }

    /**
     * Waits for a Redisson future, bounded; cancels it when interrupted, so that a lock granted after
     * all is unlocked by Redisson itself.
     *
     * @throws InterruptedException when interrupted
     * @throws LockException when it failed or did not complete in time
     */
    <T> T awaitInterruptibly(RFuture<T> future, Duration budget, String action, String key) throws InterruptedException {
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

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
