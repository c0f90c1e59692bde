package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.SentinelQuestions;
import dev.kart.lock.redis.internal.SentinelView;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Asks a sentinel over a Jedis connection of its own, opened for the question and closed after it, as the
 * sentinel connection provider connects to sentinels: when the provider found no primary of the master name,
 * which names the sentinel does monitor.
 */
final class JedisSentinelQuestions implements SentinelQuestions {
    private final RedisLockSettings settings;

    /** @param settings the backend's settings; only those of a Sentinel deployment are ever asked about */
    JedisSentinelQuestions(RedisLockSettings settings) {
        this.settings = settings;
    }

    @Override
    public SentinelView ask(String node) {
        RedisLockSettings.Sentinel sentinel = settings.sentinel().orElseThrow();
        HostAndPort address = new HostAndPort(RedisLockSettings.Sentinel.host(node), RedisLockSettings.Sentinel.port(node));
        try (Jedis jedis = new Jedis(address, JedisConnections.sentinelConfig(settings, sentinel))) {
            List<String> primary = jedis.sentinelGetMasterAddrByName(sentinel.master());
            if (primary != null && primary.size() == 2) {
                return SentinelView.naming(new RedisLockSettings.Node(primary.get(0), Integer.parseInt(primary.get(1))));
            }
            return SentinelView.monitoring(jedis.sentinelMasters().stream().map(master -> master.get("name"))
                    .filter(Objects::nonNull).toList());
        }
    }
}
