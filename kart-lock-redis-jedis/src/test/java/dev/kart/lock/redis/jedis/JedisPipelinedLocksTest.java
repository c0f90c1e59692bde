package dev.kart.lock.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.RedisRelay;
import dev.kart.test.support.redis.RedisServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Jedis binding takes and releases the cache locks of many targets in one round trip each way (a pipeline), as a
 * task's {@code loadAll} asks, where one at a time takes a round trip per lock. Counted at a relay in front of Redis:
 * a client that waits for each reply reaches it once per command at least.
 */
class JedisPipelinedLocksTest {
    private static final int TARGETS = 40;
    /** Forty scripts' requests fill a few socket buffers at most; forty round trips would arrive forty times. */
    private static final int FEW_READS = 8;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @Test
    void manyCacheLocksAreTakenAndReleasedInOneRoundTripEach() {
        LeaseSettings lease = LeaseSettings.of("pipelined-" + UUID.randomUUID(), Duration.ofMinutes(1), "build-1:1");
        List<String> targets = IntStream.range(0, TARGETS).mapToObj(i -> "pkg/Sleeper_" + i + ".json").toList();
        try (RedisRelay relay = RedisRelay.start(REDIS.server()); LockBackend backend = open(lease, relay.host(), relay.port());
                JedisPooled redis = new JedisPooled(REDIS.server().host(), REDIS.server().port())) {
            // connected, the fencing counter raised and the scripts known before counting
            backend.cacheLock().tryAcquire("pkg/WarmUp.json", LockMode.SHARED).orElseThrow().close();

            long before = relay.requestReads();
            List<Optional<Lease>> leases = backend.cacheLock().tryAcquireAll(targets, LockMode.SHARED);
            long acquireReads = relay.requestReads() - before;
            assertThat(leases).hasSize(TARGETS).allSatisfy(granted -> assertThat(granted).isPresent());
            List<Lease> held = leases.stream().map(Optional::orElseThrow).toList();
            assertThat(held).allSatisfy(granted -> assertThat(granted.isHeld()).isTrue());
            assertThat(targets).allSatisfy(target -> assertThat(redis.exists(lease.prefix() + ":cache:" + target))
                    .as("the shared hold of %s in Redis", target).isTrue());
            assertThat(acquireReads).as("reads at the relay while %d locks were taken together", TARGETS)
                    .isLessThanOrEqualTo(FEW_READS);

            before = relay.requestReads();
            backend.cacheLock().releaseAll(held);
            long releaseReads = relay.requestReads() - before;
            assertThat(held).allSatisfy(released -> assertThat(released.isHeld()).isFalse());
            assertThat(targets).allSatisfy(target -> assertThat(redis.exists(lease.prefix() + ":cache:" + target))
                    .as("the hold of %s after the release", target).isFalse());
            assertThat(releaseReads).as("reads at the relay while they were released together").isLessThanOrEqualTo(FEW_READS);

            // the same locks one at a time, for scale: what the relay counts when each waits for its reply
            before = relay.requestReads();
            for (String target : targets) {
                backend.cacheLock().tryAcquire(target, LockMode.SHARED).orElseThrow().close();
            }
            assertThat(relay.requestReads() - before).as("reads for %d locks taken and released one at a time", TARGETS)
                    .isGreaterThanOrEqualTo(2L * TARGETS);
        }
    }

    /** More locks than one pipeline takes (500) go in several, each still far from a round trip per lock. */
    @Test
    void thousandsOfLocksGoInSeveralPipelines() {
        LeaseSettings lease = LeaseSettings.of("many-" + UUID.randomUUID(), Duration.ofMinutes(1), "build-4:4");
        List<String> targets = IntStream.range(0, 1_200).mapToObj(i -> "pkg/Leaf_" + i + ".json").toList();
        try (RedisRelay relay = RedisRelay.start(REDIS.server()); LockBackend backend = open(lease, relay.host(), relay.port());
                LockBackend other = open(lease.withOwner("build-5:5"), REDIS.server().host(), REDIS.server().port())) {
            backend.cacheLock().tryAcquire("pkg/WarmUp.json", LockMode.SHARED).orElseThrow().close();
            long before = relay.requestReads();
            List<Lease> held = backend.cacheLock().tryAcquireAll(targets, LockMode.SHARED).stream()
                    .map(Optional::orElseThrow).toList();
            backend.cacheLock().releaseAll(held);
            // a few hundred kilobytes of scripts, read in socket buffers' worth: far fewer than 2,400 round trips
            assertThat(relay.requestReads() - before).as("reads at the relay for 1,200 locks taken and released together")
                    .isLessThan(targets.size() / 4);
            assertThat(held).allSatisfy(released -> assertThat(released.isHeld()).isFalse());
            assertThat(other.cacheLock().tryAcquireAll(targets, LockMode.EXCLUSIVE)).as("a writer of each after the release")
                    .allSatisfy(granted -> assertThat(granted).hasValueSatisfying(Lease::close));
        }
    }

    /**
     * After a restart, or a SCRIPT FLUSH, Redis knows no script: the pipeline sends the scripts again by their source,
     * in a second pipeline, rather than each lock on its own.
     */
    @Test
    void aPipelineToARedisThatForgotTheScriptsSendsTheirSource() {
        LeaseSettings lease = LeaseSettings.of("flushed-" + UUID.randomUUID(), Duration.ofMinutes(1), "build-2:2");
        List<String> targets = IntStream.range(0, 10).mapToObj(i -> "pkg/A_" + i + ".json").toList();
        try (RedisRelay relay = RedisRelay.start(REDIS.server()); LockBackend backend = open(lease, relay.host(), relay.port());
                LockBackend other = open(lease.withOwner("build-3:3"), REDIS.server().host(), REDIS.server().port());
                JedisPooled redis = new JedisPooled(REDIS.server().host(), REDIS.server().port())) {
            backend.cacheLock().tryAcquire("pkg/WarmUp.json", LockMode.EXCLUSIVE).orElseThrow().close();
            redis.scriptFlush();

            long before = relay.requestReads();
            List<Lease> held = backend.cacheLock().tryAcquireAll(targets, LockMode.EXCLUSIVE).stream()
                    .map(Optional::orElseThrow).toList();
            assertThat(relay.requestReads() - before).as("reads at the relay for a pipeline sent again by source")
                    .isLessThanOrEqualTo(FEW_READS);
            assertThat(other.cacheLock().tryAcquire("pkg/A_2.json", LockMode.SHARED)).as("a reader of a target held").isEmpty();
            redis.scriptFlush();
            before = relay.requestReads();
            backend.cacheLock().releaseAll(held);
            assertThat(relay.requestReads() - before).as("reads at the relay for the releases sent again by source")
                    .isLessThanOrEqualTo(FEW_READS);
            assertThat(targets).allSatisfy(target -> assertThat(other.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE))
                    .as("%s after the release", target).hasValueSatisfying(Lease::close));
        }
    }

    /**
     * An application's client over a single connection lends no pipeline (Jedis refuses to make one): the locks are
     * taken and released one at a time through it.
     */
    @Test
    void anApplicationsClientThatLendsNoPipelineTakesTheLocksOneAtATime() {
        LeaseSettings lease = LeaseSettings.of("single-" + UUID.randomUUID(), Duration.ofMinutes(1), "build-7:7");
        List<String> targets = List.of("pkg/B_1.json", "pkg/B_2.json", "pkg/B_3.json");
        try (UnifiedJedis single = new UnifiedJedis(new Connection(REDIS.server().host(), REDIS.server().port()));
                LockBackend backend = JedisLocks.open(single, RedisLockSettings.builder(lease).build());
                LockBackend other = open(lease.withOwner("build-8:8"), REDIS.server().host(), REDIS.server().port())) {
            for (int round = 0; round < 2; round++) {
                List<Lease> held = backend.cacheLock().tryAcquireAll(targets, LockMode.EXCLUSIVE).stream()
                        .map(Optional::orElseThrow).toList();
                assertThat(other.cacheLock().tryAcquire("pkg/B_3.json", LockMode.SHARED)).as("a reader of a target held")
                        .isEmpty();
                backend.cacheLock().releaseAll(held);
                assertThat(other.cacheLock().tryAcquireAll(targets, LockMode.EXCLUSIVE)).as("writers after the release")
                        .allSatisfy(granted -> assertThat(granted).hasValueSatisfying(Lease::close));
            }
        }
    }

    private static LockBackend open(LeaseSettings lease, String host, int port) {
        return new RedisLockBackendProvider().open(lease, MapConfigSection.of("kart.lock.redis").with("host", host)
                .with("port", port).with("client", "jedis"));
    }
}
