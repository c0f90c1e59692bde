package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;

/**
 * Cache locks taken together ({@code CacheLock.tryAcquireAll}) by a Redis whose fencing counter went back below the
 * raise the binding made (Redis restored from older data): the grants of one call take their tokens from that counter
 * one after another, so one token at or below the raise makes every grant of the call suspect. Every one is undone and
 * taken again after a new raise, and no token of a lease still held is handed out twice. Run by each binding module
 * for its binding.
 */
public abstract class BatchFencingBehaviour {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    /**
     * @param prefix the key prefix
     * @return the binding's fencing counter on one server
     */
    protected abstract String fenceKey(String prefix);

    @Test
    void locksTakenTogetherFromACounterBelowItsRaiseHandOutNoTokenTwice() {
        LeaseSettings lease = LeaseSettings.of("lagging-" + UUID.randomUUID(), Duration.ofMinutes(1), "build-6:6");
        try (LockBackend backend = new RedisLockBackendProvider().open(lease, MapConfigSection.of("kart.lock.redis")
                        .with("host", REDIS.server().host()).with("port", REDIS.server().port())
                        .with("client", client().configName()));
                JedisPooled redis = new JedisPooled(REDIS.server().host(), REDIS.server().port())) {
            List<Lease> held = take(backend, "pkg/Held_1.json", "pkg/Held_2.json", "pkg/Held_3.json", "pkg/Held_4.json");
            // the first held token is the raise's value plus one: the next four grants from this counter would get two
            // tokens at or below the raise, then two that the first held leases have
            long lowest = held.stream().mapToLong(Lease::fencingToken).min().orElseThrow();
            redis.set(fenceKey(lease.prefix()), Long.toString(lowest - 3));

            List<Lease> next = take(backend, "pkg/Next_1.json", "pkg/Next_2.json", "pkg/Next_3.json", "pkg/Next_4.json");
            long highestHeld = held.stream().mapToLong(Lease::fencingToken).max().orElseThrow();
            assertThat(next).as("leases taken after the counter went back, against %s", held)
                    .allSatisfy(granted -> assertThat(granted.fencingToken()).isGreaterThan(highestHeld));
            assertThat(next).as("the holds in Redis: each lease's own, the grants undone deleted")
                    .allSatisfy(granted -> assertThat(redis.hlen(granted.key())).isOne());
            backend.cacheLock().releaseAll(next);
            backend.cacheLock().releaseAll(held);
        }
    }

    private static List<Lease> take(LockBackend backend, String... targets) {
        return backend.cacheLock().tryAcquireAll(List.of(targets), LockMode.SHARED).stream().map(Optional::orElseThrow)
                .toList();
    }
}
