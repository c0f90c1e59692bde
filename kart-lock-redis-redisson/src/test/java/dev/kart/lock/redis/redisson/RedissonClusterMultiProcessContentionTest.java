package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.MultiProcessContentionBehaviour;
import dev.kart.test.support.redis.LocalRedisCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Four JVMs build one DAG of run-locked tasks over the Redisson binding against a real 3-primary Redis
 * Cluster: every run() executes once.
 */
class RedissonClusterMultiProcessContentionTest extends MultiProcessContentionBehaviour {
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
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }

    @Override
    protected List<String> serverArguments() {
        return List.of("cluster=" + String.join(",", cluster.nodes()));
    }
}
