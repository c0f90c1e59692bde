package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kart.core.Kart;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nodes of one pipeline on different Redis bindings (the runnable jar holds both, and {@code client = auto} picks
 * by class path): their run locks are of different kinds, a string against Redisson's hash. Whichever node meets
 * the other's lock is refused, saying why, and the holder keeps its lock: no task runs on both unannounced.
 */
class MixedRedisBindingsTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path workspace;

    @ParameterizedTest(name = "{1} meets {0}''s run lock")
    @CsvSource({"redisson, jedis", "jedis, redisson"})
    void aNodeIsRefusedTheOtherBindingsRunLockAndLeavesItHeld(String holder, String taker) {
        try (Kart holding = nodeOn(holder, holder); Kart taking = nodeOn(taker, holder)) {
            Lease held = holding.lockBackend().runLock().tryAcquire("task-1").orElseThrow();

            LockException refused = catchThrowableOfType(LockException.class,
                    () -> taking.lockBackend().runLock().tryAcquire("task-1"));

            assertThat(refused).hasMessageContaining("Redis lock backend (" + taker + "): acquiring ")
                    .hasMessageContaining("holds the key as another kind of value: a process using the other binding on"
                            + " this prefix (every node must use the same kart.lock.redis.client)");
            assertThat(held.isHeld()).as("the lock was left to its holder").isTrue();
            held.close();
        }
    }

    /** A node on {@code client} sharing the prefix of the node on {@code first}. */
    private Kart nodeOn(String client, String first) {
        return Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .set("kart.lock.prefix", "mixed-" + first + "-first").set("kart.lock.redis.client", client)
                .build();
    }
}
