package dev.kart.lock.redis.redisson;

import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.WaitingAcquireBoundBehaviour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waiting acquires over the Redisson binding configured by a Redisson YAML file whose own response
 * timeout (10 s, with Redisson's retries) is longer than kart's command timeout: Redisson would wait
 * for an answer that long, yet a waiting acquire still ends within its timeout plus kart's command
 * timeout.
 */
class RedissonYamlWaitingAcquireBoundTest extends WaitingAcquireBoundBehaviour {
    private static final Duration REDISSON_TIMEOUT = Duration.ofSeconds(10);

    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.REDISSON;
    }

    @Override
    protected RedisLockSettings.Builder reaching(RedisLockSettings.Builder settings, String host, int port) {
        try {
            Path yaml = Files.createTempFile("kart-redisson-", ".yaml");
            yaml.toFile().deleteOnExit();
            Files.writeString(yaml, "singleServerConfig:\n"
                    + "  address: \"redis://" + host + ":" + port + "\"\n"
                    + "  connectTimeout: " + CONNECT_TIMEOUT.toMillis() + "\n"
                    + "  timeout: " + REDISSON_TIMEOUT.toMillis() + "\n"
                    + "  retryAttempts: 3\n");
            return settings.redissonConfig(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Redisson configuration of the test", e);
        }
    }
}
