package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.redis.internal.HolderRecord;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.test.support.redis.RedisServerExtension;
import java.util.List;
import java.util.UUID;
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
 * The Redisson binding's two scripts against a real redis-server, beside locks Redisson really
 * holds: redisson-record.lua (fencing token, holder record, data epoch) and redisson-check.lua
 * (whether a run-lock holder still has Redisson's lock, and for how long).
 */
class RedissonScriptsTest {
    private static final long LEASE_MILLIS = 30_000;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    private RedissonClient redisson;
    private LockKeys keys;

    @BeforeEach
    void connect() {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + REDIS.server().host() + ":" + REDIS.server().port());
        redisson = Redisson.create(config);
        keys = new LockKeys("scripts-" + UUID.randomUUID());
    }

    @AfterEach
    void disconnect() {
        redisson.shutdown();
    }

    @Test
    void recordingHandsOutGrowingTokensWritesTheRecordAndReadsTheEpoch() {
        List<?> first = record("kart:run:a client:1", "node-1#1");
        List<?> second = record("kart:run:b client:2", "node-1#2");
        long token = Long.parseLong(first.get(0).toString());
        assertThat(Long.parseLong(second.get(0).toString())).isEqualTo(token + 1);
        assertThat(second.get(1)).as("one epoch").isEqualTo(first.get(1));
        String record = redisson.<String, String>getMap(keys.redissonRecords("kart:run:a"), StringCodec.INSTANCE).get("kart:run:a client:1");
        HolderRecord parsed = HolderRecord.parse(record).orElseThrow();
        assertThat(parsed.fencingToken()).isEqualTo(token);
        assertThat(parsed.holder()).isEqualTo("node-1#1");

        awaitServerClockPast(Math.max(token + 1, Long.parseLong(first.get(1).toString())));
        redisson.getKeys().delete(keys.redissonFence("kart:run:a"), keys.redissonEpoch("kart:run:a"));
        List<?> afterLoss = record("kart:run:c client:3", "node-1#3");
        assertThat(Long.parseLong(afterLoss.get(0).toString())).as("a lost counter restarts above earlier tokens")
                .isGreaterThan(token + 1);
        assertThat(afterLoss.get(1)).as("a lost epoch comes back new").isNotEqualTo(first.get(1));
    }

    /**
     * Waits until the server's clock has left the millisecond of a value made from it (a token or an
     * epoch: milliseconds times 1000, plus a count). The script makes a lost value again from that
     * clock, so a loss within the same millisecond would repeat it, which a real loss (a restart, a
     * failover) is never quick enough to do, but a test's delete on a fast machine is.
     */
    private void awaitServerClockPast(long value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (redisson.getScript(StringCodec.INSTANCE).<Long>eval(RScript.Mode.READ_ONLY,
                "local t = redis.call('TIME') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
                RScript.ReturnType.INTEGER) <= value / 1000) {
            assertThat(System.nanoTime() - deadline).as("the server clock moves on").isNegative();
            Thread.onSpinWait();
        }
    }

    @Test
    void aRunLockHolderIsConfirmedWithTheTimeLeftAndNoOneElseIs() throws Exception {
        String key = keys.run("ab");
        RLock lock = redisson.getLock(key);
        assertThat(lock.tryLockAsync(0, LEASE_MILLIS, TimeUnit.MILLISECONDS, 7).get()).isTrue();
        RedissonHolder holder = new RedissonHolder(key, 7, redisson.getId());
        assertThat(check(holder)).isBetween(1L, LEASE_MILLIS);
        assertThat(check(new RedissonHolder(key, 8, redisson.getId()))).isEqualTo(-3L);
        lock.unlockAsync(7).get();
        assertThat(check(holder)).as("after the unlock").isEqualTo(-3L);
    }

    private List<?> record(String field, String holder) {
        return redisson.getScript(StringCodec.INSTANCE).eval(keys.redissonRecords("kart:run:a"), RScript.Mode.READ_WRITE,
                RedissonScripts.RECORD.source(), RScript.ReturnType.MULTI,
                List.of(keys.redissonFence("kart:run:a"), keys.redissonRecords("kart:run:a"), keys.redissonEpoch("kart:run:a")), field, holder);
    }

    private long check(RedissonHolder holder) {
        Object left = redisson.getScript(StringCodec.INSTANCE).eval(holder.key(), RScript.Mode.READ_WRITE,
                RedissonScripts.CHECK.source(), RScript.ReturnType.INTEGER, List.of(holder.key()), holder.field());
        return ((Number) left).longValue();
    }
}
