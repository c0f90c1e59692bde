package dev.kart.lock.redis;

import java.io.IOException;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/** Builds the Redisson configuration of a backend: from the Redisson YAML file when given, else from the kart keys. */
final class RedissonConfigs {
    private RedissonConfigs() {
    }

    /**
     * @param settings the backend's settings
     * @return the configuration, with the lock watchdog set to the lease TTL
     * @throws IllegalArgumentException when the Redisson YAML file cannot be read; the message names the key
     */
    static Config of(RedisSettings settings) {
        Config config;
        if (settings.redissonConfig().isPresent()) {
            try {
                config = Config.fromYAML(settings.redissonConfig().get().toFile());
            } catch (IOException | RuntimeException e) {
                throw new dev.kart.config.KartConfigException("config key 'kart.lock.redis.redisson-config' is "
                        + settings.redissonConfig().get().toAbsolutePath() + ", which is not a Redisson YAML configuration: "
                        + settings.redact(String.valueOf(e.getMessage())), e);
            }
        } else {
            config = new Config();
            SingleServerConfig server = config.useSingleServer()
                    .setAddress((settings.ssl() ? "rediss://" : "redis://") + hostForUri(settings.host()) + ":" + settings.port())
                    .setDatabase(settings.database())
                    .setConnectTimeout(millis(settings.connectTimeout()))
                    .setTimeout(millis(settings.commandTimeout()))
                    .setConnectionPoolSize(settings.poolSize())
                    .setConnectionMinimumIdleSize(Math.min(2, settings.poolSize()))
                    .setSubscriptionConnectionPoolSize(Math.max(1, settings.poolSize() / 4))
                    .setSubscriptionConnectionMinimumIdleSize(1)
                    // fail fast like the Jedis binding: kart retries the task, not the command
                    .setRetryAttempts(0);
            settings.username().ifPresent(server::setUsername);
            settings.password().ifPresent(server::setPassword);
        }
        // renewal every TTL/3, keeping the lock for a TTL, like kart's own renewals
        config.setLockWatchdogTimeout(settings.ttl().toMillis());
        // one lock per renewal script: Redisson 3.52's batched read-lock renewal extends the wrong
        // rwlock_timeout keys for every read lock but the first of a batch
        config.setLockWatchdogBatchSize(1);
        return config;
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
