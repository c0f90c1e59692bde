package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import dev.kart.test.support.redis.RedisServerExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * kart's lock scripts, which both bindings run, each against a real redis-server and checked
 * by what they leave in Redis: acquire.lua (exclusive and shared holders, fencing tokens, the data
 * epoch, and without the counter keys as the Redisson binding calls it), release.lua
 * (compare-and-delete by holder id, the notification), renew.lua (compare-and-pexpire by holder
 * id) and holder.lua (who holds a key, read only). The holder id is the client's own, so a client whose acquire got no reply can still delete
 * the hold. Expired shared holders are written with an expiry in the past rather than waited for.
 */
class LockScriptsTest {
    private static final long TTL = 30_000;
    /** A TTL ten times as long, for a holder that outlives the others. */
    private static final long LONG_TTL = 300_000;
    private static final long HANG_GUARD_SECONDS = 30;

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    private JedisPooled redis;
    private String prefix;
    private String key;

    @BeforeEach
    void connect() {
        redis = new JedisPooled(REDIS.server().host(), REDIS.server().port());
        prefix = "scripts-" + UUID.randomUUID();
        key = prefix + ":cache:pkg/Task_1.json";
    }

    @AfterEach
    void disconnect() {
        redis.close();
    }

    // ----- acquire.lua

    @Test
    void anExclusiveAcquireSetsTheKeyToItsIdWithTheTtl() {
        List<?> reply = acquire("exclusive", "node-1#1");
        assertThat(reply.get(0)).isEqualTo(1L);
        long token = (Long) reply.get(1);
        String id = (String) reply.get(2);
        assertThat(id).matches(token + " \\d+ node-1#1");
        assertThat(redis.get(key)).isEqualTo(id);
        assertThat(redis.pttl(key)).isBetween(1L, TTL);
        assertThat(reply.get(3)).as("the epoch").isEqualTo(redis.get(prefix + ":epoch"));
        assertThat(redis.pttl(prefix + ":epoch")).as("the epoch never expires").isEqualTo(-1L);
    }

    @Test
    void aHeldKeyIsRefusedWithTheTimeItsHolderHasLeft() {
        acquire("exclusive", "a");
        List<?> refused = acquire("exclusive", "b");
        assertThat(refused.get(0)).isEqualTo(0L);
        assertThat((Long) refused.get(1)).isBetween(1L, TTL);
        assertThat(acquire("shared", "c").get(0)).as("shared while exclusively held").isEqualTo(0L);
    }

    @Test
    void sharedHoldersAreHashFieldsEachWithItsExpiryAndKeepAnExclusiveTakerOut() {
        List<?> first = acquire("shared", "a");
        List<?> second = acquire("shared", "b");
        assertThat(first.get(0)).isEqualTo(1L);
        assertThat(second.get(0)).isEqualTo(1L);
        assertThat(redis.hgetAll(key)).containsOnlyKeys((String) first.get(2), (String) second.get(2));
        assertThat(redis.pttl(key)).isBetween(1L, TTL);
        List<?> refused = acquire("exclusive", "c");
        assertThat(refused.get(0)).isEqualTo(0L);
        assertThat((Long) refused.get(1)).isBetween(1L, TTL);
    }

    @Test
    void sharedHoldersWhoseExpiryPassedAreDroppedAndLetAnExclusiveTakerIn() {
        redis.hset(key, "1 1000 ghost", "1000");
        redis.pexpire(key, TTL);
        List<?> granted = acquire("exclusive", "a");
        assertThat(granted.get(0)).isEqualTo(1L);
        assertThat(redis.type(key)).isEqualTo("string");
    }

    @Test
    void fencingTokensGrowStrictlyAndAMissingCounterStartsFromTheServerClock() {
        long before = HolderRecord.serverMillis((List<?>) redis.eval("return redis.call('TIME')")) * 1000;
        long first = (Long) acquire("shared", "a").get(1);
        long second = (Long) acquire("shared", "b").get(1);
        assertThat(first).as("microseconds of the server clock, plus one").isGreaterThan(before);
        assertThat(second).isEqualTo(first + 1);
        redis.del(prefix + ":fence");
        awaitTheNextServerMillisecond();
        long afterLoss = (Long) acquire("shared", "c").get(1);
        assertThat(afterLoss).as("a counter lost with Redis's data restarts above every earlier token").isGreaterThan(second);
    }

    @Test
    void exclusiveHoldersOfAKeyGetTokensOneApartAndAMissingCounterStartsFromTheServerClock() {
        long before = HolderRecord.serverMillis((List<?>) redis.eval("return redis.call('TIME')")) * 1000;
        long first = (Long) acquire("exclusive", "a").get(1);
        assertThat(release("exclusive", "a")).isEqualTo(1L);
        long second = (Long) acquire("exclusive", "b").get(1);
        assertThat(first).as("microseconds of the server clock, plus one").isGreaterThan(before);
        assertThat(second).isEqualTo(first + 1);
        assertThat(acquire("exclusive", "c").get(0)).as("refused while b holds it").isEqualTo(0L);
        assertThat(release("exclusive", "b")).isEqualTo(1L);
        assertThat(acquire("exclusive", "d").get(1)).as("a refused request takes no token").isEqualTo(second + 1);
        release("exclusive", "d");
        redis.del(prefix + ":fence");
        awaitTheNextServerMillisecond();
        long afterLoss = (Long) acquire("exclusive", "e").get(1);
        assertThat(afterLoss).as("a counter lost with Redis's data restarts above every earlier token").isGreaterThan(second + 1);
        assertThat(redis.get(key)).startsWith(afterLoss + " ");
    }

    @Test
    void aLostEpochKeyComesBackWithANewValue() {
        String epoch = (String) acquire("shared", "a").get(3);
        assertThat(acquire("shared", "b").get(3)).isEqualTo(epoch);
        redis.del(prefix + ":epoch");
        awaitTheNextServerMillisecond();
        assertThat(acquire("shared", "c").get(3)).isNotEqualTo(epoch);
    }

    /**
     * Redisson's run lock is a hash of hold counts: taken for kart's shared holders, its counts would read as
     * expiries long past and the lock be deleted under its holder. It is refused and left as it is.
     */
    @Test
    void aHashThatHoldsNoKartHoldersIsRefusedAndLeftAlone() {
        redis.hset(key, "5b3a1c2e-0000-4000-8000-000000000001:73", "1");
        for (String mode : List.of("exclusive", "shared")) {
            assertThatThrownBy(() -> acquire(mode, "a")).as(mode).isInstanceOf(JedisDataException.class)
                    .hasMessageStartingWith("WRONGTYPE key " + key + " is a hash of no kart lock holders (Redisson's run"
                            + " lock, or another application's)");
        }
        assertThat(redis.hgetAll(key)).containsExactly(Map.entry("5b3a1c2e-0000-4000-8000-000000000001:73", "1"));
        Throwable refused = catchThrowable(() -> acquire("shared", "b"));
        assertThat(AbandonedRequests.maybeCarriedOut(refused)).as("an error reply: nothing to clean up").isFalse();
        assertThat(AbandonedRequests.refusedByRedis(new IllegalStateException("wrapped", refused)))
                .as("nor to send again").isTrue();
        assertThat(AbandonedRequests.refusedByRedis(new IllegalStateException("Read timed out"))).isFalse();
    }

    @Test
    void aKeyOfAnotherTypeIsAnErrorNamingIt() {
        redis.rpush(key, "x");
        Throwable refused = catchThrowable(() -> acquire("exclusive", "a"));
        assertThat(refused).isInstanceOf(JedisDataException.class)
                .hasMessage("WRONGTYPE key " + key + " holds a list, not a kart lock");
        assertThat(AbandonedRequests.refusedByRedis(refused)).as("an answer, not a request to clean up after").isTrue();
    }

    /**
     * kart's holds always expire: a string that never does is another application's, and waiting for it to would be
     * waiting for ever, in both modes.
     */
    @Test
    void aStringWithoutExpiryIsAnErrorNotAHolderToWaitFor() {
        redis.set(key, "12 34 someone else's text");
        for (String mode : List.of("exclusive", "shared")) {
            assertThatThrownBy(() -> acquire(mode, "a")).as(mode).isInstanceOf(JedisDataException.class)
                    .hasMessage("WRONGTYPE key " + key + " holds a string without expiry, not a kart lock");
        }
        assertThat(redis.get(key)).isEqualTo("12 34 someone else's text");
    }

    /**
     * A string that expires but holds no holder's id is another application's too: no node's release ends it, and a
     * task waiting for it would wait out a stranger's TTL, in both modes.
     */
    @Test
    void aStringThatIsNoHolderIdIsAnErrorNotAHolderToWaitFor() {
        redis.set(key, "someone else's text", SetParams.setParams().px(600_000));
        for (String mode : List.of("exclusive", "shared")) {
            assertThatThrownBy(() -> acquire(mode, "a")).as(mode).isInstanceOf(JedisDataException.class)
                    .hasMessage("WRONGTYPE key " + key + " holds a string that is no kart holder id, not a kart lock");
        }
        assertThat(redis.get(key)).isEqualTo("someone else's text");
    }

    @Test
    void withoutTheCounterKeysTheKeyIsTakenWithTokenZeroAndNoEpoch() {
        List<?> granted = acquireAlone("exclusive", "node-1#1");
        assertThat(granted).hasSize(3);
        assertThat(granted.get(0)).isEqualTo(1L);
        assertThat(granted.get(1)).as("no token: the Redisson binding takes it after the grant").isEqualTo(0L);
        assertThat((String) granted.get(2)).matches("0 \\d+ node-1#1");
        assertThat(redis.get(key)).isEqualTo(granted.get(2));
        assertThat(redis.exists(prefix + ":fence") || redis.exists(prefix + ":epoch")).as("counter or epoch written").isFalse();

        List<?> refused = acquireAlone("shared", "node-2#1");
        assertThat(refused).hasSize(2);
        assertThat(refused.get(0)).isEqualTo(0L);
        assertThat((Long) refused.get(1)).isBetween(1L, TTL);
    }

    @Test
    void aSharedHolderWithAShortTtlNeverShortensTheKeysLifeUnderALongerOne() {
        String longHolder = (String) acquire("shared", "long", LONG_TTL).get(2);
        String shortHolder = (String) acquire("shared", "short", TTL).get(2);
        assertThat(redis.pttl(key)).as("after the short holder joined").isGreaterThan(TTL);
        assertThat(renew("shared", "short", TTL)).isEqualTo(1L);
        assertThat(redis.pttl(key)).as("after the short holder renewed").isGreaterThan(TTL);

        // the short holder died: its expiry passed, and the long holder's stays
        redis.hset(key, shortHolder, "1000");
        assertThat(acquire("exclusive", "writer").get(0)).as("an exclusive taker while the long holder lives").isEqualTo(0L);
        assertThat(redis.hgetAll(key)).as("the dead holder is dropped").containsOnlyKeys(longHolder);
        assertThat(redis.pttl(key)).isGreaterThan(TTL);

        acquire("shared", "other", TTL);
        assertThat(release("shared", "other")).isEqualTo(1L);
        assertThat(redis.pttl(key)).as("after a short holder left").isGreaterThan(TTL);
        assertThat(release("shared", "long")).isEqualTo(1L);
        assertThat(redis.exists(key)).isFalse();
    }

    // ----- release.lua

    @Test
    void releasingComparesTheHolderIdDeletesAndNotifies() throws Exception {
        String id = (String) acquire("exclusive", "node#11.abc").get(2);
        try (Subscriber subscriber = new Subscriber(key)) {
            assertThat(release("exclusive", "someone-else")).isEqualTo(0L);
            assertThat(release("exclusive", "node#1")).as("a holder id that is only part of the holder's").isEqualTo(0L);
            assertThat(release("exclusive", "1.abc")).as("a holder id that is only part of the holder's").isEqualTo(0L);
            assertThat(redis.get(key)).isEqualTo(id);
            assertThat(release("exclusive", "node#11.abc")).isEqualTo(1L);
            assertThat(redis.exists(key)).isFalse();
            assertThat(subscriber.messages.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("released");
        }
        assertThat(release("exclusive", "node#11.abc")).as("released twice").isEqualTo(0L);
    }

    @Test
    void aSharedHolderIsReleasedByItsHolderIdAndTheOthersStay() {
        acquire("shared", "node one#1");
        String other = (String) acquire("shared", "node one#12").get(2);
        assertThat(release("shared", "one#1")).as("a holder id that is only part of the holder's").isEqualTo(0L);
        assertThat(release("shared", "node one#1")).isEqualTo(1L);
        assertThat(redis.hgetAll(key)).containsOnlyKeys(other);
        assertThat(release("shared", "node one#1")).as("released twice").isEqualTo(0L);
    }

    @Test
    void anExclusiveReleaseLeavesSharedHoldersAlone() {
        String id = (String) acquire("shared", "node#5.abc").get(2);
        assertThat(release("exclusive", "node#5.abc")).as("the holder id of a shared holder, released as exclusive")
                .isEqualTo(0L);
        assertThat(redis.hgetAll(key)).containsOnlyKeys(id);
        assertThat(release("shared", "node#5.abc")).isEqualTo(1L);
    }

    @Test
    void aHoldTakenWithoutTheCounterKeysIsReleasedByItsHolderId() {
        acquireAlone("exclusive", "node#3.xyz");
        assertThat(release("exclusive", "node#3.xyz")).isEqualTo(1L);
        assertThat(redis.exists(key)).isFalse();
    }

    @Test
    void theLastSharedHolderLeavingFreesTheKeyAndNotifies() throws Exception {
        acquire("shared", "a");
        String second = (String) acquire("shared", "b").get(2);
        try (Subscriber subscriber = new Subscriber(key)) {
            assertThat(release("shared", "a")).isEqualTo(1L);
            assertThat(redis.hgetAll(key)).containsOnlyKeys(second);
            assertThat(redis.pttl(key)).isBetween(1L, TTL);
            // Redis delivers a channel's messages in order: a notification of the first release would come before this
            redis.publish(key, "marker");
            assertThat(subscriber.messages.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("no notification while a reader stays")
                    .isEqualTo("marker");
            assertThat(release("shared", "b")).isEqualTo(1L);
            assertThat(redis.exists(key)).isFalse();
            assertThat(subscriber.messages.poll(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("released");
        }
    }

    // ----- renew.lua

    @Test
    void renewingComparesTheHolderIdAndExtendsToAFullTtl() {
        acquire("exclusive", "a");
        // a third of the TTL: the key outlives a slow machine between these calls, and a renewal shows
        redis.pexpire(key, TTL / 3);
        assertThat(renew("exclusive", "someone-else")).isEqualTo(0L);
        assertThat(redis.pttl(key)).isLessThanOrEqualTo(TTL / 3);
        assertThat(renew("exclusive", "a")).isEqualTo(1L);
        assertThat(redis.pttl(key)).isGreaterThan(TTL / 3);
    }

    @Test
    void aSharedHolderIsRenewedByItsOwnExpiryAndAnExpiredOneIsDropped() {
        String id = (String) acquire("shared", "a").get(2);
        redis.hset(key, id, "2000");
        redis.hset(key, "9 1000 other", Long.toString(Long.MAX_VALUE / 2));
        assertThat(renew("shared", "a")).as("its expiry passed: an exclusive taker may already be in").isEqualTo(0L);
        assertThat(redis.hexists(key, id)).isFalse();

        String live = (String) acquire("shared", "b").get(2);
        String before = redis.hget(key, live);
        assertThat(renew("shared", "b")).isEqualTo(1L);
        assertThat(Long.parseLong(redis.hget(key, live))).isGreaterThanOrEqualTo(Long.parseLong(before));
        assertThat(renew("shared", "never-held")).isEqualTo(0L);
    }

    // ----- holder.lua

    @Test
    void holderReadsAnExclusiveHoldersIdWithTheKeysTtlAndTheServerClock() {
        List<?> granted = acquire("exclusive", "node-1:42#7.abc");
        long before = serverMillis();

        HolderReply reply = HolderReply.parse((List<?>) run(LockScripts.HOLDER, List.of(key), List.of()));

        assertThat(reply.value()).contains((String) granted.get(2));
        assertThat(reply.ttlMillis()).isBetween(1L, TTL);
        assertThat(reply.nowMillis()).isGreaterThanOrEqualTo(before);
        assertThat(reply.holders(key)).singleElement().satisfies(held -> {
            assertThat(held.mode()).isEqualTo(LockMode.EXCLUSIVE);
            assertThat(held.owner()).isEqualTo("node-1:42");
            assertThat(held.holder()).isEqualTo("node-1:42#7.abc");
            assertThat(held.fencingToken()).isEqualTo((Long) granted.get(1));
            assertThat(held.ttlLeft().toMillis()).isBetween(1L, TTL);
        });
    }

    @Test
    void holderReadsSharedHoldersAsHashFieldsAndAFreeKeyAsNone() {
        HolderReply free = HolderReply.parse((List<?>) run(LockScripts.HOLDER, List.of(key), List.of()));
        assertThat(free.value()).isEmpty();
        assertThat(free.fields()).isEmpty();
        assertThat(free.holders(key)).isEmpty();

        List<?> first = acquire("shared", "node-1:42#1.a");
        List<?> second = acquire("shared", "node-2:7#1.b");
        HolderReply shared = HolderReply.parse((List<?>) run(LockScripts.HOLDER, List.of(key), List.of()));

        assertThat(shared.fields()).containsOnlyKeys((String) first.get(2), (String) second.get(2));
        assertThat(shared.ttlMillis()).isBetween(1L, TTL);
        assertThat(shared.holders(key)).as("the shared holders, by fencing token").satisfiesExactly(
                held -> assertSharedHolder(held, "node-1:42", (Long) first.get(1)),
                held -> assertSharedHolder(held, "node-2:7", (Long) second.get(1)));
    }

    private static void assertSharedHolder(HeldLock held, String owner, long fencingToken) {
        assertThat(held.mode()).isEqualTo(LockMode.SHARED);
        assertThat(held.owner()).isEqualTo(owner);
        assertThat(held.fencingToken()).isEqualTo(fencingToken);
        assertThat(held.ttlLeft().toMillis()).isBetween(1L, TTL);
    }

    private List<?> acquire(String mode, String holder) {
        return acquire(mode, holder, TTL);
    }

    private List<?> acquire(String mode, String holder, long ttl) {
        return (List<?>) run(LockScripts.ACQUIRE, List.of(key, prefix + ":fence", prefix + ":epoch"),
                List.of(mode, Long.toString(ttl), holder));
    }

    /** As the Redisson binding runs it: the lock key alone. */
    private List<?> acquireAlone(String mode, String holder) {
        return (List<?>) run(LockScripts.ACQUIRE, List.of(key), List.of(mode, Long.toString(TTL), holder));
    }

    private Object release(String mode, String holder) {
        return run(LockScripts.RELEASE, List.of(key), List.of(mode, holder));
    }

    private Object renew(String mode, String holder) {
        return renew(mode, holder, TTL);
    }

    private Object renew(String mode, String holder, long ttl) {
        return run(LockScripts.RENEW, List.of(key), List.of(mode, holder, Long.toString(ttl)));
    }

    /**
     * Waits until the server's clock has moved on by a millisecond: a counter or epoch lost with Redis's
     * data restarts from the clock's milliseconds times 1000, and data is never lost within the
     * millisecond of the last grant (a restart takes far longer), while a test's script calls may all fall in one.
     */
    private void awaitTheNextServerMillisecond() {
        long start = serverMillis();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (serverMillis() <= start) {
            assertThat(System.nanoTime() - deadline).as("the server clock moved on within the guard").isNegative();
        }
    }

    private long serverMillis() {
        return HolderRecord.serverMillis((List<?>) redis.eval("return redis.call('TIME')"));
    }

    /** Runs the script by its SHA-1 when Redis knows it, as the binding does. */
    private Object run(LuaScript script, List<String> keys, List<String> args) {
        if (!redis.scriptExists(script.sha1(), key)) {
            assertThat(redis.scriptLoad(script.source(), key)).as("Redis's SHA-1 of " + script).isEqualTo(script.sha1());
        }
        return redis.evalsha(script.sha1(), keys, args);
    }

    /** A subscriber to one channel on its own connection, collecting the messages. */
    private static final class Subscriber implements AutoCloseable {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final JedisPubSub pubSub;
        private final Thread thread;

        Subscriber(String channel) throws InterruptedException {
            java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
            pubSub = new JedisPubSub() {
                @Override
                public void onSubscribe(String name, int count) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(String name, String message) {
                    messages.add(message);
                }
            };
            thread = new Thread(() -> {
                try (Jedis jedis = new Jedis(REDIS.server().host(), REDIS.server().port())) {
                    jedis.subscribe(pubSub, channel);
                }
            }, "test-subscriber");
            thread.setDaemon(true);
            thread.start();
            assertThat(subscribed.await(HANG_GUARD_SECONDS, TimeUnit.SECONDS)).as("subscribed").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            pubSub.unsubscribe();
            thread.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
        }
    }
}
