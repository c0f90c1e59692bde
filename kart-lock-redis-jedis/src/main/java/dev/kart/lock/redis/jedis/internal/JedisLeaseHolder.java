package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.internal.LeaseHolder;
import dev.kart.lock.redis.internal.LockScripts;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jedis binding's side of one lease. Its id ({@code token acquired-ms holder}, written by
 * acquire.lua) is the value it compares in Redis before renewing or releasing, so it never touches a
 * lease that passed to another holder. Immutable.
 */
final class JedisLeaseHolder implements LeaseHolder {
    private static final Logger LOG = LoggerFactory.getLogger(JedisLeaseHolder.class);
    private static final Long DONE = 1L;

    private final JedisConnections connections;
    private final String key;
    private final LockMode mode;
    private final String id;
    private final long ttlMillis;

    JedisLeaseHolder(JedisConnections connections, String key, LockMode mode, String id, long ttlMillis) {
        this.connections = connections;
        this.key = key;
        this.mode = mode;
        this.id = id;
        this.ttlMillis = ttlMillis;
    }

    /** Renews it to a full TTL (compare-and-pexpire). */
    @Override
    public long keepAlive() {
        Object extended = connections.eval(LockScripts.RENEW, "renewing", List.of(key),
                List.of(LockScripts.modeArgument(mode), id, Long.toString(ttlMillis)));
        return DONE.equals(extended) ? ttlMillis : -1;
    }

    /** Releases it (compare-and-delete, then a release notification); never throws. */
    @Override
    public void release() {
        try {
            connections.eval(LockScripts.RELEASE, "releasing", List.of(key), List.of(LockScripts.modeArgument(mode), id));
        } catch (LockException | IllegalStateException e) {
            LOG.warn("could not release {} ({}); it expires after its TTL: {}", key, id, e.getMessage());
        }
    }
}
