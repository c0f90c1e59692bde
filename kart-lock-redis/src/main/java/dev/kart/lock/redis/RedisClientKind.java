package dev.kart.lock.redis;

import java.util.Arrays;
import java.util.Locale;

/** The client library a Redis backend speaks through: {@code kart.lock.redis.client}. */
enum RedisClientKind {
    /** kart's own lock protocol over Jedis. */
    JEDIS,
    /** Redisson's lock and read-write lock, renewed by its watchdog. */
    REDISSON;

    /** @return the value of {@code kart.lock.redis.client} naming it */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RedisClientKind named(String value) {
        return Arrays.stream(values()).filter(kind -> kind.configName().equals(value.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new dev.kart.config.KartConfigException("config key 'kart.lock.redis.client' is '"
                        + value + "', expected \"jedis\" or \"redisson\""));
    }
}
