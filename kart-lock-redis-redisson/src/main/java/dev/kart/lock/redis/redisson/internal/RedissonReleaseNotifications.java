package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.internal.ReleaseNotifications;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.redisson.RedissonObject;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.LongCodec;
import org.redisson.client.codec.StringCodec;

/**
 * Release notifications through Redisson's own pub/sub connections, from one channel per lock key:
 * for run locks the channel Redisson's lock publishes its unlocks on ({@code redisson_lock__channel:{key}}),
 * for cache locks the key itself, which kart's release.lua publishes on. Thread-safe.
 */
final class RedissonReleaseNotifications implements ReleaseNotifications {
    private static final String CHANNEL_PREFIX = "redisson_lock__channel";

    private final RedissonClient redisson;
    private final UnaryOperator<String> channels;
    private final Codec codec;
    private final Map<Registration, RFuture<Integer>> registrations = new ConcurrentHashMap<>();

    /** One listener of one key; listeners compare by identity. */
    private record Registration(String key, Listener listener) {
    }

    private RedissonReleaseNotifications(RedissonClient redisson, UnaryOperator<String> channels, Codec codec) {
        this.redisson = redisson;
        this.channels = channels;
        this.codec = codec;
    }

    /**
     * @param redisson the client
     * @return notifications of Redisson's lock (run locks), on its unlock channels
     */
    static RedissonReleaseNotifications ofRedissonLocks(RedissonClient redisson) {
        // Redisson's own lock waiters subscribe to these channels with this codec; one channel has one codec
        return new RedissonReleaseNotifications(redisson, key -> RedissonObject.prefixName(CHANNEL_PREFIX, key), LongCodec.INSTANCE);
    }

    /**
     * @param redisson the client
     * @return notifications of kart's lock protocol (cache locks), on the lock keys themselves
     */
    static RedissonReleaseNotifications ofKartLocks(RedissonClient redisson) {
        return new RedissonReleaseNotifications(redisson, UnaryOperator.identity(), StringCodec.INSTANCE);
    }

    @Override
    public CompletionStage<Void> listen(String key, Listener listener) {
        // any message is a release: Redisson's unlock messages are numbers, release.lua's is text
        RFuture<Integer> id = topic(key).addListenerAsync(Object.class, (channel, message) -> listener.released());
        registrations.put(new Registration(key, listener), id);
        return id.handle((registered, error) -> null);
    }

    @Override
    public void unlisten(String key, Listener listener) {
        RFuture<Integer> id = registrations.remove(new Registration(key, listener));
        if (id != null) {
            id.whenComplete((registered, error) -> {
                if (registered != null) {
                    topic(key).removeListenerAsync(registered);
                }
            });
        }
    }

    private RTopic topic(String key) {
        return redisson.getTopic(channels.apply(key), codec);
    }
}
