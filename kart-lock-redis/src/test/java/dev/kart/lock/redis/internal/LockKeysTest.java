package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The key layout docs/redis.md shows operators. */
class LockKeysTest {
    private final LockKeys keys = new LockKeys("kart");

    @Test
    void lockKeysNamePrefixKindAndTarget() {
        assertThat(keys.cache("pkg/Task_ab12.json")).isEqualTo("kart:cache:pkg/Task_ab12.json");
        assertThat(keys.run("0123abcd")).isEqualTo("kart:run:0123abcd");
        assertThat(keys.prefix()).isEqualTo("kart");
    }

    @Test
    void eachBindingHasItsCountersUnderThePrefixTheRedissonOnesInOneClusterSlot() {
        String key = keys.run("0123abcd");
        assertThat(keys.fence(key)).isEqualTo("kart:fence");
        assertThat(keys.epoch(key)).isEqualTo("kart:epoch");
        assertThat(keys.idleChannel()).isEqualTo("kart:subscriber");
        assertThat(keys.redissonFence(key)).isEqualTo("{kart}:fence");
        assertThat(keys.redissonRecords(key)).isEqualTo("{kart}:holders");
        assertThat(keys.redissonRecords()).containsExactly("{kart}:holders");
        assertThat(keys.redissonEpoch(key)).isEqualTo("{kart}:epoch");
        assertThat(keys.clustered()).isFalse();
        assertThat(keys.isRun(key)).isTrue();
        assertThat(keys.isRun(keys.cache("a.json"))).isFalse();
    }

    @Test
    void inAClusterEachLockKeyCarriesItsGroupsTagAndSharesItsSlotWithTheGroupsCounterEpochAndRecords() {
        LockKeys cluster = LockKeys.cluster("kart", 16);
        String run = cluster.run("0123abcd");
        String cache = cluster.cache("pkg/Task_ab12.json");
        assertThat(run).matches("\\{kart/g\\d\\d(\\.\\d+)?\\}:run:0123abcd");
        assertThat(cache).matches("\\{kart/g\\d\\d(\\.\\d+)?\\}:cache:pkg/Task_ab12.json");
        for (String key : new String[] {run, cache}) {
            String tag = key.substring(0, key.indexOf('}') + 1);
            assertThat(cluster.groupTags()).contains(tag);
            assertThat(cluster.fence(key)).isEqualTo(tag + ":fence").isEqualTo(cluster.redissonFence(key));
            assertThat(cluster.epoch(key)).isEqualTo(tag + ":epoch").isEqualTo(cluster.redissonEpoch(key));
            assertThat(cluster.redissonRecords(key)).isEqualTo(tag + ":holders");
            assertThat(ClusterSlots.of(cluster.fence(key))).isEqualTo(ClusterSlots.of(key))
                    .isEqualTo(ClusterSlots.of(cluster.epoch(key))).isEqualTo(ClusterSlots.of(cluster.redissonRecords(key)));
        }
        assertThat(cluster.run("0123abcd")).as("a key always maps to the same group").isEqualTo(run);
        assertThat(cluster.isRun(run)).isTrue();
        assertThat(cluster.isRun(cache)).isFalse();
        assertThat(cluster.runPattern()).isEqualTo("{kart/g*}:run:*");
        assertThat(cluster.cachePattern()).isEqualTo("{kart/g*}:cache:*");
        assertThat(cluster.redissonRecords()).hasSize(16);
    }

    @Test
    void theGroupsSlotsSpreadEvenlySoThreePrimariesEachGetSome() {
        for (int groups : new int[] {1, 3, 16, 100}) {
            LockKeys cluster = LockKeys.cluster("kart", groups);
            for (int group = 0; group < groups; group++) {
                int slot = ClusterSlots.of(cluster.groupTags().get(group));
                assertThat(slot).as("group %d of %d", group, groups).isGreaterThanOrEqualTo(group * 16384 / groups)
                        .isLessThan((group + 1) * 16384 / groups);
            }
        }
        // redis-cli --cluster create gives 3 primaries the slots 0-5460, 5461-10922, 10923-16383
        LockKeys cluster = LockKeys.cluster("kart", 16);
        java.util.Set<Integer> primaries = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            int slot = ClusterSlots.of(cluster.run("task-" + i));
            primaries.add(slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2);
        }
        assertThat(primaries).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void everyNodeNamesTheSameGroupsWhateverItsLocale() {
        Locale before = Locale.getDefault();
        List<String> elsewhere;
        try {
            // a locale whose own digits are not ASCII: %02d would write group 1 as "๐๑"
            Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
            elsewhere = LockKeys.cluster("kart", 16).groupTags();
        } finally {
            Locale.setDefault(before);
        }

        assertThat(elsewhere).isEqualTo(LockKeys.cluster("kart", 16).groupTags());
        assertThat(elsewhere.get(1)).startsWith("{kart/g01");
        assertThat(LockKeys.cluster("kart", 1000).groupTags().get(7)).startsWith("{kart/g007");
    }

    @Test
    void slotsAreThoseOfTheClusterSpecification() {
        // the specification's example: CRC16 of "123456789" is 0x31C3
        assertThat(ClusterSlots.of("123456789")).isEqualTo(0x31C3 % 16384);
        assertThat(ClusterSlots.of("{user1000}.following")).isEqualTo(ClusterSlots.of("user1000"));
        assertThat(ClusterSlots.of("foo{}{bar}")).as("an empty tag hashes the whole key").isNotEqualTo(ClusterSlots.of("bar"));
    }

    @Test
    void aPrefixWithABraceCannotBeAClusterTag() {
        assertThatThrownBy(() -> LockKeys.cluster("a{b", 16)).hasMessage("config key 'kart.lock.prefix' is 'a{b', expected a"
                + " prefix without '{' or '}' for Redis Cluster: kart puts it in the keys' hash tags");
    }

    @Test
    void scanPatternsEscapeTheGlobCharactersOfThePrefix() {
        LockKeys odd = new LockKeys("a*b?[c]\\d");
        assertThat(odd.cachePattern()).isEqualTo("a\\*b\\?\\[c\\]\\\\d:cache:*");
        assertThat(odd.runPattern()).isEqualTo("a\\*b\\?\\[c\\]\\\\d:run:*");
        assertThat(keys.runPattern()).isEqualTo("kart:run:*");
    }

    @Test
    void anEmptyTargetOrUniqueIdIsRefused() {
        assertThatThrownBy(() -> keys.cache("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache target");
        assertThatThrownBy(() -> keys.run(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique id");
    }
}
