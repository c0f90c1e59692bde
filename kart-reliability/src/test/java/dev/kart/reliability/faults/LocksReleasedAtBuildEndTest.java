package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.reliability.fixtures.hold.Hold;
import dev.kart.test.support.redis.RedisServerExtension;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A build that ends, followed at once by closing the runtime (as {@code kart run} does before it
 * exits), leaves no lock behind in Redis: the run lease of the last task is released before the build
 * counts as finished, not after the lock backend was closed. A run lock left behind would keep every
 * other node that deferred on the task waiting for its whole TTL (180 s by default).
 */
class LocksReleasedAtBuildEndTest {
    private static final int BUILDS = 10;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    java.nio.file.Path directory;

    @ParameterizedTest(name = "client = {0}")
    @ValueSource(strings = {"jedis", "redisson"})
    void noLockOutlivesABuildAndItsRuntime(String client) {
        String prefix = "release-" + UUID.randomUUID();
        for (int i = 0; i < BUILDS; i++) {
            try (Kart kart = Kart.builder().workspace(directory).set("kart.lock.backend", "redis")
                    .set("kart.lock.prefix", prefix).set("kart.lock.redis.client", client)
                    .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                    .build()) {
                assertThat(kart.build(new Hold("build-" + i))).isEqualTo("held:build-" + i);
            }
            try (Jedis redis = new Jedis(REDIS.server().host(), REDIS.server().port())) {
                Set<String> left = redis.keys(prefix + ":run:*");
                left.addAll(redis.keys(prefix + ":cache:*"));
                assertThat(left).as("lock keys left in Redis after build %d and close()", i).isEmpty();
            }
        }
    }
}
