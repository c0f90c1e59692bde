package dev.kart.lock.redis.redisson.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.LockMode;
import org.junit.jupiter.api.Test;

/** Where a Redisson holder lives in Redis: its field in the lock hash, its record, and the key bounding its TTL. */
class RedissonHolderTest {
    @Test
    void aRunLockHolderIsAFieldOfRedissonsLockHash() {
        RedissonHolder holder = new RedissonHolder("kart:run:ab", LockMode.EXCLUSIVE, true, 7, "client-1");
        assertThat(holder.field()).isEqualTo("client-1:7");
        assertThat(holder.boundKey()).isEqualTo("kart:run:ab");
        assertThat(holder.requiredMode()).isEmpty();
        assertThat(holder.recordField()).isEqualTo("kart:run:ab client-1:7");
    }

    @Test
    void aWriterIsMarkedAndAReaderIsBoundByItsOwnTimeoutKey() {
        RedissonHolder writer = new RedissonHolder("kart:cache:a.json", LockMode.EXCLUSIVE, false, 7, "client-1");
        assertThat(writer.field()).isEqualTo("client-1:7:write");
        assertThat(writer.requiredMode()).isEqualTo("write");
        assertThat(writer.boundKey()).isEqualTo("kart:cache:a.json");

        RedissonHolder reader = new RedissonHolder("kart:cache:a.json", LockMode.SHARED, false, 8, "client-1");
        assertThat(reader.field()).isEqualTo("client-1:8");
        assertThat(reader.requiredMode()).isEqualTo("read");
        assertThat(reader.boundKey()).isEqualTo("{kart:cache:a.json}:client-1:8:rwlock_timeout:1");
    }
}
