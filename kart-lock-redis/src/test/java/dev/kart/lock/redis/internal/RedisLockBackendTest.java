package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Who holds a lock is read from its key alone: a wait that ran out, or a progress display that looks every
 * few seconds, never lists every lock of the prefix (a SCAN of every shard in a cluster) to name one key's
 * holders.
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
