package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.SentinelQuestions;
import dev.kart.lock.redis.internal.SentinelView;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.redisson.client.RedisClient;
import org.redisson.client.RedisClientConfig;
import org.redisson.client.RedisConnection;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.RedisCommand;
import org.redisson.client.protocol.RedisCommands;
import org.redisson.client.protocol.decoder.ObjectListReplayDecoder;

/**
 * Asks a sentinel over a Redisson connection of its own, opened for the question and shut down after it: a
 * RedissonClient that could not start keeps the primary the sentinels named to itself, and has no client to ask.
 */
final class RedissonSentinelQuestions implements SentinelQuestions {
    /** Redisson's own command of this name decodes the address into a URI of the scheme it connects with. */
    private static final RedisCommand<List<Object>> GET_MASTER_ADDR_BY_NAME = new RedisCommand<>("SENTINEL",
            "GET-MASTER-ADDR-BY-NAME", new ObjectListReplayDecoder<>());

    private final RedisLockSettings settings;

    /** @param settings the backend's settings; only those of a Sentinel deployment are ever asked about */
    RedissonSentinelQuestions(RedisLockSettings settings) {
        this.settings = settings;
    }

    @Override
    public SentinelView ask(String node) {
        RedisLockSettings.Sentinel sentinel = settings.sentinel().orElseThrow();
        RedisClientConfig config = new RedisClientConfig()
                .setAddress((settings.ssl() ? "rediss://" : "redis://")
                        + RedissonConfigs.hostForUri(RedisLockSettings.Sentinel.host(node)) + ":"
                        + RedisLockSettings.Sentinel.port(node))
                .setConnectTimeout(millis(settings.connectTimeout()))
                .setCommandTimeout(millis(settings.commandTimeout()))
                // Redisson's default picks a DNS resolver by probing for the native epoll transport, which kart
                // does not bring; the JDK's resolver does for one question
                .setResolverGroup(DefaultAddressResolverGroup.INSTANCE);
        sentinel.username().ifPresent(config::setUsername);
        sentinel.password().ifPresent(config::setPassword);
        RedisClient client = RedisClient.create(config);
        try {
            RedisConnection connection = client.connect();
            List<Object> primary = connection.sync(StringCodec.INSTANCE, GET_MASTER_ADDR_BY_NAME, sentinel.master());
            if (primary != null && primary.size() == 2) {
                return SentinelView.naming(new RedisLockSettings.Node(String.valueOf(primary.get(0)),
                        Integer.parseInt(String.valueOf(primary.get(1)))));
            }
            List<Map<String, String>> masters = connection.sync(StringCodec.INSTANCE, RedisCommands.SENTINEL_MASTERS);
            return SentinelView.monitoring(masters.stream().map(master -> master.get("name")).filter(Objects::nonNull).toList());
        } finally {
            client.shutdown();
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
