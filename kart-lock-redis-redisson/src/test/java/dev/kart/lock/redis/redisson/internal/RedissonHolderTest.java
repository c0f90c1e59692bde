package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a run-lock holder lives in Redis: its field in Redisson's lock hash, and its record. */
class RedissonHolderTest {
    @Test
    void aRunLockHolderIsAFieldOfRedissonsLockHash() {
        RedissonHolder holder = new RedissonHolder("kart:run:ab", 7, "client-1");
        assertThat(holder.field()).isEqualTo("client-1:7");
        assertThat(holder.recordField()).isEqualTo("kart:run:ab client-1:7");
    }
}
