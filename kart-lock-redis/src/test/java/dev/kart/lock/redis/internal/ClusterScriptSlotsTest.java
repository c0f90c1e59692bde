package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.support.redis.LocalRedisCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kart's lock scripts on a real 3-primary Redis Cluster, run on the primary that owns their first
 * key, with the keys the Jedis binding hands them: the one-server layout (one fencing counter and
 * data epoch per prefix) is refused with CROSSSLOT for almost every lock key; the cluster layout
 * (each lock key tagged with its group, whose counter and epoch share its slot) runs every script
 * without one, for cache locks (exclusive and shared), run locks, fencing counters and data epochs.
 */
class ClusterScriptSlotsTest {
    private static LocalRedisCluster cluster;
    /** The primary of each slot asked about; the slots do not move during the test. */
    private static final Map<Integer, Integer> OWNERS = new HashMap<>();

    @BeforeAll
    static void startCluster() {
        cluster = LocalRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theOneServerLayoutCrossesSlotsInACluster() {
        LockKeys keys = new LockKeys("slots-single");
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = keys.run("task-" + i);
            replies.add(acquire(key, List.of(key, keys.fence(key), keys.epoch(key)), "exclusive", "h" + i));
        }
        assertThat(replies).as("acquire.lua with the prefix's counter and epoch, on today's one-server layout")
                .anySatisfy(reply -> assertThat(reply).contains("CROSSSLOT"));
    }

    @Test
    void theClusterLayoutKeepsEveryScriptInOneSlot() {
        LockKeys keys = LockKeys.cluster("slots-cluster", 16);
        List<String> lockKeys = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            lockKeys.add(keys.run("task-" + i));
            lockKeys.add(keys.cache("pkg/Task_" + i + ".json"));
        }
        for (String key : lockKeys.subList(0, 8)) {
            assertThat(ClusterSlots.of(key)).as("kart's slot of %s", key).isEqualTo(cluster.slotOf(key));
        }
        long primaries = lockKeys.stream().map(key -> owner(key)).distinct().count();
        assertThat(primaries).as("primaries holding the keys").isEqualTo(3);
        for (String key : lockKeys) {
            List<String> three = List.of(key, keys.fence(key), keys.epoch(key));
            boolean cache = key.contains(":cache:");
            String mode = cache ? "shared" : "exclusive";
            String first = acquire(key, three, mode, "first");
            assertThat(first).as("acquire of %s", key).doesNotContain("CROSSSLOT").doesNotContain("ERR").startsWith("1\n");
            long token = Long.parseLong(first.lines().toList().get(1));
            assertThat(token).as("fencing token of %s", key).isPositive();
            if (cache) {
                assertThat(acquire(key, three, "shared", "second")).as("a second shared holder of %s", key).startsWith("1\n");
            } else {
                assertThat(acquire(key, three, "exclusive", "second")).as("a second exclusive holder of %s", key)
                        .startsWith("0\n");
            }
            assertThat(eval(LockScripts.RENEW, List.of(key), mode, "first", "30000")).as("renew of %s", key).isEqualTo("1");
            assertThat(eval(LockScripts.HOLDER, List.of(key))).as("holder of %s", key).doesNotContain("CROSSSLOT");
            assertThat(eval(LockScripts.RELEASE, List.of(key), mode, "first")).as("release of %s", key).isEqualTo("1");
            if (cache) {
                assertThat(eval(LockScripts.RELEASE, List.of(key), mode, "second")).isEqualTo("1");
            }
            String again = acquire(key, three, "exclusive", "third");
            assertThat(Long.parseLong(again.lines().toList().get(1))).as("the next token of %s", key).isGreaterThan(token);
            assertThat(again.lines().toList().get(3)).as("the epoch of %s's group", key)
                    .isEqualTo(first.lines().toList().get(3));
            eval(LockScripts.RELEASE, List.of(key), "exclusive", "third");
        }
    }

    private static String acquire(String key, List<String> keys, String mode, String holder) {
        return eval(LockScripts.ACQUIRE, keys, mode, "30000", holder);
    }

    /** EVAL on the primary owning the first key, as a cluster client sends it; the reply as redis-cli prints it. */
    private static String eval(LuaScript script, List<String> keys, String... args) {
        List<String> command = new ArrayList<>(List.of("EVAL", script.source(), Integer.toString(keys.size())));
        command.addAll(keys);
        command.addAll(List.of(args));
        return cluster.command(owner(keys.get(0)), command.toArray(String[]::new)).strip();
    }

    private static int owner(String key) {
        return OWNERS.computeIfAbsent(ClusterSlots.of(key), slot -> cluster.primaryOfSlot(slot));
    }
}
