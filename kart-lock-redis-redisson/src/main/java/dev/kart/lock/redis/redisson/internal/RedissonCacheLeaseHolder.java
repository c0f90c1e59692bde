package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.AbandonedRequests;
import dev.kart.lock.redis.internal.LeaseHolder;
import dev.kart.lock.redis.internal.LockScripts;
import java.util.List;
import org.redisson.api.RScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redisson binding's side of one cache lease held by kart's lock protocol, or of one acquire whose
 * reply never came. Its holder id (chosen by the client, unique per request, the last part of the
 * {@code 0 acquired-ms holder} that acquire.lua writes) is what release.lua and renew.lua compare
 * before touching the key, so it never touches a lease that passed to another holder, and can delete
 * the hold of a request whose reply was lost. Immutable.
 */
final class RedissonCacheLeaseHolder implements LeaseHolder {
    private static final Logger LOG = LoggerFactory.getLogger(RedissonCacheLeaseHolder.class);
    private static final Long DONE = 1L;

    private final RedissonCalls calls;
    private final String key;
    private final LockMode mode;
    private final String holder;
    private final String id;
    private final long ttlMillis;
    private final AbandonedRequests abandoned;

    /**
     * @param calls how the binding talks to Redis
     * @param key the lock key
     * @param mode shared or exclusive
     * @param holder the holder id sent with the acquire
     * @param id the id acquire.lua granted ({@code 0 acquired-ms holder}); empty for a request without a reply
     * @param ttlMillis the lease TTL
     * @param abandoned where a release whose reply never came is handed on
     */
    RedissonCacheLeaseHolder(RedissonCalls calls, String key, LockMode mode, String holder, String id, long ttlMillis,
            AbandonedRequests abandoned) {
        this.calls = calls;
        this.key = key;
        this.mode = mode;
        this.holder = holder;
        this.id = id;
        this.ttlMillis = ttlMillis;
        this.abandoned = abandoned;
    }

    /** @return the field of its holder record: the lock key, a space, its id */
    String recordField() {
        return key + " " + id;
    }

    /** Renews it to a full TTL (renew.lua: compare-and-pexpire, never shortening a shared key). */
    @Override
    public long keepAlive() {
        Object extended = calls.eval("renewing", LockScripts.RENEW, RScript.ReturnType.INTEGER, List.of(key),
                LockScripts.modeArgument(mode), holder, Long.toString(ttlMillis));
        return DONE.equals(extended) ? ttlMillis : -1;
    }

    /**
     * Releases it (release.lua: compare-and-delete, then the release notification) and forgets its
     * record; never throws. A release without a reply is handed to the backend's {@link AbandonedRequests}.
     */
    @Override
    public void release() {
        try {
            deleteIfHeld();
        } catch (LockException | IllegalStateException e) {
            if (AbandonedRequests.maybeCarriedOut(e)) {
                abandoned.abandon("releasing", key, holder, this::deleteIfHeld);
            } else {
                LOG.warn("could not release {} ({}); it expires after its TTL: {}", key, holder, e.getMessage());
            }
        }
        calls.forget(recordField());
    }

    /**
     * The hold of this holder id, deleted if Redis has it; the key's waiters are notified.
     *
     * @return true when it was deleted, false when Redis has no hold of this holder id on the key
     * @throws LockException when Redis fails or does not answer
     */
    boolean deleteIfHeld() {
        Object released = calls.eval("releasing", LockScripts.RELEASE, RScript.ReturnType.INTEGER, List.of(key),
                LockScripts.modeArgument(mode), holder);
        return DONE.equals(released);
    }
}
