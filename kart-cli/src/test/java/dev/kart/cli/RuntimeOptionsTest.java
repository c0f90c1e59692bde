package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.redis.RedisLockBackendProvider;
import org.junit.jupiter.api.Test;

/** The options every command shares, where a unit test of their own says more than a command's run. */
class RuntimeOptionsTest {

    /** {@code --redis-host} and {@code --redis-port} choose the Redis backend by the name its provider answers to. */
    @Test
    void theRedisBackendsNameIsTheOneItsProviderAnswersTo() {
        assertThat(RuntimeOptions.REDIS_BACKEND).isEqualTo(RedisLockBackendProvider.NAME)
                .isEqualTo(new RedisLockBackendProvider().name());
    }
}
