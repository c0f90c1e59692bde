package dev.kart.lock.redis.redisson;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.lock.LockBackendContract;
import dev.kart.test.support.redis.RedisServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lock contract against a real Redis, through the Redisson binding over a client of its own. */
class RedissonLockBackendContractTest extends LockBackendContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return RedissonLocks.open(RedisLockSettings.builder(lease).host(REDIS.server().host()).port(REDIS.server().port())
                .build());
    }
}
