package dev.kart.lock.redis.jedis;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.MultiProcessContentionBehaviour;
import dev.kart.test.support.redis.LocalRedisCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Four JVMs build one DAG of run-locked tasks over the Jedis binding against a real 3-primary Redis
 * Cluster: every run() executes once.
 */
class JedisClusterMultiProcessContentionTest extends MultiProcessContentionBehaviour {
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
        return RedisLockSettings.Client.JEDIS;
    }

    @Override
    protected List<String> serverArguments() {
        return List.of("cluster=" + String.join(",", cluster.nodes()));
    }
}
