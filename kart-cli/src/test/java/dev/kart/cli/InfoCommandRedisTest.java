package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.examples.sample.SomeTask;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kart info} with the Redis lock backend, which nodes share: it says who holds the task's run lock now, as a
 * run that was killed before it wrote task info leaves it held until its lease runs out.
 */
class InfoCommandRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path workspace;

    /** Another node (its own backend and Redis client) holds the run lock, as a killed run's stays held. */
    @ParameterizedTest
    @ValueSource(strings = {"jedis", "redisson"})
    void showsWhoHoldsTheTasksRunLockItsFencingTokenAndTtlLeftThenThatItIsFree(String client) {
        String name = "held-" + client;
        String[] info = {"info", "sample.SomeTask", "--name=" + name, "--workspace", workspace.toString(),
            "--redis-host", REDIS.server().host(), "--redis-port", String.valueOf(REDIS.server().port()),
            "-D", "kart.lock.prefix=info-" + client, "-D", "kart.lock.redis.client=" + client};
        try (Kart other = Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .set("kart.lock.prefix", "info-" + client).set("kart.lock.redis.client", client).build()) {
            String id = other.uniqueId(new SomeTask(name));
            Lease lease = other.lockBackend().runLock().tryAcquire(id).orElseThrow();
            HeldLock holder = other.lockBackend().runLock().holder(id).orElseThrow();

            Cli.Result held = Cli.run(info);

            assertThat(held.exitCode()).as(held.toString()).isZero();
            assertThat(held.out()).containsPattern("\n  run lock +held now by " + Pattern.quote(holder.holder())
                            + ", fencing token " + holder.fencingToken() + ", TTL left \\d[^:\n]*: a run in progress, or a"
                            + " killed one whose lease expires then\n")
                    .contains("before its attempt ended. Its run lock is held now (above).\n");

            lease.close();
            Cli.Result free = Cli.run(info);

            assertThat(free.exitCode()).as(free.toString()).isZero();
            assertThat(free.out()).containsPattern("\n  run lock +free now\n").doesNotContain("Its run lock is held");
        }
    }

    /**
     * A Redisson holder between its grant and kart's record (Redisson's own API takes the lock here, with no record):
     * another node not known which, with no token 0 and not Redisson's raw id, which names no process; with the Jedis
     * client too, which takes run locks as strings and once called this hash free.
     */
    @ParameterizedTest(name = "asked with {0}")
    @ValueSource(strings = {"redisson", "jedis"})
    void aRedissonHolderWithoutAKartRecordIsAnotherNodeNotKnownWithNoToken(String client) {
        String name = "unrecorded-" + client;
        String id;
        try (Kart node = Kart.builder().workspace(workspace).set("kart.durable", false).build()) {
            id = node.uniqueId(new SomeTask(name));
        }
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + REDIS.server().host() + ":" + REDIS.server().port());
        RedissonClient other = Redisson.create(config);
        try {
            RLock lock = other.getLock("info-raw-" + client + ":run:" + id);
            lock.lock();

            Cli.Result held = Cli.run("info", "sample.SomeTask", "--name=" + name, "--workspace", workspace.toString(),
                    "--redis-host", REDIS.server().host(), "--redis-port", String.valueOf(REDIS.server().port()),
                    "-D", "kart.lock.prefix=info-raw-" + client, "-D", "kart.lock.redis.client=" + client);

            assertThat(held.exitCode()).as(held.toString()).isZero();
            assertThat(held.out()).containsPattern("\n  run lock +held now by another node \\(not known which: no kart"
                    + " record\\), TTL left \\d[^:\n]*: a run in progress, or a killed one whose lease expires then\n")
                    .doesNotContain("fencing token").doesNotContain("redisson holder");
            lock.forceUnlock();
        } finally {
            other.shutdown();
        }
    }
}
