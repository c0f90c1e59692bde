package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.SentinelProbe;
import dev.kart.lock.redis.internal.SentinelView;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Asks a sentinel over a Jedis connection of its own, opened for the question and closed after it, as the
 * sentinel connection provider connects to sentinels: at every start, before the provider (which one names the
 * primary, which names those passed over monitor, and which listed address is a Redis data server); and again while a failure of
 * the provider is worded, when their answer changes its words. Each question takes at most connect-timeout plus a
 * command-timeout per command (the login, and one or two questions), once a name is resolved.
 */
final class JedisSentinelProbe implements SentinelProbe {
    private final RedisLockSettings settings;

    /** @param settings the backend's settings; only those of a Sentinel deployment are ever asked about */
    JedisSentinelProbe(RedisLockSettings settings) {
        this.settings = settings;
    }

    @Override
    public SentinelView ask(String node) {
        RedisLockSettings.Sentinel sentinel = settings.sentinel().orElseThrow();
        HostAndPort address = new HostAndPort(RedisLockSettings.Sentinel.host(node), RedisLockSettings.Sentinel.port(node));
        try (Jedis jedis = new Jedis(address, JedisConnections.sentinelConfig(settings, sentinel))) {
            return SentinelView.of(jedis.sentinelGetMasterAddrByName(sentinel.master()), jedis::sentinelMasters);
        }
    }
}
