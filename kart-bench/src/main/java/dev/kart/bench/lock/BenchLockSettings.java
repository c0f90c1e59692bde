package dev.kart.bench.lock;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.core.config.ConfigLockSettings;
import dev.kart.lock.LockSettings;
import java.util.Map;

/**
 * Lock settings for backends the benchmarks open themselves: kart's defaults from reference.conf
 * (kart-core's and, for Redis, kart-lock-redis's), with only what a scenario must say given here.
 */
public final class BenchLockSettings {
    private BenchLockSettings() {
    }

    /**
     * @param owner who holds the leases, as lock listings show it (e.g. a node's name)
     * @return the {@code kart.lock} defaults (prefix {@code kart}, TTL 180 s, renewal every 60 s)
     */
    public static LockSettings defaults(String owner) {
        return new ConfigLockSettings(reference(), owner);
    }

    /**
     * @param owner who holds the leases
     * @param host the Redis host
     * @param port the Redis port
     * @param client the binding, {@code jedis} or {@code redisson} ({@code kart.lock.redis.client})
     * @return the {@code kart.lock} defaults with {@code kart.lock.redis.host}, {@code port} and
     *     {@code client} set, for {@code new RedisLockBackendProvider().open(...)}
     */
    public static LockSettings redis(String owner, String host, int port, String client) {
        Config given = ConfigFactory.parseMap(Map.of("kart.lock.redis.host", host, "kart.lock.redis.port", port,
                "kart.lock.redis.client", client), "set by the benchmark");
        return new ConfigLockSettings(given.withFallback(reference()).resolve(), owner);
    }

    private static Config reference() {
        return ConfigFactory.defaultReference(BenchLockSettings.class.getClassLoader());
    }
}
