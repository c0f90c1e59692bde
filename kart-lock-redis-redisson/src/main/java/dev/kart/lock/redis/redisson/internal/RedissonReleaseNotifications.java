package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.internal.ReleaseNotifications;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.redisson.RedissonObject;
import org.redisson.api.RFuture;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.LongCodec;

/**
 * Release notifications of run locks, from the channel Redisson's lock publishes its unlocks on
 * ({@code redisson_lock__channel:{key}}), through Redisson's own pub/sub connections. Thread-safe.
 */
final class RedissonReleaseNotifications implements ReleaseNotifications {
    private static final String CHANNEL_PREFIX = "redisson_lock__channel";

    private final RedissonClient redisson;
    private final Map<Registration, RFuture<Integer>> registrations = new ConcurrentHashMap<>();

    /** One listener of one key; listeners compare by identity. */
    private record Registration(String key, Listener listener) {
    }

    RedissonReleaseNotifications(RedissonClient redisson) {
        this.redisson = redisson;
    }

    @Override
    public CompletionStage<Void> listen(String key, Listener listener) {
        RFuture<Integer> id = topic(key).addListenerAsync(Long.class, (channel, message) -> listener.released());
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
        return redisson.getTopic(RedissonObject.prefixName(CHANNEL_PREFIX, key), LongCodec.INSTANCE);
    }
}
