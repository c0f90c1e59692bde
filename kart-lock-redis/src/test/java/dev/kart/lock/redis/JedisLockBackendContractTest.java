package dev.kart.lock.redis;

import dev.kart.lock.LockBackend;
import dev.kart.lock.LeaseSettings;
import dev.kart.test.support.lock.LockBackendContract;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lock contract against a real Redis, through the Jedis binding. */
class JedisLockBackendContractTest extends LockBackendContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return new RedisLockBackendProvider().open(lease, MapConfigSection.of("kart.lock.redis")
                .with("host", REDIS.server().host()).with("port", REDIS.server().port()).with("client", "jedis"));
    }
}
