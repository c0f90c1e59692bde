package dev.kart.lock.redis;

import dev.kart.config.ConfigSection;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.redis.internal.ClientBindings;
import dev.kart.lock.redis.internal.RedisClientBinding;
import dev.kart.lock.redis.internal.ServerAddress;
import java.util.function.Supplier;

/**
 * Provides the {@code redis} lock backend, over the client binding {@code kart.lock.redis.client}
 * names: {@code jedis} (artifact {@code dev.kart:kart-lock-redis-jedis}), {@code redisson}
 * ({@code dev.kart:kart-lock-redis-redisson}), or {@code auto}, the default: the binding on the class
 * path, Jedis when both are. Chosen by {@code kart.lock.backend = redis}, or by {@code auto} when
 * {@code kart.lock.redis.host} (or {@code url}) is given. Found with {@link java.util.ServiceLoader};
 * this module alone holds no client library, so an application adds one binding module.
 *
 * <p>Also the way to open a backend in code without naming a binding:
 * {@code new RedisLockBackendProvider().open(RedisLockSettings.builder(lease).host("redis").build())}.
 * To hand kart a client the application already has, use the binding module's entry point
 * ({@code JedisLocks}, {@code RedissonLocks}). Thread-safe.
 */
public final class RedisLockBackendProvider implements LockBackendProvider {
    /** The backend's name in {@code kart.lock.backend}, and its section, {@code kart.lock.redis}. */
    public static final String NAME = "redis";

    /** For {@link java.util.ServiceLoader}, and for opening the backend in code. */
    public RedisLockBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return whether the section names a Redis server: {@code host} or {@code url} is set */
    @Override
    public boolean requestedBy(ConfigSection section) {
        return RedisLockSettings.namesServer(section);
    }

    /**
     * Reads the section into {@link RedisLockSettings} and opens the backend.
     *
     * @param lease prefix, TTL, renew interval and owner from {@code kart.lock}; a set
     *     {@code kart.lock.redis.timeout} (the Python system's {@code redis_timeout}) replaces the TTL. A lease
     *     {@link #lease} returned, which has it replaced already, gives the same settings
     * @param section the {@code kart.lock.redis} section
     * @return the open backend
     * @throws dev.kart.lock.LockException when Redis cannot be reached within the connect timeout;
     *     the message names host and port, never the password
     * @throws dev.kart.config.KartConfigException when a {@code kart.lock.redis} key is invalid, or the
     *     binding it asks for is not on the class path; the message names the key (and the artifact)
     */
    @Override
    public LockBackend open(LeaseSettings lease, ConfigSection section) {
        return open(RedisLockSettings.from(lease, section));
    }

    /**
     * Reads the section into {@link RedisLockSettings} and picks the client binding now; connects
     * only when the returned supplier is called. So {@code kart tree} and {@code kart info}, which
     * take no lock, work while Redis is down, and a wrong key still fails when the runtime starts.
     *
     * @param lease as for {@link #open(LeaseSettings, ConfigSection)}: the runtime passes what {@link #lease}
     *     returned, which the section reads into the same settings as {@code kart.lock}'s
     * @param section the {@code kart.lock.redis} section
     * @return opens the backend: a {@link dev.kart.lock.LockException} naming host and port when
     *     Redis cannot be reached, a {@link dev.kart.config.KartConfigException} naming
     *     {@code kart.lock.redis.sentinel.master} when the sentinels answer that they monitor no such primary
     * @throws dev.kart.config.KartConfigException when a {@code kart.lock.redis} key is invalid, says
     *     nowhere, or asks for a binding that is not on the class path
     */
    @Override
    public Supplier<LockBackend> prepare(LeaseSettings lease, ConfigSection section) {
        return opener(RedisLockSettings.from(lease, section));
    }

    /**
     * The lease the backend hands out, which the runtime prepares it with. Reads and checks only
     * {@code kart.lock.redis.timeout}, and needs neither a client binding nor the server.
     *
     * @param lease prefix, TTL, renew interval and owner from {@code kart.lock}
     * @param section the {@code kart.lock.redis} section
     * @return {@code lease}, with {@code kart.lock.redis.timeout} as its TTL and TTL key when the section sets it;
     *     an equal lease when given what it returned
     * @throws dev.kart.config.KartConfigException when the timeout is no duration or not positive, naming the key
     */
    @Override
    public LeaseSettings lease(LeaseSettings lease, ConfigSection section) {
        return RedisLockSettings.lease(lease, section);
    }

    /**
     * Checks each value {@code kart.lock.redis} sets on its own, its type, form and range, while another backend
     * is chosen: {@code timeout = abc} stops the in-memory backend's run too, as it would stop the first one
     * with Redis. Loads no client binding and connects nowhere, so the in-memory start stays as quick.
     *
     * @param section the {@code kart.lock.redis} section
     * @throws dev.kart.config.KartConfigException naming the first invalid key, where it was set and what was
     *     expected
     */
    @Override
    public void check(ConfigSection section) {
        RedisLockSettings.checkValues(section);
    }

    /**
     * Opens the backend over a client of its own, through the binding the settings ask for, and
     * checks that Redis answers within the connect timeout.
     *
     * @param settings the settings; they must say where Redis is (host, URL or Redisson YAML file)
     * @return the open backend; closing it closes its client
     * @throws dev.kart.lock.LockException when Redis cannot be reached; the message names host and
     *     port, never the password
     * @throws dev.kart.config.KartConfigException when the settings say nowhere, or the binding is
     *     not on the class path
     */
    public LockBackend open(RedisLockSettings settings) {
        return opener(settings).get();
    }

    private static Supplier<LockBackend> opener(RedisLockSettings settings) {
        ServerAddress.require(settings);
        RedisClientBinding binding = ClientBindings.choose(settings,
                ClientBindings.found(RedisLockBackendProvider.class.getClassLoader()));
        binding.check(settings);
        return () -> binding.open(settings);
    }
}
