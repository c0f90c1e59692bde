package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.LiveThreads;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many acquires, waiting ones that time out against a held key among them, across a Redis restart
 * (stopped, acquires going on meanwhile, started again on the same port) leave nothing behind: once
 * settled, the JVM runs no more threads than before and Redis counts no more connections. Run by
 * each binding module for its binding.
 */
public abstract class AcquireCyclesBehaviour {
    private static final int CYCLES = 200;
    private static final int STOP_AT = 80;
    private static final int START_AT = 120;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** How long the waiting acquires against the held key wait; they time out, nothing is measured. */
    private static final Duration SHORT_WAIT = Duration.ofMillis(100);
    /** Pools shrink and threads end in the background: idle Redisson connections close after 10 s. */
    private static final Duration SETTLING = Duration.ofSeconds(60);
    /** The holder and the waiter. */
    private static final int BACKENDS = 2;
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final String HELD_RUN = "held";
    private static final String HELD_CACHE = "pkg/Held.json";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @Test
    void acquireCyclesAcrossARestartLeaveNoThreadsNorConnectionsBehind() throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "cycles-" + UUID.randomUUID();
        try (LockBackend holder = open(prefix, "holder"); LockBackend waiter = open(prefix, "waiter")) {
            hold(holder);
            for (int i = 0; i < 10; i++) {
                assertThat(cycle(waiter, i)).as("warm-up cycle %d", i).isEmpty();
            }
            LiveThreads threadsBefore = LiveThreads.now();
            List<String> clientsBefore = redis.clients();

            int failed = 0;
            for (int i = 0; i < CYCLES; i++) {
                if (i == STOP_AT) {
                    redis.stop();
                } else if (i == START_AT) {
                    redis.restart();
                    // the restart emptied Redis: the holder takes its keys again, as soon as it can
                    hold(holder);
                }
                if (cycle(waiter, i).isPresent()) {
                    failed++;
                }
            }
            assertThat(failed).as("cycles that failed, at least those while Redis was stopped")
                    .isBetween(START_AT - STOP_AT, CYCLES);
            // The client reconnects in the background after the restart; on a busy machine (Redisson's
            // reconnection timer) that can take longer than the cycles above, which fail fast meanwhile.
            long deadline = System.nanoTime() + HANG_GUARD.toNanos();
            Optional<LockException> back = cycle(waiter, CYCLES);
            for (int i = CYCLES + 1; back.isPresent() && System.nanoTime() < deadline; i++) {
                Thread.sleep(100);
                back = cycle(waiter, i);
            }
            assertThat(back).as("a cycle once Redis is back, within %s", HANG_GUARD).isEmpty();

            settled(threadsBefore, clientsBefore);
        }
    }

    /**
     * One cycle: a waiting acquire that times out (the key is held), then a lease on a free key,
     * taken and closed; a run lock and a cache lock in turn.
     *
     * @return empty when Redis answered, else the {@link LockException} the cycle failed with
     */
    private static Optional<LockException> cycle(LockBackend waiter, int i) throws InterruptedException {
        try {
            Optional<Lease> none = i % 2 == 0 ? waiter.runLock().acquire(HELD_RUN, SHORT_WAIT)
                    : waiter.cacheLock().acquire(HELD_CACHE, LockMode.EXCLUSIVE, SHORT_WAIT);
            assertThat(none).as("cycle %d: a key the holder holds", i).isEmpty();
        } catch (LockException e) {
            // Redis is down; or (Redisson) its subscription to the unlock channel did not come
            // within the short wait, which Redisson reports as an error: what counts here is what
            // the wait leaves behind
        }
        try {
            Optional<Lease> free = i % 2 == 0 ? waiter.runLock().acquire("free-" + i, HANG_GUARD)
                    : waiter.cacheLock().acquire("pkg/Free_" + i + ".json", LockMode.EXCLUSIVE, HANG_GUARD);
            assertThat(free).as("cycle %d: a free key", i).isPresent();
            free.get().close();
            return Optional.empty();
        } catch (LockException e) {
            return Optional.of(e);
        }
    }

    private static void hold(LockBackend holder) throws InterruptedException {
        holdOne(() -> holder.runLock().tryAcquire(HELD_RUN));
        holdOne(() -> holder.cacheLock().tryAcquire(HELD_CACHE, LockMode.EXCLUSIVE));
    }

    private static void holdOne(Supplier<Optional<Lease>> take) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (true) {
            try {
                assertThat(take.get()).as("a key no one else takes").isPresent();
                return;
            } catch (LockException e) {
                // the client reconnects after the restart; its first calls may still fail
                assertThat(System.nanoTime() < deadline).as("holder took its key within %s: %s", HANG_GUARD, e).isTrue();
                Thread.sleep(50);
            }
        }
    }

    private static void settled(LiveThreads threadsBefore, List<String> clientsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLING.toNanos();
        while (true) {
            LiveThreads threads = LiveThreads.now();
            Map<String, Long> extraThreads = threads.beyond(threadsBefore);
            List<String> clients = REDIS.server().clients();
            // each backend's pool may keep one more idle connection than before when its cleanup thread
            // (after the outage's lost replies) borrowed one beside a cycle on a busy machine: bounded
            // by the pool; a leak across 200 cycles would show as dozens
            int allowedClients = clientsBefore.size() + BACKENDS;
            if (extraThreads.isEmpty() && clients.size() <= allowedClients) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(extraThreads).as("threads beyond those before the cycles, after %s; before: %s; now: %s", SETTLING,
                        threadsBefore, threads).isEmpty();
                assertThat(clients).as("connections to Redis after %s; before the cycles: %s", SETTLING, clientsBefore)
                        .hasSizeLessThanOrEqualTo(allowedClients);
            }
            Thread.sleep(100);
        }
    }

    private LockBackend open(String prefix, String owner) {
        // without renewal, so no renewal borrows a connection now and then: the pools stay as the cycles leave them
        LeaseSettings lease = LeaseSettings.of(prefix, Duration.ofMinutes(10), owner).withoutRenewal();
        return new RedisLockBackendProvider().open(RedisLockSettings.builder(lease).client(client())
                .host(REDIS.server().host()).port(REDIS.server().port())
                .commandTimeout(COMMAND_TIMEOUT).connectTimeout(CONNECT_TIMEOUT).build());
    }
}
