package dev.kart.lock.redis.redisson;

import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.ServerAddress;
import dev.kart.lock.redis.redisson.internal.RedissonBinding;
import org.redisson.api.RedissonClient;

/**
 * Opens the {@code redis} lock backend over Redisson, for an application that opens its lock backend
 * itself and hands it to {@code Kart.builder().lockBackend(...)}: run locks are Redisson's lock,
 * renewed by its watchdog; cache locks are kart's own lock protocol (as in the Jedis binding) run
 * through Redisson's script service; single server, Sentinel, Cluster or replicated servers, as the
 * client's configuration says.
 *
 * <pre>{@code
 * Config config = Config.fromYAML(new File("redisson.yaml"))
 *         .setLockWatchdogTimeout(lease.ttl().toMillis());
 * RedissonClient redisson = Redisson.create(config);
 * try (LockBackend locks = RedissonLocks.open(redisson, RedisLockSettings.builder(lease).build());
 *         Kart kart = Kart.builder().lockBackend(locks).build()) {
 *     kart.build(task);
 * }
 * }</pre>
 *
 * A runtime configured by {@code kart.lock.redis.*} needs none of this: it finds the binding on the
 * class path. Thread-safe.
 */
public final class RedissonLocks {
    private RedissonLocks() {
    }

    /**
     * Opens the backend over a Redisson client of its own, built from the settings (the Redisson YAML
     * file, else host, port, credentials, TLS, timeouts and pool size), with the lock watchdog set to
     * the lease TTL, and checks that Redis answers within the connect timeout.
     *
     * @param settings the settings; they must say where Redis is
     * @return the open backend; closing it shuts its client down
     * @throws dev.kart.lock.LockException when Redis cannot be reached; the message names where,
     *     never the password
     * @throws dev.kart.config.KartConfigException when the settings say nowhere, or the YAML file is
     *     not a Redisson configuration
     */
    public static LockBackend open(RedisLockSettings settings) {
        ServerAddress.require(settings);
        return new RedissonBinding().open(settings);
    }

    /**
     * Opens the backend over the application's client, and checks that Redis answers through it.
     * The connection settings of {@code settings} are not used: the client's are. Unless leases are
     * never renewed, the client's configuration must have {@code lockWatchdogTimeout} equal to the
     * lease TTL: its watchdog renews kart's run locks.
     *
     * @param client the application's client; the backend never shuts it down
     * @param settings lease settings, {@code command-timeout}, {@code connect-timeout} (bounds of each
     *     wait for Redisson), {@code fallback-poll} and {@code safety-margin}
     * @return the open backend; closing it stops confirmations and leaves the client running
     * @throws dev.kart.config.KartConfigException when the client's watchdog settings do not fit;
     *     the message names the setting
     * @throws dev.kart.lock.LockException when Redis does not answer through the client
     */
    public static LockBackend open(RedissonClient client, RedisLockSettings settings) {
        return RedissonBinding.open(client, settings);
    }
}
