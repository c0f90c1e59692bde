package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(keys.fence()).isEqualTo("kart:fence");
        assertThat(keys.epoch()).isEqualTo("kart:epoch");
        assertThat(keys.idleChannel()).isEqualTo("kart:subscriber");
        assertThat(keys.redissonFence()).isEqualTo("{kart}:fence");
        assertThat(keys.redissonRecords()).isEqualTo("{kart}:holders");
        assertThat(keys.redissonEpoch()).isEqualTo("{kart}:epoch");
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
