package dev.kart.lock.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.BackendStartupBehaviour;
import dev.kart.lock.redis.behaviour.fixtures.BlackHole;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.redis.LocalRedisSentinel;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Opening the backend over Jedis fails fast and clearly. */
class JedisBackendStartupTest extends BackendStartupBehaviour {
    private static final LeaseSettings LEASE = LeaseSettings.of("startup", Duration.ofSeconds(30), "test");
    /**
     * The connect and command timeouts of the tests that count them: a sentinel that never answers costs one of them
     * (the connection gets through at once, the question waits), and they are long enough that one more wait stands
     * out of a loaded machine's slack.
     */
    private static final Duration SILENT_SENTINEL_TIMEOUT = Duration.ofSeconds(4);
    /** What a loaded machine may add to the waits on sentinels that never answer. */
    private static final Duration SLACK = Duration.ofSeconds(3);
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

    /**
     * Sentinels that accept connections and never answer: kart's questions at start wait one timeout for each, and the
     * start fails from them, worded as when Jedis says that all are down, without Jedis asking each again and waiting
     * as long once more. Why each could not be asked is in the stack trace. One sentinel alone is asked by kart too, and
     * waited for once as well.
     */
    @Test
    void sentinelsThatNeverAnswerAreWaitedForOnce() throws IOException {
        try (BlackHole first = new BlackHole(); BlackHole second = new BlackHole()) {
            long start = System.nanoTime();
            LockException alone = startError(silentSentinelSettings("mymaster", List.of(first.node())));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to fail with one sentinel")
                    .isLessThan(SILENT_SENTINEL_TIMEOUT.plus(SLACK));
            assertThat(alone).hasMessageContaining("no sentinel answered; check kart.lock.redis.sentinel.nodes");

            start = System.nanoTime();
            LockException error = startError(silentSentinelSettings("mymaster", List.of(first.node(), second.node())));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(error).hasMessageStartingWith("Redis lock backend (jedis): cannot connect to Redis primary"
                    + " 'mymaster' of sentinels " + first.node() + "," + second.node() + ", no sentinel answered; check"
                    + " kart.lock.redis.sentinel.nodes and that redis-sentinel runs at each")
                    .hasMessageEndingWith(": All sentinels down, cannot determine where mymaster is running");
            assertThat(error.getSuppressed()).as("why each sentinel could not be asked").hasSize(2);
            // one timeout per sentinel; asking each again would take twice as long
            assertThat(took).as("time to fail").isLessThan(SILENT_SENTINEL_TIMEOUT.multipliedBy(2).plus(SLACK));
        }
    }

    /**
     * A sentinel that never answers listed before one that names the primary: kart's question waits for it once, and
     * Jedis is handed the sentinel that named the primary first, so the start does not wait for the silent one again.
     */
    @Test
    void theSentinelThatNamedThePrimaryIsHandedToJedisFirst() throws IOException {
        try (BlackHole silent = new BlackHole(); LocalRedisSentinel ours = LocalRedisSentinel.start(1, 1)) {
            MapConfigSection settings = silentSentinelSettings(ours.masterName(),
                    List.of(silent.node(), ours.sentinelNodes().get(0)));
            long start = System.nanoTime();
            try (LockBackend backend = new RedisLockBackendProvider().open(LEASE, settings)) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(backend.heldLocks()).isEmpty();
                // kart's question waits for the silent sentinel once; Jedis asking it first would wait again
                assertThat(took).as("time to start").isLessThan(SILENT_SENTINEL_TIMEOUT.plus(SLACK));
            }
        }
    }

    /**
     * A sentinel that never answers and one that answers for another master name only: kart's questions already tell
     * that no sentinel names the primary, and the start fails from them as an outage, naming what the one that
     * answered monitors, the one that could not be asked and why, and the name to check. Jedis is not asked: the silent sentinel is connected to
     * once and waited for once, and Jedis logs nothing of its own before kart's error.
     */
    @Test
    void sentinelsThatAnswerForOtherNamesBesideASilentOneFailFromKartsQuestions() throws IOException {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (BlackHole silent = new BlackHole(); LocalRedisSentinel other = LocalRedisSentinel.start(1, 1)) {
            String answering = other.sentinelNodes().get(0);
            MapConfigSection settings = silentSentinelSettings("mymaster", List.of(silent.node(), answering));
            long start = System.nanoTime();
            LockException error = startError(settings);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // Jedis asking again would connect to the silent sentinel a second time, and wait for it as long again
            assertThat(silent.connections()).as("connections to the silent sentinel").isEqualTo(1);
            assertThat(took).as("time to fail").isLessThan(SILENT_SENTINEL_TIMEOUT.plus(SLACK));
            // the silent one may monitor the name: an outage (exit 3), not a wrong name (exit 2)
            assertThat(error).isNotInstanceOf(KartConfigException.class).hasMessage("Redis lock backend (jedis): the"
                    + " sentinel that answered (" + answering + ") monitors no primary named 'mymaster' (it monitors '"
                    + other.masterName() + "'); " + silent.node() + " could not be asked: Read timed out; check that"
                    + " redis-sentinel runs at " + silent.node() + " and accepts connections from this machine; check that"
                    + " kart.lock.redis.sentinel.nodes lists sentinels that monitor 'mymaster'; if the"
                    + " name is wrong, check kart.lock.redis.sentinel.master: the NAME of their `sentinel monitor NAME host"
                    + " port quorum` line: Can connect to sentinel, but mymaster seems to be not monitored");
            assertThat(error.getSuppressed()).as("why the silent sentinel could not be asked").hasSize(1);
            // of this test's sentinels only: a listener thread of an earlier test's closed backend may still log
            // about its own sentinel once, on waking from its 5 s sleep
            assertThat(logged.list.stream().filter(event -> event.getLoggerName().startsWith("redis.clients"))
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(message -> message.contains(silent.node()) || message.contains(answering)))
                    .as("Jedis's own warnings about this test's sentinels").isEmpty();
        } finally {
            root.detachAppender(logged);
        }
    }

    private static LockException startError(MapConfigSection settings) {
        return catchThrowableOfType(LockException.class, () -> new RedisLockBackendProvider().open(LEASE, settings).close());
    }

    private MapConfigSection silentSentinelSettings(String master, List<String> nodes) {
        return MapConfigSection.of("kart.lock.redis").with("sentinel.master", master).with("sentinel.nodes", nodes)
                .with("client", client().configName()).with("connect-timeout", SILENT_SENTINEL_TIMEOUT)
                .with("command-timeout", SILENT_SENTINEL_TIMEOUT);
    }
}
