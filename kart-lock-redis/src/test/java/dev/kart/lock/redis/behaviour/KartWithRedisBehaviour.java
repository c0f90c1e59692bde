package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kart.KartException;
import dev.kart.config.KartConfigException;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockKeyOccupiedException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.FirstRunLockWait;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The backend as kart-core finds and configures it, with one binding on the class path, as a user
 * who added that binding's artifact has it: selection, reference.conf keys, the Python system's
 * names, a binding asked for that is missing, and the holder a waiting task's listener hears of.
 * Run by each binding module for its binding.
 */
public abstract class KartWithRedisBehaviour {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path workspace;

    /** @return the binding under test, the only one on the class path */
    protected abstract RedisLockSettings.Client client();

    @Test
    void givingTheHostSelectsTheRedisBackendOverTheBindingOnTheClassPath() {
        try (Kart kart = builder().build()) {
            assertThat(kart.lockBackend().toString()).startsWith("redis lock backend (" + client().configName() + ")")
                    .contains(REDIS.server().host() + ":" + REDIS.server().port());
        }
    }

    @Test
    void theClientKeyNamesTheBinding() {
        try (Kart kart = builder().set("kart.lock.redis.client", client().configName()).build()) {
            assertThat(kart.lockBackend().toString()).startsWith("redis lock backend (" + client().configName() + ")");
        }
    }

    @Test
    void aBindingThatIsNotOnTheClassPathIsAOneLineErrorNamingItsArtifact() {
        RedisLockSettings.Client other = Arrays.stream(RedisLockSettings.Client.values())
                .filter(client -> client != RedisLockSettings.Client.AUTO && client != client()).findFirst().orElseThrow();
        assertThatThrownBy(() -> builder().set("kart.lock.redis.client", other.configName()).build())
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.lock.redis.client")
                .hasMessageContaining(other.artifact().orElseThrow())
                .hasMessageContaining("found: " + client().configName())
                .satisfies(error -> assertThat(error.getMessage()).doesNotContain("\n"));
    }

    @Test
    void thePythonSystemsRedisTimeoutIsTheLeaseTtl() {
        // a command timeout under the renew interval (a third of the 9 s TTL), as kart requires, and over a
        // second: a cold client's first commands took that long on a loaded machine
        try (Kart kart = builder().set("kart.lock.redis.timeout", "9s").set("kart.lock.redis.command-timeout", "2s")
                .set("kart.lock.prefix", "timeout-" + UUID.randomUUID())
                .build();
                Lease lease = kart.lockBackend().runLock().tryAcquire("0123").orElseThrow()) {
            List<HeldLock> held = kart.lockBackend().heldLocks();
            assertThat(held).hasSize(1);
            assertThat(held.get(0).ttlLeft()).as("not kart.lock.ttl's 180 s").isLessThanOrEqualTo(Duration.ofSeconds(9))
                    .isPositive();
            assertThat(held.get(0).holder()).contains(Long.toString(ProcessHandle.current().pid()));
            assertThat(held.get(0).fencingToken()).isEqualTo(lease.fencingToken());
        }
    }

    /**
     * Keys under the prefix that are no kart lock (another application's, written by hand) are left out of the listing
     * ({@code kart locks}), which still lists what is held: a hash on a cache key whose values are no expiries, a list,
     * a string that is no holder id and a hash that is no Redisson lock on a run key. Each key is read in one step, so the listing reads the same with
     * either binding. Asked for the holder of such a run key alone ({@code kart info}), each binding says what is there.
     */
    @Test
    void theListingLeavesOutKeysUnderThePrefixThatAreNoKartLock() {
        String prefix = "strangers-" + UUID.randomUUID();
        try (Kart kart = builder().set("kart.lock.prefix", prefix).build();
                Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.hset(prefix + ":cache:other/app.json", "field", "not a number");
            admin.rpush(prefix + ":cache:other/queue.json", "item");
            admin.set(prefix + ":run:not-a-holder", "someone else's value");
            // a hash on a run key that is not of Redisson's lock's shape ({client id}:{thread id} = hold count)
            admin.hset(prefix + ":run:not-a-lock", "field", "value");
            admin.pexpire(prefix + ":run:not-a-lock", 60_000);
            try (Lease run = kart.lockBackend().runLock().tryAcquire("0123").orElseThrow();
                    Lease cache = kart.lockBackend().cacheLock().tryAcquire("pkg/Task_1.json", LockMode.SHARED).orElseThrow()) {
                // a server that forgot the scripts (a restart, SCRIPT FLUSH) is sent the listing's with its source
                admin.scriptFlush();
                assertThat(kart.lockBackend().heldLocks()).extracting(HeldLock::key, HeldLock::fencingToken)
                        .containsExactlyInAnyOrder(tuple(prefix + ":run:0123", run.fencingToken()),
                                tuple(prefix + ":cache:pkg/Task_1.json", cache.fencingToken()));
                // neither free (its acquire is refused) nor held by a node: kart info says what is there
                for (String uniqueId : List.of("not-a-holder", "not-a-lock")) {
                    assertThatThrownBy(() -> kart.lockBackend().runLock().holder(uniqueId)).as(uniqueId)
                            .isInstanceOf(LockKeyOccupiedException.class)
                            .hasMessageStartingWith("Redis lock backend (" + client().configName() + "): looking up the holder of "
                                    + prefix + ":run:" + uniqueId + " failed: ")
                            .hasMessageContaining("holds another application's value there, not a kart lock");
                }
            }
        }
    }

    /**
     * A lock key holding another application's value is refused, naming the key and no holder, rather than waited for:
     * a list on a run key, a string that never expires (kart's holds always do) on a run key and on a cache key, one that
     * expires but is no holder id on a run key, and on
     * run keys a hash of another shape than Redisson's lock and one of its shape that never expires (Redisson's lock
     * script took both for a lock held by another node, and a waiting acquire waited until its timeout). Only a lock of
     * the other binding's is told as held by a node.
     */
    @Test
    void aLockKeyHoldingAnotherApplicationsValueIsRefusedNamingNoHolder() {
        String prefix = "stranger-run-" + UUID.randomUUID();
        try (Kart kart = builder().set("kart.lock.prefix", prefix).build();
                Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.rpush(prefix + ":run:0123", "item");
            admin.set(prefix + ":run:4567", "12 34 someone else's text");
            admin.set(prefix + ":cache:pkg/Task_1.json", "someone else's text");
            admin.hset(prefix + ":cache:pkg/Task_2.json", "field", "value");
            admin.pexpire(prefix + ":cache:pkg/Task_2.json", 600_000);
            admin.hset(prefix + ":run:89ab", "field", "value");
            admin.pexpire(prefix + ":run:89ab", 600_000);
            admin.hset(prefix + ":run:cdef", "0f9e8d7c-other-app:42", "1");
            admin.set(prefix + ":run:fedc", "someone else's text", SetParams.setParams().px(600_000));

            for (String uniqueId : List.of("0123", "4567", "89ab", "cdef", "fedc")) {
                String refused = "Redis lock backend (" + client().configName() + "): acquiring " + prefix + ":run:" + uniqueId
                        + " failed: ";
                String told = "holds another application's value there, not a kart lock";
                assertThatThrownBy(() -> kart.lockBackend().runLock().tryAcquire(uniqueId)).as(uniqueId)
                        .isInstanceOf(LockKeyOccupiedException.class)
                        .hasMessageStartingWith(refused)
                        .hasMessageContaining(told)
                        .hasMessageNotContaining(" held in ");
                // refused at once, not after the wait: a value that is no lock is never released
                long start = System.nanoTime();
                assertThatThrownBy(() -> kart.lockBackend().runLock().acquire(uniqueId, Duration.ofSeconds(20)))
                        .as("waiting for " + uniqueId)
                        .isInstanceOf(LockKeyOccupiedException.class)
                        .hasMessageStartingWith(refused)
                        .hasMessageContaining(told)
                        .hasMessageNotContaining(" held in ");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waiting for " + uniqueId)
                        .isLessThan(Duration.ofSeconds(10));
                assertThatThrownBy(() -> kart.lockBackend().runLock().holder(uniqueId)).as("the holder of " + uniqueId)
                        .isInstanceOf(LockKeyOccupiedException.class).hasMessageContaining(told);
            }
            assertThat(admin.hgetAll(prefix + ":run:89ab")).as("left as it was").isEqualTo(Map.of("field", "value"));
            assertThat(admin.hgetAll(prefix + ":run:cdef")).as("left as it was")
                    .isEqualTo(Map.of("0f9e8d7c-other-app:42", "1"));
            assertThatThrownBy(() -> kart.lockBackend().cacheLock().tryAcquire("pkg/Task_1.json", LockMode.SHARED))
                    .isInstanceOf(LockKeyOccupiedException.class)
                    .hasMessageContaining("key " + prefix + ":cache:pkg/Task_1.json holds a string without expiry, not a"
                            + " kart lock");
            // no binding keeps a hash on a cache key but kart's shared holders: not a node on the other client
            for (LockMode mode : LockMode.values()) {
                assertThatThrownBy(() -> kart.lockBackend().cacheLock().acquire("pkg/Task_2.json", mode, Duration.ofSeconds(20)))
                        .as("a hash of no lock holders on a cache key, " + mode)
                        .isInstanceOf(LockKeyOccupiedException.class)
                        .hasMessageStartingWith("Redis lock backend (" + client().configName() + "): acquiring " + prefix
                                + ":cache:pkg/Task_2.json failed: ")
                        .hasMessageContaining("holds another application's value there, not a kart lock")
                        .hasMessageContaining("is a hash of no kart lock holders")
                        .hasMessageNotContaining("other binding");
            }
            assertThat(admin.hgetAll(prefix + ":cache:pkg/Task_2.json")).as("left as it was").isEqualTo(Map.of("field", "value"));
            assertThat(admin.lrange(prefix + ":run:0123", 0, -1)).as("left as it was").containsExactly("item");
            assertThat(admin.get(prefix + ":run:4567")).as("left as it was").isEqualTo("12 34 someone else's text");
            assertThat(kart.lockBackend().heldLocks()).as("none of them a lock").isEmpty();
        }
    }

    /**
     * A task whose run key holds another application's value fails at its first attempt, whatever kart.retry.count
     * says, and the summary says why it was not retried: every retry would be refused the same way.
     */
    @Test
    void aTaskWhoseRunKeyHoldsAnotherApplicationsValueIsNotRetried() {
        String prefix = "stranger-build-" + UUID.randomUUID();
        Guarded task = new Guarded("not retried");
        try (Kart kart = builder().set("kart.lock.prefix", prefix).set("kart.retry.count", 3).set("kart.retry.delay", "0s")
                .build();
                Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            String key = prefix + ":run:" + kart.uniqueId(task);
            admin.rpush(key, "another application's item");

            BuildReport<String> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(1);
            assertThat(outcome.failure().orElseThrow()).isInstanceOf(LockKeyOccupiedException.class)
                    .hasMessageContaining("acquiring " + key + " failed: ")
                    .hasMessageContaining("holds another application's value there, not a kart lock");
            assertThat(refused.summary()).contains("] after 1 attempt: LockKeyOccupiedException: Redis lock backend ("
                    + client().configName() + "): acquiring " + key)
                    .contains("; not retried: no retry can take a lock whose key holds another application's value\n");
            assertThat(admin.lrange(key, 0, -1)).as("left as it was").containsExactly("another application's item");
            assertThat(kart.isComplete(task)).isFalse();
        }
    }

    /**
     * A task whose output's cache key holds another application's value fails at its publish, at its first attempt,
     * and the summary says why it was not retried. Nothing is published, and the value is left as it was.
     */
    @Test
    void aTaskWhoseCacheKeyHoldsAnotherApplicationsValueIsNotRetried() {
        String prefix = "stranger-cache-" + UUID.randomUUID();
        Guarded task = new Guarded("cache key taken");
        try (Kart kart = builder().set("kart.lock.prefix", prefix).set("kart.retry.count", 2).set("kart.retry.delay", "0s")
                .build();
                Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            Path output = Path.of(kart.outputs(task).get(0).uri());
            String key = prefix + ":cache:" + workspace.toAbsolutePath().relativize(output).toString().replace('\\', '/');
            admin.hset(key, "field", "value");
            admin.pexpire(key, 600_000);

            BuildReport<String> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 2 retries configured").isEqualTo(1);
            assertThat(outcome.failure().orElseThrow()).hasMessageContaining(key)
                    .hasMessageContaining("holds another application's value there, not a kart lock");
            assertThat(outcome.failure().orElseThrow()).satisfiesAnyOf(
                    failure -> assertThat(failure).isInstanceOf(LockKeyOccupiedException.class),
                    failure -> assertThat(failure).hasCauseInstanceOf(LockKeyOccupiedException.class));
            assertThat(refused.summary())
                    .contains("; not retried: no retry can take a lock whose key holds another application's value\n");
            assertThat(output).as("not published").doesNotExist();
            assertThat(admin.hgetAll(key)).as("left as it was").isEqualTo(Map.of("field", "value"));
        }
    }

    /**
     * A waiting acquire of a held run lock whose wait is shorter than what the client takes to be told of a release
     * ends empty, not failing as if Redis did not answer: the Redisson binding's asynchronous lock failed so now and
     * then (2 of 352 waits of 1 to 40 ms in a reviewer's loop on a busy machine; none in 1,400 here on a quiet one) when
     * its wait ran out while it subscribed to the lock's unlock channel.
     */
    @Test
    void aShortWaitForAHeldRunLockEndsEmpty() throws InterruptedException {
        String prefix = "short-waits-" + UUID.randomUUID();
        try (Kart holder = builder().set("kart.lock.prefix", prefix).build();
                Kart waiter = builder().set("kart.lock.prefix", prefix).build()) {
            List<Lease> held = new ArrayList<>();
            // a key of its own for each wait: each subscribes anew, as a task's first wait does
            for (int i = 0; i < 150; i++) {
                held.add(holder.lockBackend().runLock().tryAcquire("key-" + i).orElseThrow());
            }
            for (int i = 0; i < held.size(); i++) {
                Duration wait = Duration.ofMillis(1 + i % 20);
                assertThat(waiter.lockBackend().runLock().acquire("key-" + i, wait)).as("waiting %s, try %d", wait, i).isEmpty();
            }
            assertThat(held).allMatch(Lease::isHeld);
            held.forEach(Lease::close);
        }
    }

    /**
     * Runs under its run lock and returns its name.
     *
     * @param name what it returns
     */
    @RunWithLock
    public record Guarded(String name) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return name;
        }
    }

    @Test
    void aTaskWaitingForItsRunLockTellsTheListenerWhoHoldsItAndWhenTheLeaseExpires() throws Exception {
        String prefix = "waits-" + UUID.randomUUID();
        Duration ttl = Duration.ofSeconds(30);
        try (Kart holder = builder().set("kart.lock.prefix", prefix).set("kart.lock.ttl", "30s").build();
                Kart waiter = builder().set("kart.lock.prefix", prefix).set("kart.lock.on-collision", "wait").build()) {
            Guarded task = new Guarded("waited-for");
            Instant before = Instant.now();
            Lease held = holder.lockBackend().runLock().tryAcquire(waiter.uniqueId(task)).orElseThrow();
            FirstRunLockWait heard = new FirstRunLockWait();
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> waiter.run(task, BuildOptions.defaults().withListener(heard)));

            RunLockWait wait = heard.await(Duration.ofSeconds(60));
            Instant after = Instant.now();
            held.close();

            assertThat(build.get(60, TimeUnit.SECONDS).rootOutput()).contains("waited-for");
            RunLockWait.Holder seen = wait.holder().orElseThrow();
            assertThat(seen.owner()).as("this process holds it, through the other runtime")
                    .endsWith(":" + ProcessHandle.current().pid());
            assertThat(seen.fencingToken()).isEqualTo(held.fencingToken());
            assertThat(seen.leaseExpires()).isBetween(before.plus(ttl).minusSeconds(1), after.plus(ttl).plusSeconds(1));
        }
    }

    @Test
    void aMisspelledRedisKeyIsAnErrorNamingTheRightOne() {
        assertThatThrownBy(() -> builder().set("kart.lock.redis.hots", "x").build()).isInstanceOf(KartException.class)
                .hasMessageContaining("kart.lock.redis.hots").hasMessageContaining("kart.lock.redis.host");
    }

    @Test
    void anUnreachableRedisStopsTheFirstBuildBeforeAnythingRunsWhileWhatTakesNoLockWorks() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        LockedTasks.Square task = new LockedTasks.Square(7);
        try (Kart kart = builder().set("kart.lock.redis.port", port).set("kart.lock.redis.password", "top-secret-pw")
                .set("kart.lock.redis.connect-timeout", "1s").build()) {
            boolean complete = kart.isComplete(task);
            int tasks = kart.graph(task).size();

            assertThatThrownBy(() -> kart.build(task))
                    .isInstanceOf(LockException.class).hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageNotContaining("top-secret-pw");
            assertThat(complete).isFalse();
            assertThat(tasks).isEqualTo(1);
            assertThat(kart.isComplete(task)).as("nothing ran").isFalse();
        }
    }

    @Test
    void theRedisBackendWithoutAHostIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> Kart.builder().workspace(workspace).set("kart.lock.backend", "redis").build())
                .isInstanceOf(KartException.class).hasMessageContaining("kart.lock.redis.host");
    }

    private Kart.Builder builder() {
        return Kart.builder().workspace(workspace).set("kart.lock.redis.host", REDIS.server().host())
                .set("kart.lock.redis.port", REDIS.server().port());
    }
}
