package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.CapturedLog;
import dev.kart.lock.redis.behaviour.fixtures.KeyspaceEvents;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.RedisServerExtension;
import dev.kart.test.support.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A lock request whose reply never came must not strand its lock. redis-server is frozen (SIGSTOP)
 * while a node asks for a lock; the node gives up after the command timeout; when the server resumes
 * it carries out the request that waited in its socket and grants the lock to nobody alive. The node
 * must delete that hold within 2 s of the resume (not leave it for the TTL of a minute), so that the
 * next node's request gets the lock. Redis's keyspace notifications show the grant and the delete.
 * Run by each binding module for its binding.
 */
public abstract class LostReplyBehaviour {
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final String OWNER = "build-7:4242";
    /**
     * How long the frozen request waits before its node gives up; it bounds the warm-up's first commands too,
     * which took over 1 s for a cold Redisson client on a loaded machine.
     */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** How soon after the resume the hold of a request given up on must be gone (kart's issue 11). */
    private static final Duration CLEANED_WITHIN = Duration.ofSeconds(2);
    /** Only a guard against hanging; well below the TTL, so a hold left to expire is not mistaken for one deleted. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    /**
     * How long a waiting acquire waits: under the command timeout, so that its first try, unanswered, ends the wait
     * with the error (a longer wait asks again until Redis answers, RedisOutageBehaviour).
     */
    private static final Duration WAIT = Duration.ofMillis(200);

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @ParameterizedTest(name = "{0} lock, {1}, {2}")
    @CsvSource({"run, EXCLUSIVE, tryAcquire", "cache, EXCLUSIVE, tryAcquire", "cache, SHARED, tryAcquire",
            "run, EXCLUSIVE, acquire", "cache, SHARED, acquire", "cache, SHARED, tryAcquireAll",
            "cache, EXCLUSIVE, tryAcquireAll"})
    void aLockGrantedAfterItsRequesterGaveUpIsDeletedOnceRedisAnswersAgain(String lock, LockMode mode, String call)
            throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "lost-reply-" + UUID.randomUUID();
        String name = lock.equals("run") ? "0123abcd" : "pkg/Task_1.json";
        String key = prefix + ":" + lock + ":" + name;
        CapturedLog logged = CapturedLog.of("dev.kart.lock.redis.internal.AbandonedRequests");
        boolean batch = call.equals("tryAcquireAll");
        try (LockBackend gaveUp = open(prefix); LockBackend next = open(prefix);
                KeyspaceEvents events = KeyspaceEvents.of(redis.host(), redis.port(), key);
                // the other target of the batch: sent in the same round trip, granted late and deleted too
                KeyspaceEvents otherEvents = KeyspaceEvents.of(redis.host(), redis.port(), key + ".2")) {
            // both connected, and their scripts known to Redis, before it freezes
            take(gaveUp, lock, "warm-up", mode, call).orElseThrow().close();
            take(next, lock, "warm-up", mode, call).orElseThrow().close();

            long resumedAt;
            redis.pause();
            try {
                if (batch) {
                    assertThat(take(gaveUp, lock, name, mode, call)).as("a batch Redis does not answer: every target"
                            + " left to a waiting acquire, none held").isEmpty();
                } else {
                    assertThatThrownBy(() -> take(gaveUp, lock, name, mode, call)).as("a request Redis does not answer")
                            .isInstanceOf(LockException.class);
                }
            } finally {
                redis.resume();
                resumedAt = System.nanoTime();
            }

            assertGrantedLateAndDeleted(events, key, resumedAt);
            if (batch) {
                assertGrantedLateAndDeleted(otherEvents, key + ".2", resumedAt);
            }

            Optional<Lease> taken = take(next, lock, name, LockMode.EXCLUSIVE, "tryAcquire");
            assertThat(taken).as("another node's next request for %s", key).isPresent();
            taken.get().close();
            // the holder as kart locks names it (the lease settings' owner, then # and the lease),
            // not a client library's own id
            assertThat(logged.lines()).as("the warnings about the request given up")
                    .filteredOn(warning -> warning.contains(key)).isNotEmpty()
                    .allSatisfy(warning -> assertThat(warning).contains("(holder " + OWNER + "#"));
        } finally {
            logged.close();
        }
    }

    /**
     * A release Redis does not answer, nor the last try before the backend closes: the backend tells its key as one
     * this process may still hold, so that kart run's last line does not say every lock was released.
     */
    @ParameterizedTest(name = "{0} lock, {1}")
    @CsvSource({"run, close", "cache, close", "cache, releaseAll"})
    void aReleaseRedisNeverConfirmedIsToldAfterClosing(String lock, String release) throws Exception {
        TestRedis redis = REDIS.server();
        String prefix = "unconfirmed-" + UUID.randomUUID();
        String name = lock.equals("run") ? "4567cdef" : "pkg/Task_2.json";
        String key = prefix + ":" + lock + ":" + name;
        LockBackend backend = open(prefix);
        try {
            Lease lease = take(backend, lock, name, LockMode.EXCLUSIVE, "tryAcquire").orElseThrow();
            // with releaseAll, a second lease released in the same round trip
            Lease other = release.equals("releaseAll")
                    ? take(backend, lock, name + ".2", LockMode.EXCLUSIVE, "tryAcquire").orElseThrow() : null;
            redis.pause();
            try {
                if (other != null) {
                    backend.cacheLock().releaseAll(List.of(lease, other));
                } else {
                    lease.close();
                }
                backend.close();
                // asked while Redis is still paused: a last try still reading could otherwise get its answer first
                assertThat(backend.unconfirmedReleases()).containsExactlyInAnyOrderElementsOf(release.equals("releaseAll")
                        ? List.of(key, key + ".2") : List.of(key));
            } finally {
                redis.resume();
            }
        } finally {
            backend.close();
        }
        try (LockBackend confirmed = open(prefix)) {
            take(confirmed, lock, name + "-next", LockMode.EXCLUSIVE, "tryAcquire").orElseThrow().close();
            confirmed.close();
            assertThat(confirmed.unconfirmedReleases()).as("a release Redis answered").isEmpty();
        }
    }

    private static void assertGrantedLateAndDeleted(KeyspaceEvents events, String key, long resumedAt)
            throws InterruptedException {
        KeyspaceEvents.Event granted = events.next(HANG_GUARD);
        assertThat(granted).as("Redis carrying out, once resumed, the request for %s that waited in its socket", key)
                .isNotNull();
        assertThat(granted.name()).as("the first event on %s", key).isNotIn("del", "expired");
        KeyspaceEvents.Event event;
        do {
            event = events.next(HANG_GUARD);
        } while (event != null && !event.name().equals("del") && !event.name().equals("expired"));
        assertThat(event).as("the hold granted to nobody alive deleted within %s (events on %s: %s)", HANG_GUARD, key,
                events.seen()).isNotNull();
        assertThat(event.name()).as("how the hold of %s ended", key).isEqualTo("del");
        assertThat(Duration.ofNanos(event.receivedAt() - resumedAt)).as("time from the resume to the delete of %s", key)
                .isLessThanOrEqualTo(CLEANED_WITHIN);
    }

    private static Optional<Lease> take(LockBackend backend, String lock, String name, LockMode mode, String call)
            throws InterruptedException {
        boolean waiting = call.equals("acquire");
        if (call.equals("tryAcquireAll")) {
            // the target's lock with another, in one call: the other's lease is let go at once
            List<Optional<Lease>> leases = backend.cacheLock().tryAcquireAll(List.of(name, name + ".2"), mode);
            leases.get(1).ifPresent(Lease::close);
            return leases.get(0);
        }
        if (lock.equals("run")) {
            return waiting ? backend.runLock().acquire(name, WAIT) : backend.runLock().tryAcquire(name);
        }
        return waiting ? backend.cacheLock().acquire(name, mode, WAIT) : backend.cacheLock().tryAcquire(name, mode);
    }

    private LockBackend open(String prefix) {
        return new RedisLockBackendProvider().open(LeaseSettings.of(prefix, TTL, OWNER),
                MapConfigSection.of("kart.lock.redis").with("host", REDIS.server().host()).with("port", REDIS.server().port())
                        .with("client", client().configName()).with("command-timeout", COMMAND_TIMEOUT)
                        .with("connect-timeout", COMMAND_TIMEOUT));
    }
}
