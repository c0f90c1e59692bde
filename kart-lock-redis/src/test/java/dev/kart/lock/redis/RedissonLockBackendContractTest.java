package dev.kart.lock.redis;

import dev.kart.lock.LockBackend;
import dev.kart.lock.LockSettings;
import dev.kart.test.lock.LockBackendContract;
import dev.kart.test.lock.TestLockSettings;
import dev.kart.test.redis.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lock contract against a real Redis, through the Redisson binding. */
class RedissonLockBackendContractTest extends LockBackendContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @Override
    protected LockBackend openBackend(LockSettings settings) {
        return new RedisLockBackendProvider().open(settings);
    }

    @Override
    protected TestLockSettings settings(String prefix, Duration ttl) {
        return super.settings(prefix, ttl).with("redis.host", REDIS.server().host()).with("redis.port", REDIS.server().port())
                .with("redis.client", "redisson");
    }
}
