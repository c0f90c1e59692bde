package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.redis.RedisRelay;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A waiting acquire ends within its timeout plus one command timeout when Redis stops answering:
 * when Redis is stopped, frozen (SIGSTOP), or takes no new connections while the open ones still
 * answer (a {@link RedisRelay} in front of it). One waiter, then four at once, which must not queue
 * behind one another. The bound holds for a backend over a client of its own (whose commands time
 * out after the command timeout). Run by each binding module for its binding.
 */
public abstract class WaitingAcquireBoundBehaviour {
    /** Long enough that "within a command timeout" does not hinge on sub-second scheduling. */
    protected static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    protected static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofMillis(200);
    /** What a loaded machine may add to the bound. */
    private static final Duration TOLERANCE = Duration.ofSeconds(2);
    private static final Duration BOUND = WAIT.plus(COMMAND_TIMEOUT).plus(TOLERANCE);
    /** Only a guard against hanging. */
    private static final Duration HANG_GUARD = Duration.ofMinutes(2);
    private static final int WAITERS = 4;
    private static final String KEY = "held";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    /**
     * @param settings the backend's settings so far: lease, binding, timeouts
     * @param host where Redis (or a relay in front of it) is
     * @param port its port
     * @return the settings reaching it; kart's keys by default
     */
    protected RedisLockSettings.Builder reaching(RedisLockSettings.Builder settings, String host, int port) {
        return settings.host(host).port(port);
    }

    @AfterEach
    void restore() {
        // leave a running server to the next test, whatever this one did to it
        REDIS.server().restart();
    }

    @ParameterizedTest(name = "{0} waiting at once")
    @ValueSource(ints = {1, WAITERS})
    void waitersWhoseRedisFreezesFailWithinTheirTimeoutAndOneCommandTimeout(int waiters) throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "frozen-" + UUID.randomUUID();
        try (LockBackend holder = open(prefix, "holder", redis.host(), redis.port());
                LockBackend waiter = open(prefix, "waiter", redis.host(), redis.port())) {
            holder.runLock().tryAcquire(KEY).orElseThrow();
            // a wait that works first, so the freeze finds the waiter's connections open
            assertThat(waiter.runLock().acquire(KEY, WAIT)).isEmpty();
            redis.pause();
            try {
                // each acquire times out asking Redis, after at most one command timeout
                assertThat(waitTogether(waiter, waiters)).allSatisfy(WaitingAcquireBoundBehaviour::failedNamingTheKey);
            } finally {
                redis.resume();
            }
        }
    }

    /**
     * A run lock's wait ({@code on-collision = wait}) that Redis leaves unanswered for a while asks again, and takes the
     * lock once its holder, who kept it through the stall, releases it: with Redisson, whose run locks are its own,
     * as with Jedis.
     */
    @Test
    void aRunLockWaitAcrossAStallTakesTheLockOnceItsHolderReleasesIt() throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "stalled-wait-" + UUID.randomUUID();
        try (LockBackend holder = open(prefix, "holder", redis.host(), redis.port());
                LockBackend waiter = open(prefix, "waiter", redis.host(), redis.port())) {
            Lease held = holder.runLock().tryAcquire(KEY).orElseThrow();
            // connected, and the scripts known to Redis, before it freezes
            assertThat(waiter.runLock().acquire(KEY, WAIT)).isEmpty();
            CompletableFuture<Optional<Lease>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiter.runLock().acquire(KEY, Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            redis.pause();
            try {
                // over two command timeouts: at least one try goes unanswered, whenever the wait began
                Thread.sleep(COMMAND_TIMEOUT.multipliedBy(3).toMillis());
            } finally {
                redis.resume();
            }
            held.close();
            Optional<Lease> taken = waiting.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(taken).as("the lock, once its holder released it").isPresent();
            assertThat(taken.get().fencingToken()).isGreaterThan(held.fencingToken());
            taken.get().close();
        }
    }

    /**
     * A wait longer than the lease TTL asks a frozen Redis again until the TTL since its first unanswered try has
     * passed, not until its own timeout: by then every lease the process held has run out unrenewed.
     */
    @Test
    void aLongWaitOnAFrozenRedisAsksAgainForOneTtlThenFails() throws Exception {
        TestRedis redis = REDIS.server();
        Duration ttl = Duration.ofSeconds(9);
        LeaseSettings lease = LeaseSettings.of("stall-" + UUID.randomUUID(), ttl, "waiter").withoutRenewal();
        try (LockBackend waiter = new RedisLockBackendProvider().open(reaching(RedisLockSettings.builder(lease)
                .client(client()).commandTimeout(COMMAND_TIMEOUT).connectTimeout(CONNECT_TIMEOUT), redis.host(),
                redis.port()).build())) {
            // connected, and the scripts known to Redis, before it freezes
            waiter.cacheLock().acquire("warm-up", LockMode.EXCLUSIVE, WAIT).orElseThrow().close();
            redis.pause();
            long start = System.nanoTime();
            Throwable error;
            try {
                error = catchThrowable(() -> waiter.cacheLock().acquire(KEY, LockMode.EXCLUSIVE, Duration.ofMinutes(1)));
            } finally {
                redis.resume();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(error).as("after %s ms", took.toMillis()).isInstanceOf(LockException.class).hasMessageContaining(KEY)
                    .hasMessageContaining("kart.lock.ttl = 9s").hasMessageContaining("kart.lock.redis.command-timeout");
            assertThat(took).as("asked again for one TTL").isGreaterThanOrEqualTo(ttl)
                    // the last try may start just before the TTL is up: one command timeout and one poll more
                    .isLessThan(ttl.plus(COMMAND_TIMEOUT).plus(COMMAND_TIMEOUT).plus(TOLERANCE));
        }
    }

    @ParameterizedTest(name = "{0} waiting at once")
    @ValueSource(ints = {1, WAITERS})
    void waitersWhoseRedisStoppedFailWithinTheirTimeoutAndOneCommandTimeout(int waiters) throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "stopped-" + UUID.randomUUID();
        try (LockBackend holder = open(prefix, "holder", redis.host(), redis.port());
                LockBackend waiter = open(prefix, "waiter", redis.host(), redis.port())) {
            holder.runLock().tryAcquire(KEY).orElseThrow();
            assertThat(waiter.runLock().acquire(KEY, WAIT)).isEmpty();
            redis.stop();
            // refused connections fail each acquire at once
            assertThat(waitTogether(waiter, waiters)).allSatisfy(WaitingAcquireBoundBehaviour::failedNamingTheKey);
        }
    }

    @ParameterizedTest(name = "{0} waiting at once")
    @ValueSource(ints = {1, WAITERS})
    void waitersWhoseRedisTakesNoNewConnectionsReturnWithinTheirTimeoutAndOneCommandTimeout(int waiters) throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "no-new-connections-" + UUID.randomUUID();
        try (RedisRelay relay = RedisRelay.start(redis);
                LockBackend holder = open(prefix, "holder", redis.host(), redis.port());
                LockBackend waiter = open(prefix, "waiter", relay.host(), relay.port())) {
            holder.runLock().tryAcquire(KEY).orElseThrow();
            relay.holdNewConnections();
            try {
                // what the waiter asks over a connection it has is answered (the key is held: empty);
                // what needs a new one (a notification subscription, a second command connection)
                // hangs, and must cost no more than one command timeout, nor hold up the other waiters
                assertThat(waitTogether(waiter, waiters)).allSatisfy(WaitingAcquireBoundBehaviour::emptyOrFailedNamingTheKey);
            } finally {
                relay.passNewConnections();
            }
        }
    }

    /** The outcome of one waiting acquire: its lease or error, and how long it took. */
    private record Outcome(Optional<Lease> lease, Throwable error, Duration took) {
        @Override
        public String toString() {
            return (error != null ? error.toString() : lease.isPresent() ? "a lease" : "empty") + " after " + took.toMillis()
                    + " ms";
        }
    }

    private static void failedNamingTheKey(Outcome outcome) {
        assertThat(outcome.took()).as("%s; bound %s ms", outcome, BOUND.toMillis()).isLessThan(BOUND);
        assertThat(outcome.error()).as("%s", outcome).isInstanceOf(LockException.class).hasMessageContaining(KEY);
    }

    private static void emptyOrFailedNamingTheKey(Outcome outcome) {
        assertThat(outcome.took()).as("%s; bound %s ms", outcome, BOUND.toMillis()).isLessThan(BOUND);
        if (outcome.error() != null) {
            assertThat(outcome.error()).as("%s", outcome).isInstanceOf(LockException.class).hasMessageContaining(KEY);
        } else {
            assertThat(outcome.lease()).as("the key is held by another: %s", outcome).isEmpty();
        }
    }

    /** Starts the waiters at once; each measures its own acquire. */
    private static List<Outcome> waitTogether(LockBackend waiter, int count) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                outcomes.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    long start = System.nanoTime();
                    try {
                        Optional<Lease> lease = waiter.runLock().acquire(KEY, WAIT);
                        lease.ifPresent(Lease::close);
                        return new Outcome(lease, null, Duration.ofNanos(System.nanoTime() - start));
                    } catch (LockException e) {
                        return new Outcome(Optional.empty(), e, Duration.ofNanos(System.nanoTime() - start));
                    }
                }));
            }
            assertThat(ready.await(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            go.countDown();
            List<Outcome> result = new ArrayList<>();
            for (Future<Outcome> outcome : outcomes) {
                result.add(outcome.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS));
            }
            return result;
        } finally {
            threads.shutdownNow();
        }
    }

    private LockBackend open(String prefix, String owner, String host, int port) {
        LeaseSettings lease = LeaseSettings.of(prefix, Duration.ofSeconds(60), owner).withoutRenewal();
        RedisLockSettings.Builder settings = RedisLockSettings.builder(lease).client(client())
                .commandTimeout(COMMAND_TIMEOUT).connectTimeout(CONNECT_TIMEOUT);
        return new RedisLockBackendProvider().open(reaching(settings, host, port).build());
    }
}
