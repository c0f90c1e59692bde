package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.CommandTimeouts;
import dev.kart.lock.redis.internal.ClusterSlots;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.test.support.redis.LocalRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A binding against a real Redis Cluster of three primaries ({@link LocalRedisCluster}): cache locks
 * (exclusive and shared), run locks, fencing tokens and data epochs all work without a CROSSSLOT
 * error; the held-locks listing ({@code kart locks}) finds the keys on every primary; and a primary
 * restarted without its data ends, through its groups' data epochs, exactly the leases it held.
 * Run by each binding module for its binding.
 */
public abstract class ClusterLocksBehaviour {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    private static LocalRedisCluster cluster;

    /** The key prefix of the ACL rules. */
    protected static final String ACL_PREFIX = "aclc";
    private static final String ACL_PASSWORD = "acl-cluster-test-password";

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    /**
     * @return the rules docs/redis.md ("Deployment: Redis Cluster") grants the binding's user on every
     *     node, after {@code ACL SETUSER kart reset on >PASSWORD}, with {@value #ACL_PREFIX} for {@code kart}
     */
    protected abstract String documentedClusterRules();

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

    @Test
    void cacheAndRunLocksFencingTokensAndEpochsWorkWithoutCrossingSlots() throws Exception {
        String prefix = "cluster-" + UUID.randomUUID();
        try (LockBackend first = open(prefix, "first"); LockBackend second = open(prefix, "second")) {
            for (int i = 0; i < 12; i++) {
                String target = "pkg/Task_" + i + ".json";
                Lease exclusive = first.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE).orElseThrow();
                assertThat(exclusive.fencingToken()).as("token of %s", target).isPositive();
                assertThat(second.cacheLock().tryAcquire(target, LockMode.SHARED)).as("shared under an exclusive holder").isEmpty();
                exclusive.close();
                Lease reader = first.cacheLock().acquire(target, LockMode.SHARED, Duration.ofSeconds(10)).orElseThrow();
                Lease otherReader = second.cacheLock().tryAcquire(target, LockMode.SHARED).orElseThrow();
                assertThat(reader.fencingToken()).as("tokens of one key grow").isGreaterThan(exclusive.fencingToken());
                assertThat(otherReader.fencingToken()).isGreaterThan(reader.fencingToken());
                reader.close();
                otherReader.close();

                String uniqueId = "task-" + i;
                Lease run = first.runLock().tryAcquire(uniqueId).orElseThrow();
                assertThat(second.runLock().tryAcquire(uniqueId)).as("a second run lease of %s", uniqueId).isEmpty();
                assertThat(first.runLock().holder(uniqueId)).hasValueSatisfying(holder ->
                        assertThat(holder.fencingToken()).isEqualTo(run.fencingToken()));
                long token = run.fencingToken();
                run.close();
                Lease next = second.runLock().acquire(uniqueId, Duration.ofSeconds(10)).orElseThrow();
                assertThat(next.fencingToken()).as("the next holder's token of %s", uniqueId).isGreaterThan(token);
                assertThat(next.isHeld()).isTrue();
                next.close();
            }
        }
    }

    @Test
    void theHeldLocksListingFindsTheKeysOnEveryPrimary() {
        String prefix = "listing-" + UUID.randomUUID();
        LockKeys layout = LockKeys.cluster(prefix, 16);
        try (LockBackend backend = open(prefix, "lister")) {
            List<Lease> leases = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                String target = "pkg/Task_" + i + ".json";
                Lease run = backend.runLock().tryAcquire("task-" + i).orElseThrow();
                Lease cache = backend.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE).orElseThrow();
                leases.add(run);
                leases.add(cache);
                keys.add(layout.run("task-" + i));
                keys.add(layout.cache(target));
                names.add(run.key());
                names.add(cache.key());
            }
            assertThat(names).as("lease keys, as the lock SPI names them").contains(prefix + ":run:task-0",
                    prefix + ":cache:pkg/Task_0.json");
            Map<Integer, Integer> perPrimary = new HashMap<>();
            for (int port : cluster.primaryPorts()) {
                int found = (int) cluster.keysOn(port, "{" + prefix + "/*").stream().filter(keys::contains).count();
                perPrimary.put(port, found);
            }
            assertThat(perPrimary).as("lock keys per primary").hasSize(3)
                    .allSatisfy((port, count) -> assertThat(count).as("keys on %d", port).isPositive());
            assertThat(perPrimary.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys.size());

            List<HeldLock> held = backend.heldLocks();
            assertThat(held).extracting(HeldLock::key).as("kart locks").containsExactlyInAnyOrderElementsOf(names);
            assertThat(held).allSatisfy(lock -> assertThat(lock.fencingToken()).isPositive());
            leases.forEach(Lease::close);
            assertThat(backend.heldLocks()).as("kart locks once released").isEmpty();
        }
    }

    @Test
    void aPrimaryRestartedWithoutItsDataEndsTheLeasesOfItsGroupsOnly() throws Exception {
        String prefix = "restart-" + UUID.randomUUID();
        LockKeys layout = LockKeys.cluster(prefix, 16);
        try (LockBackend backend = open(prefix, "holder")) {
            Map<Lease, String> leases = new HashMap<>();
            for (int i = 0; i < 24; i++) {
                String target = "pkg/Task_" + i + ".json";
                leases.put(backend.runLock().tryAcquire("task-" + i).orElseThrow(), layout.run("task-" + i));
                leases.put(backend.cacheLock().tryAcquire(target, LockMode.SHARED).orElseThrow(), layout.cache(target));
            }
            int restarted = cluster.primaryPorts().get(1);
            List<Lease> onRestarted = leases.keySet().stream().filter(lease -> primaryOf(leases.get(lease)) == restarted).toList();
            List<Lease> elsewhere = leases.keySet().stream().filter(lease -> primaryOf(leases.get(lease)) != restarted).toList();
            assertThat(onRestarted).as("leases on the primary restarted").isNotEmpty();
            assertThat(elsewhere).as("leases on the other primaries").isNotEmpty();

            cluster.restartPrimary(restarted);
            // one new lock in every group: the first in a group on the restarted primary finds its epoch key
            // gone, writes a new epoch, and ends the leases granted in the old one
            for (String tag : layout.groupTags()) {
                String name = nameInGroup(layout, tag);
                Lease probe = acquireRetrying(backend, name);
                probe.close();
            }
            assertThat(onRestarted).as("leases on the restarted primary").allSatisfy(lease ->
                    assertThat(lease.isHeld()).as("%s held", lease.key()).isFalse());
            assertThat(elsewhere).as("leases on the other primaries").allSatisfy(lease ->
                    assertThat(lease.isHeld()).as("%s held", lease.key()).isTrue());
            leases.keySet().forEach(Lease::close);
        }
    }

    /**
     * release.lua's classic PUBLISH on a primary reaches a subscriber connected to any node: waiters
     * whose fallback poll (3 min) and timeout (150 s) are far longer than the 45 s the test gives
     * them after the holders release get their leases, so only the notification can have woken them.
     */
    @Test
    void aReleaseOnAnyPrimaryWakesItsWaitersThroughPubSub() throws Exception {
        String prefix = "wake-" + UUID.randomUUID();
        LockKeys layout = LockKeys.cluster(prefix, 16);
        Duration longTime = Duration.ofMinutes(3);
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try (LockBackend holder = open(prefix, "holder", longTime); LockBackend waiter = open(prefix, "waiter", longTime)) {
            List<String> targets = new ArrayList<>();
            List<Lease> held = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                targets.add("pkg/Task_" + i + ".json");
                held.add(holder.cacheLock().tryAcquire(targets.get(i), LockMode.EXCLUSIVE).orElseThrow());
            }
            assertThat(targets.stream().map(target -> primaryOf(layout.cache(target))).distinct().count())
                    .as("primaries of the keys").isGreaterThan(1);
            List<CompletableFuture<Optional<Lease>>> waiting = new ArrayList<>();
            for (String target : targets) {
                waiting.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return waiter.cacheLock().acquire(target, LockMode.SHARED, Duration.ofSeconds(150));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            // every key's channel (the Redis key) subscribed on some node: the waiters listen
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            for (String target : targets) {
                while (subscribers(layout.cache(target)) == 0) {
                    assertThat(System.nanoTime()).as("%s subscribed within %s", target, RECOVERY).isLessThan(deadline);
                    Thread.sleep(50);
                }
            }
            held.forEach(Lease::close);
            for (CompletableFuture<Optional<Lease>> lease : waiting) {
                Lease granted = lease.get(45, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError(
                        "a waiter timed out: its release notification did not arrive"));
                granted.close();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Subscribers of a channel over every node (classic pub/sub: each counts its own connections). */
    private static long subscribers(String channel) {
        long count = 0;
        for (String node : cluster.nodes()) {
            int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
            List<String> reply = cluster.command(port, "PUBSUB", "NUMSUB", channel).lines().toList();
            count += reply.size() >= 2 ? Long.parseLong(reply.get(1).strip()) : 0;
        }
        return count;
    }

    @Test
    void theBindingNeedsOnlyTheDocumentedRulesOnEveryNode() throws Exception {
        for (String node : cluster.nodes()) {
            int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
            List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", "kart", "reset", "on", ">" + ACL_PASSWORD));
            command.addAll(List.of(documentedClusterRules().split(" ")));
            assertThat(cluster.command(port, command.toArray(String[]::new)).strip()).isEqualTo("OK");
            cluster.command(port, "ACL", "LOG", "RESET");
        }
        try {
            // renewed every 1.67 s, so that renewals keep up on a busy machine and the command timeout under the
            // renew interval (CommandTimeouts: 1.33 s) outlasts a cold client's first commands
            Duration ttl = Duration.ofSeconds(5);
            LeaseSettings lease = LeaseSettings.of(ACL_PREFIX, ttl, "acl");
            try (LockBackend backend = new RedisLockBackendProvider().open(RedisLockSettings.builder(lease)
                    .clusterNodes(cluster.nodes()).client(client()).commandTimeout(CommandTimeouts.forLease(lease))
                    .username("kart").password(ACL_PASSWORD).build())) {
                List<Lease> leases = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    leases.add(backend.cacheLock().tryAcquire("pkg/Task_" + i + ".json", LockMode.EXCLUSIVE).orElseThrow());
                    leases.add(backend.cacheLock().tryAcquire("pkg/Shared_" + i + ".json", LockMode.SHARED).orElseThrow());
                    leases.add(backend.runLock().tryAcquire("task-" + i).orElseThrow());
                }
                CompletableFuture<Void> free = backend.runLock().whenFree("task-0").toCompletableFuture();
                Optional<Lease> waited = backend.cacheLock().acquire("pkg/Task_0.json", LockMode.SHARED, Duration.ofMillis(300));
                assertThat(waited).as("a shared lease under an exclusive one").isEmpty();
                // past the TTL: only renewals, made by the ACL user, can have kept the leases
                Thread.sleep(ttl.plusSeconds(1).toMillis());
                assertThat(leases).allSatisfy(held -> assertThat(held.isHeld()).as("%s renewed", held.key()).isTrue());
                assertThat(backend.heldLocks()).hasSize(leases.size());
                assertThat(backend.runLock().holder("task-1")).isPresent();
                leases.forEach(Lease::close);
                free.get(30, TimeUnit.SECONDS);
                assertThat(backend.heldLocks()).isEmpty();
            }
        } finally {
            for (String node : cluster.nodes()) {
                int port = Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
                String denied = cluster.command(port, "ACL", "LOG");
                cluster.command(port, "ACL", "DELUSER", "kart");
                assertThat(denied.strip()).as("ACL LOG of node %d", port).isEmpty();
            }
        }
    }

    /** A target whose cache lock key carries the given group's tag. */
    private static String nameInGroup(LockKeys layout, String tag) {
        for (int i = 0; ; i++) {
            String target = "probe/" + i + ".json";
            if (layout.cache(target).startsWith(tag)) {
                return target;
            }
        }
    }

    /** The first calls to a primary just restarted may fail while the client reconnects: polled until it answers. */
    private static Lease acquireRetrying(LockBackend backend, String target) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return backend.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE).orElseThrow();
            } catch (LockException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static int primaryOf(String key) {
        return cluster.primaryOfSlot(ClusterSlots.of(key));
    }

    private LockBackend open(String prefix, String owner) {
        return new RedisLockBackendProvider().open(RedisLockSettings.builder(LeaseSettings.of(prefix, TTL, owner))
                .clusterNodes(cluster.nodes()).client(client()).commandTimeout(Duration.ofSeconds(2)).build());
    }

    /** A backend whose leases live {@code ttl} and whose waiters ask Redis again only every {@code ttl}. */
    private LockBackend open(String prefix, String owner, Duration ttl) {
        return new RedisLockBackendProvider().open(RedisLockSettings.builder(LeaseSettings.of(prefix, ttl, owner))
                .clusterNodes(cluster.nodes()).client(client()).commandTimeout(Duration.ofSeconds(2)).fallbackPoll(ttl).build());
    }
}
