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
import dev.kart.test.support.redis.LocalRedisSentinel;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The lock contract against a Sentinel-managed primary (two replicas, three sentinels), through the
 * Jedis binding connecting through the sentinels. The holders the contract starts as other processes
 * are real JVMs, connecting the same way.
 */
class JedisSentinelLockBackendContractTest extends LockBackendContract {
    private static LocalRedisSentinel redis;

    @BeforeAll
    static void startSentinels() {
        redis = LocalRedisSentinel.start();
    }

    @AfterAll
    static void stopSentinels() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected Duration renewedTtl() {
        return CommandTimeouts.CONTRACT_RENEWED_TTL;
    }

    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return JedisLocks.open(RedisLockSettings.builder(lease).sentinel(redis.masterName(), redis.sentinelNodes())
                .commandTimeout(CommandTimeouts.forLease(lease)).build());
    }

    @Override
    protected LeaseHolderProcess startHolder(String name, LeaseSettings lease, String target, LockMode mode)
            throws InterruptedException {
        return LeaseHolderJvm.start(name, RedisWorkerBackend.class,
                RedisWorkerBackend.properties(redis, RedisLockSettings.Client.JEDIS), lease, target, mode);
    }
}
