package dev.kart.lock.redis;

import dev.kart.lock.LockException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The Jedis connections of one backend: a {@link RedisClient} (Jedis 7's pooled client) whose pool
 * is sized by {@code kart.lock.redis.pool-size}, whose commands time out after {@code command-timeout}
 * and whose borrowers wait at most as long; and dedicated connections for the release subscriber.
 * Every client error leaves as a {@link LockException} naming the address and key. Thread-safe.
 */
final class JedisConnections implements AutoCloseable {
    private final RedisSettings settings;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final RedisClient client;

    private JedisConnections(RedisSettings settings) {
        this.settings = settings;
        this.address = new HostAndPort(settings.host(), settings.port());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(settings.commandTimeout()))
                .database(settings.database())
                .ssl(settings.ssl())
                // CLIENT SETINFO is not among the commands kart's ACL user needs
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        settings.username().ifPresent(config::user);
        settings.password().ifPresent(config::password);
        this.clientConfig = config.build();
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(settings.commandTimeout());
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setJmxEnabled(false);
        this.client = RedisClient.builder().hostAndPort(address).clientConfig(clientConfig).poolConfig(poolConfig).build();
    }

    /**
     * Creates the pool and checks that Redis answers PING.
     *
     * @param settings the backend's settings
     * @return the connections
     * @throws LockException when Redis cannot be reached or refuses the credentials
     */
    static JedisConnections open(RedisSettings settings) {
        JedisConnections connections = new JedisConnections(settings);
        try {
            connections.client.ping();
            return connections;
        } catch (JedisException e) {
            connections.close();
            throw RedisFailures.unreachable(settings, e);
        }
    }

    /**
     * Runs commands on the pooled client; each command borrows a connection for its round trip.
     *
     * @param action what is being done, for the error message
     * @param key the key concerned, for the error message
     * @param body the commands
     * @param <T> the result type
     * @return the body's result
     * @throws LockException when Redis fails, times out or cannot be reached
     */
    <T> T call(String action, String key, Function<RedisClient, T> body) {
        try {
            return body.apply(client);
        } catch (JedisConnectionException e) {
            // the server went away: its idle connections are dead too, and would fail the next calls
            // after it is back, so they are dropped now
            client.getPool().clear();
            throw RedisFailures.failed(settings, action, key, e);
        } catch (JedisException e) {
            throw RedisFailures.failed(settings, action, key, e);
        }
    }

    /**
     * Runs one of the lock scripts by its SHA-1, sending its source when the server does not know it
     * (first use, or after a restart emptied the script cache).
     *
     * @param script the script
     * @param action what is being done, for the error message
     * @param keys its keys
     * @param args its arguments
     * @return its reply: Longs, Strings and Lists of them
     */
    Object eval(LockScript script, String action, List<String> keys, List<String> args) {
        return call(action, keys.get(0), redis -> {
            try {
                return redis.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                return redis.eval(script.source(), keys, args);
            }
        });
    }

    /**
     * @return a new connection outside the pool, for a subscriber that keeps it for long
     * @throws JedisException when it cannot connect
     */
    Connection dedicated() {
        return new Connection(address, clientConfig);
    }

    RedisSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        client.close();
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
