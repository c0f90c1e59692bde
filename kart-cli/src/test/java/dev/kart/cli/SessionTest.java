package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.inject.RuntimeAssembly;
import dev.kart.core.internal.inject.RuntimeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SessionTest {
    @TempDir
    Path workspace;

    /** What the Ctrl-C lines quote: the grace, and the TTL with the key that set it. */
    @Test
    void theLeaseTtlIsQuotedWithTheKeyThatSetIt() {
        RuntimeSpec spec = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.ttl", "100s", "a test").with("kart.interrupt-grace", "1500ms", "a test");
        try (Session session = RuntimeAssembly.create(spec, Session.class)) {
            assertThat(session.interruptGrace().value()).isEqualTo(Duration.ofMillis(1_500));
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

    /** The second Ctrl-C line quotes the TTL as the user wrote it, 60s, not the 1m it equals. */
    @Test
    void theLeaseTtlIsQuotedAsWritten() {
        RuntimeSpec spec = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.ttl", "60s", "a test");
        try (Session session = RuntimeAssembly.create(spec, Session.class)) {
            assertThat(session.leaseTtlSetting()).isEqualTo("kart.lock.ttl = 60s");
        }
        RuntimeSpec redis = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.backend", "redis", "a test").with("kart.lock.redis.host", "localhost", "a test")
                .with("kart.lock.redis.port", 6600, "a test").with("kart.lock.redis.timeout", "120s", "a test");
        try (Session session = RuntimeAssembly.create(redis, Session.class)) {
            assertThat(session.leaseTtlSetting()).isEqualTo("kart.lock.redis.timeout = 120s");
        }
        // not set by the user: reference.conf's default as reference.conf and the docs write it, saying so
        try (Session session = RuntimeAssembly.create(RuntimeSpec.defaults().with("kart.workspace", workspace.toString(),
                "a test"), Session.class)) {
            assertThat(session.leaseTtlSetting()).isEqualTo("the default kart.lock.ttl = 180s");
        }
    }

    /**
     * The Ctrl-C lines and the lock wait lines quote the grace and the wait timeout as the user wrote them, 90s, not
     * the 1m30s it equals; a value left at its default as kart words a duration.
     */
    @Test
    void theGraceAndTheWaitTimeoutAreQuotedAsWritten() {
        RuntimeSpec spec = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.interrupt-grace", "90s", "a test").with("kart.lock.wait-timeout", "90s", "a test");
        try (Session session = RuntimeAssembly.create(spec, Session.class)) {
            assertThat(session.interruptGrace().setting()).isEqualTo("kart.interrupt-grace = 90s");
            assertThat(session.waitTimeout().setting()).isEqualTo("kart.lock.wait-timeout = 90s");
        }
        try (Session session = RuntimeAssembly.create(RuntimeSpec.defaults().with("kart.workspace", workspace.toString(),
                "a test"), Session.class)) {
            assertThat(session.interruptGrace().setting()).isEqualTo("kart.interrupt-grace = 10s");
            assertThat(session.waitTimeout().setting()).isEqualTo("kart.lock.wait-timeout = 1h");
        }
    }

    /**
     * kart.lock.redis.timeout, the Python system's redis_timeout, replaces kart.lock.ttl: set to another TTL beside it,
     * one WARN at start names both as written and the one that wins; none when only one is set or they agree.
     */
    @Test
    void aRedisTimeoutBesideAnotherTtlIsWarnedAboutOnce() {
        RuntimeSpec redis = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.backend", "redis", "a test").with("kart.lock.redis.host", "localhost", "a test")
                .with("kart.lock.redis.port", 6600, "a test");

        assertThat(configWarnings(redis.with("kart.lock.ttl", "60s", "a test").with("kart.lock.redis.timeout", "90s",
                "a test"))).containsExactly("kart.lock.redis.timeout = 90s (a test) and kart.lock.ttl = 60s (a test) are"
                        + " both set, to different lease TTLs: kart.lock.redis.timeout wins and kart.lock.ttl is ignored;"
                        + " set only one of them");
        assertThat(configWarnings(redis.with("kart.lock.ttl", "60s", "a test").with("kart.lock.redis.timeout", "1m",
                "a test"))).as("the same TTL").isEmpty();
        assertThat(configWarnings(redis.with("kart.lock.redis.timeout", "90s", "a test"))).as("only the timeout").isEmpty();
        assertThat(configWarnings(redis.with("kart.lock.ttl", "60s", "a test"))).as("only the TTL").isEmpty();
        assertThat(configWarnings(redis.with("kart.lock.ttl", "60s", "a test").with("kart.lock.redis.timeout", "90s",
                "a test").with("kart.lock.backend", "in-memory", "a test"))).as("Redis not chosen: its timeout is unread")
                .isEmpty();
    }

    /**
     * The renew interval is checked against the TTL the backend's leases live for: kart.lock.redis.timeout's when it
     * replaced kart.lock.ttl, else kart.lock.ttl's, quoted with the key that wins (the Redis backend is not connected
     * to here).
     */
    @Test
    void theRenewIntervalMustBeShorterThanTheTtlTheBackendUses() {
        RuntimeSpec redis = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.backend", "redis", "a test").with("kart.lock.redis.host", "localhost", "a test")
                .with("kart.lock.redis.port", 6600, "a test");

        assertThatThrownBy(() -> RuntimeAssembly.create(redis.with("kart.lock.redis.timeout", "6s", "a test")
                .with("kart.lock.renew-interval", "10s", "a test"), Session.class))
                .isInstanceOf(KartConfigException.class).hasMessage("config key 'kart.lock.renew-interval' (a test) is"
                        + " 10s, expected less than kart.lock.redis.timeout = 6s (which wins over kart.lock.ttl) so leases"
                        + " are renewed before they expire");
        assertThatThrownBy(() -> RuntimeAssembly.create(redis.with("kart.lock.redis.timeout", "60s", "a test")
                .with("kart.lock.ttl", "90s", "a test").with("kart.lock.renew-interval", "70s", "a test"), Session.class))
                .as("kart.lock.ttl is ignored: a renew interval shorter than it is no help")
                .hasMessageContaining("is 70s, expected less than kart.lock.redis.timeout = 60s (which wins over"
                        + " kart.lock.ttl)");
        assertThatThrownBy(() -> RuntimeAssembly.create(redis.with("kart.lock.redis.timeout", "60s", "a test")
                .with("kart.lock.renew-interval", "180s", "a test"), Session.class))
                .hasMessageContaining("is 180s, expected less than kart.lock.redis.timeout = 60s (which wins over");
        try (Session session = RuntimeAssembly.create(redis.with("kart.lock.redis.timeout", "300s", "a test")
                .with("kart.lock.renew-interval", "200s", "a test"), Session.class)) {
            assertThat(session.leaseTtlSetting()).as("longer than the default kart.lock.ttl, which is not used")
                    .isEqualTo("kart.lock.redis.timeout = 300s");
        }

        // the in-memory backend keeps kart.lock.ttl
        RuntimeSpec inMemory = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test");
        assertThatThrownBy(() -> RuntimeAssembly.create(inMemory.with("kart.lock.renew-interval", "200s", "a test"),
                Session.class)).isInstanceOf(KartConfigException.class).hasMessage("config key"
                        + " 'kart.lock.renew-interval' (a test) is 200s, expected less than the default kart.lock.ttl"
                        + " = 180s so leases are renewed before they expire");
        assertThatThrownBy(() -> RuntimeAssembly.create(inMemory.with("kart.lock.ttl", "60s", "a test")
                .with("kart.lock.renew-interval", "1m", "a test"), Session.class))
                .hasMessage("config key 'kart.lock.renew-interval' (a test) is 1m, expected less than kart.lock.ttl = 60s"
                        + " so leases are renewed before they expire");
        assertThatThrownBy(() -> RuntimeAssembly.create(redis.with("kart.lock.ttl", "60s", "a test")
                .with("kart.lock.renew-interval", "60s", "a test"), Session.class))
                .as("the Redis backend without its timeout").hasMessageContaining("expected less than kart.lock.ttl = 60s so");
    }

    /**
     * The lease is derived once per start: when another setting of the backend then fails the start, the WARN about
     * kart.lock.redis.timeout beside kart.lock.ttl is still logged once, not once per binding Guice tried to make.
     */
    @Test
    void theTtlWarningIsLoggedOnceWhenTheStartThenFails() {
        RuntimeSpec redis = RuntimeSpec.defaults().with("kart.workspace", workspace.toString(), "a test")
                .with("kart.lock.backend", "redis", "a test").with("kart.lock.redis.host", "localhost", "a test")
                .with("kart.lock.redis.port", 6600, "a test").with("kart.lock.redis.timeout", "60s", "a test")
                .with("kart.lock.ttl", "90s", "a test");
        Logger logger = (Logger) LoggerFactory.getLogger("dev.kart.config");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThatThrownBy(() -> RuntimeAssembly.create(redis.with("kart.lock.redis.command-timeout", "25s", "a test"),
                    Session.class)).isInstanceOf(KartConfigException.class)
                    .hasMessageContaining("'kart.lock.redis.command-timeout' (a test) is 25s");
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list.stream().map(ILoggingEvent::getFormattedMessage))
                .filteredOn(line -> line.contains("are both set")).hasSize(1);
    }

    /** @return what starting a session with {@code spec} logged on {@code dev.kart.config} */
    private static List<String> configWarnings(RuntimeSpec spec) {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.kart.config");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (Session session = RuntimeAssembly.create(spec, Session.class)) {
            assertThat(session.leaseTtlSetting()).isNotEmpty();
        } finally {
            logger.detachAppender(logged);
        }
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
