package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.redis.internal.ReleaseNotifications;
import dev.kart.test.support.redis.RedisServerExtension;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** Run-lock release notifications from Redisson's unlock messages, against a real redis-server. */
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
        RedissonReleaseNotifications notifications = new RedissonReleaseNotifications(redisson);
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
}
