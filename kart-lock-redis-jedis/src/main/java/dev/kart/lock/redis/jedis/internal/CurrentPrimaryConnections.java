package dev.kart.lock.redis.jedis.internal;

import java.util.Map;
import java.util.function.Supplier;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * kart's own connections to a Sentinel deployment: each command borrows from the pool of the server the sentinels name
 * as the primary when it borrows, so that a command a thread sends after {@link JedisConnections#primary()} named a
 * server to it never goes to the one named before. Jedis's own {@code SentineledConnectionProvider} names the new
 * primary before it swaps its pool (7.4.1, {@code initMaster}): a fencing counter raised, and the leases held checked,
 * "on the new primary" went to the old one in that moment, and the grants after took tokens from the new primary's
 * counter that the old one had handed out already (a CI run of {@code JedisSentinelFailoverTest}). The sentinels are
 * still Jedis's to follow: it is asked for the primary, and its own pool is never borrowed from. A borrow that meets
 * the pool a failover just closed borrows again from the new one. Thread-safe.
 */
final class CurrentPrimaryConnections implements ConnectionProvider {
    /** Borrows from pools closed under them before the borrow fails: each is a failover of the moment. */
    private static final int BORROWS = 3;

    private final Supplier<HostAndPort> primary;
    private final AutoCloseable sentinels;
    private final JedisClientConfig clientConfig;
    private final ConnectionPoolConfig poolConfig;
    /** The pool of the primary named last, with that primary's address; replaced when another is named. */
    private volatile PrimaryPool current;
    /** Guarded by this object's monitor; no pool is made once closed. */
    private boolean closed;

    private record PrimaryPool(HostAndPort address, ConnectionPool pool) {
    }

    /**
     * @param primary the server the sentinels name as the primary now
     * @param sentinels what follows the sentinels, closed with these connections
     * @param clientConfig how to connect to a primary
     * @param poolConfig each primary's pool
     */
    CurrentPrimaryConnections(Supplier<HostAndPort> primary, AutoCloseable sentinels, JedisClientConfig clientConfig,
            ConnectionPoolConfig poolConfig) {
        this.primary = primary;
        this.sentinels = sentinels;
        this.clientConfig = clientConfig;
        this.poolConfig = poolConfig;
    }

    @Override
    public Connection getConnection() {
        for (int borrow = 1; ; borrow++) {
            ConnectionPool pool = poolNow().pool();
            try {
                return pool.getResource();
            } catch (JedisException e) {
                // closed by a failover between naming its primary and borrowing: the next pool is the new primary's
                if (!pool.isClosed() || borrow == BORROWS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return getConnection();
    }

    @Override
    public Map<HostAndPort, Pool<Connection>> getConnectionMap() {
        PrimaryPool now = poolNow();
        return Map.of(now.address(), now.pool());
    }

    @Override
    public Map<HostAndPort, Pool<Connection>> getPrimaryNodesConnectionMap() {
        return getConnectionMap();
    }

    /** @return the pool of the primary named now, made when it is named for the first time */
    private PrimaryPool poolNow() {
        HostAndPort address = primary.get();
        PrimaryPool known = current;
        if (known != null && known.address().equals(address)) {
            return known;
        }
        return replace();
    }

    /**
     * @return the pool of the primary named now, read again under the lock: a thread that read the name before a
     *     failover does not take the pools back
     */
    private synchronized PrimaryPool replace() {
        HostAndPort named = primary.get();
        if (closed) {
            throw new JedisConnectionException("the connections to the Redis primary " + named + " are closed");
        }
        PrimaryPool before = current;
        if (before != null && before.address().equals(named)) {
            return before;
        }
        PrimaryPool made = new PrimaryPool(named, new ConnectionPool(named, clientConfig, poolConfig));
        current = made;
        if (before != null) {
            // connections borrowed from it are destroyed as they come back; waiting borrowers borrow again
            before.pool().close();
        }
        return made;
    }

    /** Closes the pool and stops following the sentinels. */
    @Override
    public synchronized void close() throws Exception {
        closed = true;
        try {
            if (current != null) {
                current.pool().close();
            }
        } finally {
            sentinels.close();
        }
    }
}
