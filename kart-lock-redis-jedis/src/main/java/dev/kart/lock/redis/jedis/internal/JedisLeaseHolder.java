package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.AbandonedRequests;
import dev.kart.lock.redis.internal.LeaseHolder;
import dev.kart.lock.redis.internal.LockScripts;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jedis binding's side of one lease, or of one acquire whose reply never came. Its holder id
 * ({@code owner#number.tag}, chosen by the client, unique per request) is what acquire.lua writes
 * after the token and the time, and what release.lua and renew.lua compare before touching the key,
 * so it never touches a lease that passed to another holder, and can delete the hold of a request
 * whose reply was lost. Immutable.
 */
final class JedisLeaseHolder implements LeaseHolder {
    private static final Logger LOG = LoggerFactory.getLogger(JedisLeaseHolder.class);
    private static final Long DONE = 1L;

    private final JedisConnections connections;
    private final String key;
    private final LockMode mode;
    private final String holder;
    private final long ttlMillis;
    private final AbandonedRequests abandoned;

    /**
     * @param connections the client
     * @param key the lock key
     * @param mode how it is (or was asked to be) held
     * @param holder the holder id sent with the acquire
     * @param ttlMillis the lease TTL
     * @param abandoned where a release whose reply never came is handed on
     */
    JedisLeaseHolder(JedisConnections connections, String key, LockMode mode, String holder, long ttlMillis,
            AbandonedRequests abandoned) {
        this.connections = connections;
        this.key = key;
        this.mode = mode;
        this.holder = holder;
        this.ttlMillis = ttlMillis;
        this.abandoned = abandoned;
    }

    /** Renews it to a full TTL (compare-and-pexpire). */
    @Override
    public long keepAlive() {
        Object extended = connections.eval(LockScripts.RENEW, "renewing", List.of(key),
                List.of(LockScripts.modeArgument(mode), holder, Long.toString(ttlMillis)));
        return DONE.equals(extended) ? ttlMillis : -1;
    }

    /**
     * Releases it (compare-and-delete, then a release notification); never throws. A release without
     * a reply is handed to the backend's {@link AbandonedRequests}.
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
    }

    /**
     * The hold of this holder id, deleted if Redis has it; the key's waiters are notified.
     *
     * @return true when it was deleted, false when Redis has no hold of this holder id on the key
     * @throws LockException when Redis fails, times out or cannot be reached
     */
    boolean deleteIfHeld() {
        return DONE.equals(connections.eval(LockScripts.RELEASE, "releasing", List.of(key),
                List.of(LockScripts.modeArgument(mode), holder)));
    }
}
