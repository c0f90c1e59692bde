package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.inject.RuntimeAssembly;
import dev.kart.core.internal.inject.RuntimeSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTest {
    @TempDir
    Path workspace;

    /** What the Ctrl-C lines quote: the grace, and the TTL with the key that set it. */
    @Test
    void theLeaseTtlIsQuotedWithTheKeyThatSetIt() {
        RuntimeSpec spec = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.ttl", "100s", "a test").with("kart.interrupt-grace", "1500ms", "a test");
        try (Session session = RuntimeAssembly.create(spec, Session.class)) {
            assertThat(session.interruptGrace()).isEqualTo(Duration.ofMillis(1_500));
            assertThat(session.leaseTtlSetting()).isEqualTo("kart.lock.ttl = 100s");
        }
        // kart.lock.redis.timeout wins over kart.lock.ttl for the Redis backend, which is not connected to here
        RuntimeSpec redis = spec.with("kart.lock.backend", "redis", "a test").with("kart.lock.redis.host", "localhost",
                "a test").with("kart.lock.redis.port", 6600, "a test").with("kart.lock.redis.timeout", "5m", "a test");
        try (Session session = RuntimeAssembly.create(redis, Session.class)) {
            assertThat(session.leaseTtlSetting()).isEqualTo("kart.lock.redis.timeout = 5m");
        }
        // the Redis backend without it leaves kart.lock.ttl; another backend reads no kart.lock.redis key
        try (Session session = RuntimeAssembly.create(spec.with("kart.lock.backend", "redis", "a test")
                .with("kart.lock.redis.host", "localhost", "a test").with("kart.lock.redis.port", 6600, "a test"),
                Session.class)) {
            assertThat(session.leaseTtlSetting()).isEqualTo("kart.lock.ttl = 100s");
        }
        try (Session session = RuntimeAssembly.create(redis.with("kart.lock.backend", "in-memory", "a test"), Session.class)) {
            assertThat(session.leaseTtlSetting()).isEqualTo("kart.lock.ttl = 100s");
            assertThat(session.leasesEndWithProcess()).as("the in-memory backend's leases are this process's").isTrue();
        }
        try (Session session = RuntimeAssembly.create(redis, Session.class)) {
            assertThat(session.leasesEndWithProcess()).as("Redis keeps a lease until its TTL runs out").isFalse();
        }
    }
}
