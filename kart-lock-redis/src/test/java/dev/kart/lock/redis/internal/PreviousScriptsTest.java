package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.redis.RedisServerExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPooled;

/**
 * A rolling upgrade: nodes of the previous release and of this one lock the same keys of one
 * redis-server at once, each with its own scripts. The previous release's scripts are kept beside
 * this test ({@code previous/}, as they were before acquire.lua and release.lua took fewer server
 * calls); whatever one version writes the other must read, refuse, renew and release, and tokens
 * must keep growing across both.
 */
class PreviousScriptsTest {
    private static final long TTL = 30_000;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    private static final LuaScript PREVIOUS_ACQUIRE = previous("acquire.lua");
    private static final LuaScript PREVIOUS_RELEASE = previous("release.lua");
    private static final LuaScript PREVIOUS_RENEW = previous("renew.lua");

    private JedisPooled redis;
    private String prefix;
    private String key;

    @BeforeEach
    void connect() {
        redis = new JedisPooled(REDIS.server().host(), REDIS.server().port());
        prefix = "previous-" + UUID.randomUUID();
        key = prefix + ":cache:pkg/Task_1.json";
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    @Test
    void anExclusiveLeaseOfThePreviousReleaseIsRefusedRenewedAndReleasedByThisOne() {
        List<?> granted = acquire(PREVIOUS_ACQUIRE, "exclusive", "old#1.abc");
        assertThat(granted.get(0)).isEqualTo(1L);
        List<?> refused = acquire(LockScripts.ACQUIRE, "exclusive", "new#1.xyz");
        assertThat(refused.get(0)).isEqualTo(0L);
        assertThat((Long) refused.get(1)).isBetween(1L, TTL);
        assertThat(refused.get(2)).as("the same epoch").isEqualTo(granted.get(3));
        assertThat(acquire(LockScripts.ACQUIRE, "shared", "new#2.xyz").get(0)).isEqualTo(0L);
        assertThat(run(LockScripts.RENEW, "exclusive", "old#1.abc", Long.toString(TTL))).isEqualTo(1L);
        assertThat(run(LockScripts.RELEASE, "exclusive", "new#1.xyz")).isEqualTo(0L);
        assertThat(run(LockScripts.RELEASE, "exclusive", "old#1.abc")).isEqualTo(1L);
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void anExclusiveLeaseOfThisReleaseIsRefusedRenewedAndReleasedByThePreviousOne() {
        List<?> granted = acquire(LockScripts.ACQUIRE, "exclusive", "new#1.xyz");
        assertThat(granted.get(0)).isEqualTo(1L);
        assertThat((String) granted.get(2)).matches(granted.get(1) + " \\d+ new#1\\.xyz");
        List<?> refused = acquire(PREVIOUS_ACQUIRE, "exclusive", "old#1.abc");
        assertThat(refused.get(0)).isEqualTo(0L);
        assertThat((Long) refused.get(1)).isBetween(1L, TTL);
        assertThat(run(PREVIOUS_RENEW, "exclusive", "new#1.xyz", Long.toString(TTL))).isEqualTo(1L);
        assertThat(run(PREVIOUS_RELEASE, "exclusive", "new#1.xyz")).isEqualTo(1L);
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void sharedHoldersOfBothReleasesHoldTogetherAndKeepAnExclusiveTakerOfEitherOut() {
        String old = (String) acquire(PREVIOUS_ACQUIRE, "shared", "old#1.abc").get(2);
        String current = (String) acquire(LockScripts.ACQUIRE, "shared", "new#1.xyz").get(2);
        assertThat(redis.hgetAll(key)).containsOnlyKeys(old, current);
        assertThat(acquire(LockScripts.ACQUIRE, "exclusive", "new#2.xyz").get(0)).isEqualTo(0L);
        assertThat(acquire(PREVIOUS_ACQUIRE, "exclusive", "old#2.abc").get(0)).isEqualTo(0L);
        assertThat(run(LockScripts.RELEASE, "shared", "old#1.abc")).isEqualTo(1L);
        assertThat(run(PREVIOUS_RELEASE, "shared", "new#1.xyz")).isEqualTo(1L);
        assertThat(redis.exists(key)).isFalse();
        assertThat(acquire(LockScripts.ACQUIRE, "exclusive", "new#3.xyz").get(0)).isEqualTo(1L);
    }

    @Test
    void tokensGrowByOneAcrossBothReleasesUnderOneEpoch() {
        List<?> first = acquire(PREVIOUS_ACQUIRE, "exclusive", "old#1.abc");
        run(PREVIOUS_RELEASE, "exclusive", "old#1.abc");
        List<?> second = acquire(LockScripts.ACQUIRE, "exclusive", "new#1.xyz");
        run(LockScripts.RELEASE, "exclusive", "new#1.xyz");
        List<?> third = acquire(PREVIOUS_ACQUIRE, "exclusive", "old#2.abc");
        assertThat((Long) second.get(1)).isEqualTo((Long) first.get(1) + 1);
        assertThat((Long) third.get(1)).isEqualTo((Long) second.get(1) + 1);
        assertThat(second.get(3)).isEqualTo(first.get(3));
        assertThat(third.get(3)).isEqualTo(first.get(3));
    }

    private List<?> acquire(LuaScript script, String mode, String holder) {
        return (List<?>) redis.eval(script.source(), List.of(key, prefix + ":fence", prefix + ":epoch"),
                List.of(mode, Long.toString(TTL), holder));
    }

    private Object run(LuaScript script, String... args) {
        return redis.eval(script.source(), List.of(key), List.of(args));
    }

    private static LuaScript previous(String name) {
        return LuaScript.load(name, resource -> PreviousScriptsTest.class.getResourceAsStream("previous/" + resource));
    }
}
