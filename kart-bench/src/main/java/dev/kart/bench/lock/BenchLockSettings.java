package dev.kart.bench.lock;

import com.typesafe.config.ConfigFactory;
import dev.kart.core.internal.config.LeaseConfig;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockSettings;

/**
 * Lock settings for backends the benchmarks open themselves: kart's defaults from reference.conf,
 * with only what a scenario must say given here.
 */
public final class BenchLockSettings {
    private BenchLockSettings() {
    }

    /**
     * @param owner who holds the leases, as lock listings show it (e.g. a node's name)
     * @return the {@code kart.lock} defaults (prefix {@code kart}, TTL 180 s, renewal every 60 s)
     */
    public static LeaseSettings defaults(String owner) {
        return LeaseConfig.read(ConfigFactory.defaultReference(BenchLockSettings.class.getClassLoader()), owner);
    }

    /**
     * @param lease the lease settings
     * @param host the Redis host
     * @param port the Redis port
     * @param client the binding, {@code jedis} or {@code redisson} ({@code kart.lock.redis.client})
     * @return Redis settings with host, port and client set, the rest the defaults (those of reference.conf)
     */
    public static RedisLockSettings redis(LeaseSettings lease, String host, int port, String client) {
        return RedisLockSettings.builder(lease).host(host).port(port).client(RedisLockSettings.Client.named(client)).build();
    }
}
