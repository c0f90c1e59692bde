package dev.kart.lock.redis.jedis;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.CommandTimeouts;
import dev.kart.lock.redis.behaviour.fixtures.RedisWorkerBackend;
import dev.kart.test.support.lock.LeaseHolderJvm;
import dev.kart.test.support.lock.LeaseHolderProcess;
import dev.kart.test.support.lock.LockBackendContract;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lock contract against a real Redis, through the Jedis binding over a client of its own. The holders the
 * contract starts as other processes are real JVMs.
 */
class JedisLockBackendContractTest extends LockBackendContract {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @Override
    protected Duration renewedTtl() {
        return CommandTimeouts.CONTRACT_RENEWED_TTL;
    }

    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return JedisLocks.open(RedisLockSettings.builder(lease).host(REDIS.server().host()).port(REDIS.server().port())
                .commandTimeout(CommandTimeouts.forLease(lease)).build());
    }

    @Override
    protected LeaseHolderProcess startHolder(String name, LeaseSettings lease, String target, LockMode mode)
            throws InterruptedException {
        return LeaseHolderJvm.start(name, RedisWorkerBackend.class,
                RedisWorkerBackend.properties(REDIS.server(), RedisLockSettings.Client.JEDIS), lease, target, mode);
    }
}
