package dev.kart.lock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.KartException;
import dev.kart.core.Kart;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backend as kart-core finds and configures it: selection, reference.conf keys, the Python system's names. */
class KartWithRedisTest {
    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path workspace;

    @Test
    void givingTheHostSelectsTheRedisBackendWithJedisByDefault() {
        try (Kart kart = builder().build()) {
            assertThat(kart.lockBackend()).isInstanceOf(JedisLockBackend.class);
            assertThat(kart.lockBackend().toString()).contains(REDIS.server().host() + ":" + REDIS.server().port());
        }
    }

    @Test
    void theClientKeyPicksRedisson() {
        try (Kart kart = builder().set("kart.lock.redis.client", "redisson").build()) {
            assertThat(kart.lockBackend()).isInstanceOf(RedissonLockBackend.class);
        }
    }

    @Test
    void thePythonSystemsRedisTimeoutIsTheLeaseTtl() {
        try (Kart kart = builder().set("kart.lock.redis.timeout", "3s").set("kart.lock.prefix", "timeout-" + UUID.randomUUID())
                .build();
                Lease lease = kart.lockBackend().runLock().tryAcquire("0123").orElseThrow()) {
            List<HeldLock> held = kart.lockBackend().heldLocks();
            assertThat(held).hasSize(1);
            assertThat(held.get(0).ttlLeft()).isLessThanOrEqualTo(Duration.ofSeconds(3)).isPositive();
            assertThat(held.get(0).holder()).contains(Long.toString(ProcessHandle.current().pid()));
            assertThat(held.get(0).fencingToken()).isEqualTo(lease.fencingToken());
        }
    }

    @Test
    void aMisspelledRedisKeyIsAnErrorNamingTheRightOne() {
        assertThatThrownBy(() -> builder().set("kart.lock.redis.hots", "x").build()).isInstanceOf(KartException.class)
                .hasMessageContaining("kart.lock.redis.hots").hasMessageContaining("kart.lock.redis.host");
    }

    @Test
    void anUnreachableRedisStopsKartFromStarting() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> builder().set("kart.lock.redis.port", port).set("kart.lock.redis.password", "top-secret-pw")
                .set("kart.lock.redis.connect-timeout", "1s").build())
                .isInstanceOf(LockException.class).hasMessageContaining("127.0.0.1:" + port)
                .hasMessageNotContaining("top-secret-pw");
    }

    @Test
    void theRedisBackendWithoutAHostIsAnErrorNamingTheKey() {
        assertThatThrownBy(() -> Kart.builder().workspace(workspace).set("kart.lock.backend", "redis").build())
                .isInstanceOf(KartException.class).hasMessageContaining("kart.lock.redis.host");
    }

    private Kart.Builder builder() {
        return Kart.builder().workspace(workspace).set("kart.lock.redis.host", REDIS.server().host())
                .set("kart.lock.redis.port", REDIS.server().port());
    }
}
