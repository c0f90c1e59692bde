package dev.kart.lock.redis.jedis;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.CommandTimeouts;
import dev.kart.lock.redis.behaviour.fixtures.RedisWorkerBackend;
import dev.kart.test.support.lock.LeaseHolderJvm;
import dev.kart.test.support.lock.LeaseHolderProcess;
import dev.kart.test.support.lock.LockBackendContract;
import dev.kart.test.support.redis.LocalRedisCluster;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The lock contract against a real Redis Cluster of three primaries, through the Jedis binding over a
 * client of its own built from kart.lock.redis.cluster.nodes. The holders the contract starts as other
 * processes are real JVMs.
 */
class JedisClusterLockBackendContractTest extends LockBackendContract {
    private static LocalRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Duration renewedTtl() {
        return CommandTimeouts.CONTRACT_RENEWED_TTL;
    }

    @Override
    protected LockBackend openBackend(LeaseSettings lease) {
        return new RedisLockBackendProvider().open(RedisLockSettings.builder(lease).clusterNodes(cluster.nodes())
                .client(RedisLockSettings.Client.JEDIS).commandTimeout(CommandTimeouts.forLease(lease)).build());
    }

    @Override
    protected LeaseHolderProcess startHolder(String name, LeaseSettings lease, String target, LockMode mode)
            throws InterruptedException {
        return LeaseHolderJvm.start(name, RedisWorkerBackend.class,
                RedisWorkerBackend.clusterProperties(cluster.nodes(), RedisLockSettings.Client.JEDIS), lease, target, mode);
    }
}
