package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kart.core.Kart;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.test.support.redis.RedisServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * Nodes of one pipeline on different Redis bindings (the runnable jar holds both, and {@code client = auto} picks
 * by class path): their run locks are of different kinds, a string against Redisson's hash. Whichever node meets
 * the other's lock is refused, naming its holder and why, and the holder keeps its lock: no task runs on both
 * unannounced; and each names the other's holder when asked who holds it.
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
            String holderName = holding.lockBackend().runLock().holder("task-1").orElseThrow().holder();

            LockException refused = catchThrowableOfType(LockException.class,
                    () -> taking.lockBackend().runLock().tryAcquire("task-1"));
            LockException refusedWaiting = catchThrowableOfType(LockException.class,
                    () -> taking.lockBackend().runLock().acquire("task-1", Duration.ofSeconds(30)));

            for (LockException refusal : List.of(refused, refusedWaiting)) {
                assertThat(refusal).hasMessageStartingWith("Redis lock backend (" + taker + "): acquiring ")
                        .hasMessageContaining(" failed: held in Redis at ")
                        .hasMessageEndingWith(" by " + holderName + " (fencing token " + held.fencingToken()
                                + "), a node on the other Redis client: every node of a prefix must use the same"
                                + " kart.lock.redis.client (this one uses " + taker + ")");
            }
            assertThat(held.isHeld()).as("the lock was left to its holder").isTrue();
            held.close();
        }
    }

    /**
     * Each binding reads the other's run lock as held, naming its holder and token as the holder's own binding does:
     * {@code kart info} and {@code kart locks} on the wrong client show the lock held, not free.
     */
    @ParameterizedTest(name = "{1} names the holder of {0}''s run lock")
    @CsvSource({"redisson, jedis", "jedis, redisson"})
    void eachBindingNamesTheHolderOfTheOthersRunLock(String holder, String asker) {
        try (Kart holding = nodeOn(holder, holder); Kart asking = nodeOn(asker, holder)) {
            Lease held = holding.lockBackend().runLock().tryAcquire("task-1").orElseThrow();
            HeldLock asItsBindingSees = holding.lockBackend().runLock().holder("task-1").orElseThrow();

            HeldLock seen = asking.lockBackend().runLock().holder("task-1")
                    .orElseThrow(() -> new AssertionError(asker + " read " + holder + "'s held run lock as free"));
            List<HeldLock> listed = asking.lockBackend().heldLocks();

            assertThat(seen.holderKnown()).as("%s", seen).isTrue();
            assertThat(seen.fencingToken()).isEqualTo(held.fencingToken());
            assertThat(seen.holder()).isEqualTo(asItsBindingSees.holder());
            assertThat(seen.key()).isEqualTo(asItsBindingSees.key());
            assertThat(listed).singleElement().satisfies(lock -> {
                assertThat(lock.key()).isEqualTo(asItsBindingSees.key());
                assertThat(lock.holder()).isEqualTo(asItsBindingSees.holder());
                assertThat(lock.fencingToken()).isEqualTo(held.fencingToken());
            });
            held.close();
            assertThat(asking.lockBackend().runLock().holder("task-1")).as("free once released").isEmpty();
        }
    }

    /**
     * A prefix switched from one client to the other and back: each binding counts tokens on a counter of its own on
     * one server, and the one switched back to lags the clock, as one made long before does (set low here). Its node
     * still hands out a token above the last one the other client's node handed out, as a fenced store needs, whether
     * its first lock is a run lock or a cache lock (each binding takes them on paths of their own).
     */
    @ParameterizedTest(name = "{0}, then {1} with a counter made long before, its first lock a {2} lock")
    @CsvSource({"redisson, jedis, run", "redisson, jedis, cache", "jedis, redisson, run", "jedis, redisson, cache"})
    void aTokenAfterASwitchOfClientIsAboveTheTokensBeforeIt(String before, String after, String kind) {
        String prefix = "switched-" + before + "-" + kind;
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            // the Jedis binding's counter is the prefix's plain key; the Redisson binding's carries it as a hash tag
            admin.set(after.equals("jedis") ? prefix + ":fence" : "{" + prefix + "}:fence", "1000");
        }
        long earlier;
        try (Kart first = node(before, prefix)) {
            Lease lease = first.lockBackend().runLock().tryAcquire("task-1").orElseThrow();
            earlier = lease.fencingToken();
            lease.close();
        }
        try (Kart then = node(after, prefix)) {
            Lease lease = (kind.equals("run") ? then.lockBackend().runLock().tryAcquire("task-1")
                    : then.lockBackend().cacheLock().tryAcquire("pkg/Task_1.json", LockMode.EXCLUSIVE)).orElseThrow();

            assertThat(lease.fencingToken()).as("%s's token after %s's", after, before).isGreaterThan(earlier);
            lease.close();
        }
    }

    /** A node on {@code client} sharing the prefix of the node on {@code first}. */
    private Kart nodeOn(String client, String first) {
        return node(client, "mixed-" + first + "-first");
    }

    private Kart node(String client, String prefix) {
        return Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .set("kart.lock.prefix", prefix).set("kart.lock.redis.client", client)
                .build();
    }
}
