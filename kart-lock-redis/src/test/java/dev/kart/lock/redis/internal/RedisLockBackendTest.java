package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Who holds a lock is read from its key alone: a wait that ran out, or a progress display that looks every
 * few seconds, never lists every lock of the prefix (a SCAN of every shard in a cluster) to name one key's
 * holders. A batch of cache locks reaches the binding {@link LockClient#BATCH_LIMIT} keys at a time.
 */
class RedisLockBackendTest {
    private static final RedisLockSettings SETTINGS = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30),
            "t")).build();

    @Test
    void cacheLockHoldersReadTheOneKeyUnderItsSpiName() {
        LockKeys keys = LockKeys.cluster("p", 4);
        String redisKey = keys.cache("pkg/Task_1.json");
        HeldLock reader = new HeldLock(redisKey, LockMode.SHARED, "node-1:42#1.a", 7, Duration.ofSeconds(1),
                Duration.ofSeconds(20));
        HeldLock otherReader = new HeldLock(redisKey, LockMode.SHARED, "node-2:9#3.b", 8, Duration.ZERO,
                Duration.ofSeconds(25));
        OneKeyClient client = new OneKeyClient(List.of(reader, otherReader));
        RedisLockBackend backend = new RedisLockBackend(RedisFailures.ownClient("jedis", SETTINGS), keys, client);

        List<HeldLock> holders = backend.cacheLock().holders("pkg/Task_1.json");

        assertThat(client.read).containsExactly(LockKind.CACHE + " " + redisKey);
        assertThat(holders).extracting(HeldLock::key).containsOnly("p:cache:pkg/Task_1.json");
        assertThat(holders).extracting(HeldLock::holder).containsExactly("node-1:42#1.a", "node-2:9#3.b");
    }

    @Test
    void aRunLockHolderIsReadFromItsKeyAlone() {
        LockKeys keys = new LockKeys("p");
        String redisKey = keys.run("ab12");
        HeldLock holder = new HeldLock(redisKey, LockMode.EXCLUSIVE, "node-1:42#1.a", 7, Duration.ZERO,
                Duration.ofSeconds(20));
        OneKeyClient client = new OneKeyClient(List.of(holder));
        RedisLockBackend backend = new RedisLockBackend(RedisFailures.ownClient("jedis", SETTINGS), keys, client);

        assertThat(backend.runLock().holder("ab12")).contains(holder);
        assertThat(client.read).containsExactly(LockKind.RUN + " " + redisKey);
    }

    @Test
    void aBatchOfCacheLocksReachesTheBindingFiveHundredKeysAtATimeEachWay() {
        BatchClient client = new BatchClient(Integer.MAX_VALUE);
        RedisLockBackend backend = new RedisLockBackend(RedisFailures.ownClient("jedis", SETTINGS), new LockKeys("p"), client);
        List<String> targets = IntStream.range(0, 1_200).mapToObj(i -> "pkg/Leaf_" + i + ".json").toList();

        List<Lease> held = backend.cacheLock().tryAcquireAll(targets, LockMode.SHARED).stream().map(Optional::orElseThrow)
                .toList();
        backend.cacheLock().releaseAll(held);

        assertThat(client.acquired).as("keys of each tryAcquireAll the binding got").containsExactly(500, 500, 200);
        assertThat(client.released).as("leases of each releaseAll the binding got").containsExactly(500, 500, 200);
        assertThat(held).extracting(Lease::key).first().isEqualTo("p:cache:pkg/Leaf_0.json");
        assertThat(held).noneMatch(Lease::isHeld);
    }

    /** A later round trip that fails leaves none of the earlier ones' leases held. */
    @Test
    void aBatchWhoseSecondRoundTripFailsReleasesTheFirstsLeases() {
        BatchClient client = new BatchClient(2);
        RedisLockBackend backend = new RedisLockBackend(RedisFailures.ownClient("jedis", SETTINGS), new LockKeys("p"), client);
        List<String> targets = IntStream.range(0, 700).mapToObj(i -> "pkg/Leaf_" + i + ".json").toList();

        assertThatThrownBy(() -> backend.cacheLock().tryAcquireAll(targets, LockMode.SHARED))
                .isInstanceOf(LockException.class).hasMessage("round trip 2 failed");

        assertThat(client.acquired).containsExactly(500, 200);
        assertThat(client.released).containsExactly(500);
        assertThat(client.granted).hasSize(500).noneMatch(Lease::isHeld);
    }

    /** Grants every key of a batch, but fails its {@code failing}th round trip; notes each call's size. */
    private static final class BatchClient implements LockClient {
        private final int failing;
        private final List<Integer> acquired = new ArrayList<>();
        private final List<Integer> released = new ArrayList<>();
        private final List<Lease> granted = new ArrayList<>();

        BatchClient(int failing) {
            this.failing = failing;
        }

        @Override
        public List<Optional<Lease>> tryAcquireAll(LockKind kind, List<String> keys, LockMode mode) {
            acquired.add(keys.size());
            if (acquired.size() == failing) {
                throw new LockException("round trip " + failing + " failed");
            }
            List<Optional<Lease>> leases = new ArrayList<>();
            for (String key : keys) {
                Lease lease = new HeldUntilClosed(key, mode);
                granted.add(lease);
                leases.add(Optional.of(lease));
            }
            return leases;
        }

        @Override
        public void releaseAll(List<? extends Lease> leases) {
            released.add(leases.size());
            leases.forEach(Lease::close);
        }

        @Override
        public Optional<Lease> tryAcquire(LockKind kind, String key, LockMode mode) {
            throw new AssertionError("a key the batch settled taken alone: " + key);
        }

        @Override
        public Optional<Lease> acquire(LockKind kind, String key, LockMode mode, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> whenFree(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HeldLock> holders(LockKind kind, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<HeldLock> heldLocks() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public List<String> unconfirmedReleases() {
            return List.of();
        }
    }

    /** A lease held until closed. */
    private static final class HeldUntilClosed implements Lease {
        private final String key;
        private final LockMode mode;
        private boolean held = true;

        HeldUntilClosed(String key, LockMode mode) {
            this.key = key;
            this.mode = mode;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public LockMode mode() {
            return mode;
        }

        @Override
        public long fencingToken() {
            return 1;
        }

        @Override
        public boolean isHeld() {
            return held;
        }

        @Override
        public void close() {
            held = false;
        }
    }

    /** Answers who holds a key with the holders it was given, and notes the keys asked; it cannot list the prefix. */
    private static final class OneKeyClient implements LockClient {
        private final List<HeldLock> holders;
        private final List<String> read = new ArrayList<>();

        OneKeyClient(List<HeldLock> holders) {
            this.holders = holders;
        }

        @Override
        public List<HeldLock> holders(LockKind kind, String key) {
            read.add(kind + " " + key);
            return holders;
        }

        @Override
        public List<HeldLock> heldLocks() {
            throw new AssertionError("listed every lock of the prefix to name one key's holders");
        }

        @Override
        public Optional<Lease> tryAcquire(LockKind kind, String key, LockMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Lease> acquire(LockKind kind, String key, LockMode mode, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> whenFree(String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public List<String> unconfirmedReleases() {
            return List.of();
        }
    }
}
