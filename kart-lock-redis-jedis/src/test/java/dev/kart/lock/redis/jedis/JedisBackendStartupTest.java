package dev.kart.lock.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.BackendStartupBehaviour;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.LocalRedisSentinel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Opening the backend over Jedis fails fast and clearly. */
class JedisBackendStartupTest extends BackendStartupBehaviour {
    @Override
    protected RedisLockSettings.Client client() {
        return RedisLockSettings.Client.JEDIS;
    }

    /**
     * A sentinel of another deployment listed first: Jedis passes it over and starts, saying so only in its own
     * words; kart warns once, naming that sentinel, the names it monitors and the key to fix. (Redisson stops at it:
     * BackendStartupBehaviour.)
     */
    @Test
    void aSentinelOfAnotherDeploymentPassedOverAtStartIsWarnedOfOnce() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (LocalRedisSentinel other = LocalRedisSentinel.start(1, 1); LocalRedisSentinel ours = LocalRedisSentinel.start(1, 1)) {
            String foreign = other.sentinelNodes().get(0);
            String own = ours.sentinelNodes().get(0);
            MapConfigSection settings = MapConfigSection.of("kart.lock.redis")
                    .with("sentinel.master", ours.masterName()).with("sentinel.nodes", List.of(foreign, own))
                    .with("client", client().configName()).with("connect-timeout", Duration.ofSeconds(5))
                    .with("command-timeout", Duration.ofSeconds(5));
            try (LockBackend backend = new RedisLockBackendProvider().open(LeaseSettings.of("startup",
                    Duration.ofSeconds(30), "test"), settings)) {
                assertThat(backend.heldLocks()).isEmpty();
            }
            List<String> warnings = logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                    .filter(event -> event.getLoggerName().startsWith("dev.kart"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).containsExactly("Redis lock backend (jedis): the sentinel at " + foreign + " monitors no"
                    + " primary named '" + ours.masterName() + "' (it monitors '" + other.masterName() + "'); the jedis"
                    + " client passed it over for the one at " + own + ", which names 127.0.0.1:" + ours.primaryPort()
                    + " as that primary; check kart.lock.redis.sentinel.nodes: list only sentinels that monitor '"
                    + ours.masterName() + "' (the redisson client stops at the first that does not)");
        } finally {
            root.detachAppender(logged);
        }
    }
}
