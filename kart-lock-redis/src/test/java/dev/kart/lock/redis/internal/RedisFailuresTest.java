package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lock errors name the binding, where Redis is and the key, say what happens next, and never show the password. */
class RedisFailuresTest {
    private static final RedisLockSettings SETTINGS = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
            .host("redis.internal").port(6380).password("s3cret-pw").connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aFailedCallNamesBindingAddressKeyAndTheRetry() {
        LockException error = RedisFailures.ownClient("jedis", SETTINGS).failed("acquiring", "p:run:ab",
                new IllegalStateException("outer", new IOException("Connection refused")));
        assertThat(error).hasMessage("Redis lock backend (jedis): acquiring p:run:ab failed, Redis at redis.internal:6380:"
                + " IllegalStateException: outer <- IOException: Connection refused. Tasks needing the lock fail and are"
                + " retried per kart.retry.*");
        assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnreachableServerNamesTheTimeoutsAndTheKeysToCheck() {
        LockException error = RedisFailures.ownClient("redisson", SETTINGS)
                .unreachable(new IOException("no answer", new SocketTimeoutException("Connect timed out")));
        assertThat(error).hasMessageStartingWith("Redis lock backend (redisson): cannot connect to Redis at"
                        + " redis.internal:6380 within kart.lock.redis.connect-timeout (2000 ms)")
                .hasMessageContaining("kart.lock.redis.host and port");
        LockException given = RedisFailures.givenClient("jedis", "Redis of the application's JedisPooled", SETTINGS)
                .unreachable(new IOException("timed out"));
        assertThat(given).hasMessage("Redis lock backend (jedis): the application's Redis client cannot reach Redis of the"
                + " application's JedisPooled: IOException: timed out");
    }

    /** Jedis says "Failed to connect to host:port." and keeps the socket's error as a suppressed one. */
    @Test
    void aRefusedConnectionIsToldAsSuchWithoutTimeoutsAndWithoutDoubledFullStops() {
        IOException jedis = new IOException("Failed to connect to redis.internal:6380.");
        jedis.addSuppressed(new ConnectException("Connection refused"));

        LockException error = RedisFailures.ownClient("jedis", SETTINGS).unreachable(jedis);

        assertThat(error).hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380: the"
                + " connection was refused (IOException: Failed to connect to redis.internal:6380 <- ConnectException:"
                + " Connection refused). Check kart.lock.redis.host and port (or url), that redis-server runs and accepts"
                + " connections from this machine, and kart.lock.redis.username and password");
    }

    @Test
    void thePasswordIsRedactedFromWhatTheClientLibrarySays() {
        RedisFailures failures = RedisFailures.ownClient("jedis", SETTINGS);
        assertThat(failures.describe(new IOException("AUTH s3cret-pw failed\nsecond line")))
                .isEqualTo("IOException: AUTH *** failed");
        assertThat(failures.redact("nothing secret")).isEqualTo("nothing secret");
        assertThat(failures.describe(new IOException())).isEqualTo("IOException");
    }
}
