package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.redis.internal.LockScripts;
import dev.kart.lock.redis.internal.ReleaseNotifications;
import dev.kart.test.support.redis.RedisServerExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Release notifications against a real redis-server: of run locks from Redisson's unlock messages, of
 * cache locks from release.lua's message on the key.
 */
class RedissonReleaseNotificationsTest {
    private static final long HANG_GUARD_SECONDS = 30;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    private RedissonClient redisson;

    /** Counts its wake-ups. */
    private static final class Counting implements ReleaseNotifications.Listener {
        final Semaphore wakeups = new Semaphore(0);

        @Override
        public void released() {
            wakeups.release();
        }

        @Override
        public void notificationsLost() {
            // Redisson resubscribes on its own and never says so
        }
    }

    @BeforeEach
    void connect() {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + REDIS.server().host() + ":" + REDIS.server().port());
        redisson = Redisson.create(config);
    }

    @AfterEach
    void disconnect() {
        redisson.shutdown();
    }

    @Test
    void anUnlockOfTheRunLockWakesItsListenersUntilTheyLeave() throws Exception {
        String key = "notify-" + UUID.randomUUID() + ":run:ab";
        RedissonReleaseNotifications notifications = RedissonReleaseNotifications.ofRedissonLocks(redisson);
        Counting listener = new Counting();
        notifications.listen(key, listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        RLock lock = redisson.getLock(key);
        assertThat(lock.tryLockAsync(0, 30, TimeUnit.SECONDS, 5).get()).isTrue();
        lock.unlockAsync(5).get();
        assertThat(listener.wakeups.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("woken by the unlock").isTrue();

        notifications.unlisten(key, listener);
        Counting other = new Counting();
        notifications.listen(key, other).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(lock.tryLockAsync(0, 30, TimeUnit.SECONDS, 6).get()).isTrue();
        lock.unlockAsync(6).get();
        assertThat(other.wakeups.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.wakeups.availablePermits()).as("the listener that left").isZero();
    }

    @Test
    void aReleaseOfACacheLockByKartsScriptWakesItsListeners() throws Exception {
        String key = "notify-" + UUID.randomUUID() + ":cache:pkg/Task_1.json";
        RedissonReleaseNotifications notifications = RedissonReleaseNotifications.ofKartLocks(redisson);
        Counting listener = new Counting();
        notifications.listen(key, listener).toCompletableFuture().get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);

        RScript scripts = redisson.getScript(StringCodec.INSTANCE);
        List<?> granted = scripts.eval(key, RScript.Mode.READ_WRITE, LockScripts.ACQUIRE.source(), RScript.ReturnType.MULTI,
                List.of(key), "exclusive", "30000", "node-1#1");
        assertThat(granted.get(0)).as("granted").isEqualTo(1L);
        // release.lua compares the holder id the acquire was sent with
        scripts.eval(key, RScript.Mode.READ_WRITE, LockScripts.RELEASE.source(), RScript.ReturnType.INTEGER, List.of(key),
                "exclusive", "node-1#1");
        assertThat(listener.wakeups.tryAcquire(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("woken by release.lua").isTrue();
        notifications.unlisten(key, listener);
    }
}
