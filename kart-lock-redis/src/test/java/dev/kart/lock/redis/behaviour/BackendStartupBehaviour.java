package dev.kart.lock.redis.behaviour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.kart.config.KartConfigException;
import dev.kart.core.BuildOptions;
import dev.kart.core.Kart;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.RedisLockBackendProvider;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.behaviour.fixtures.BlackHole;
import dev.kart.lock.redis.behaviour.fixtures.CapturedLog;
import dev.kart.lock.redis.behaviour.fixtures.FullBacklog;
import dev.kart.lock.redis.behaviour.fixtures.LockedTasks;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.process.WorkerJvm;
import dev.kart.test.support.redis.LocalRedisSentinel;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Opening the backend fails fast and clearly: a Redis that cannot be reached, one that never
 * answers, and wrong credentials each give a {@link LockException} naming host and port within the
 * connect timeout (plus one command timeout), and never showing the password. Run by each binding
 * module for its binding.
 */
public abstract class BackendStartupBehaviour {
    private static final LeaseSettings LEASE = LeaseSettings.of("startup", Duration.ofSeconds(30), "test");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Only a guard against hanging: the real bound is the timeouts above. 20 s was missed by a child JVM that
     * printed nothing yet, at a load average of 36 on 2 cores; a passing test never waits for it.
     */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final String PASSWORD = "never-shown-0123456789";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.controllable();

    @BeforeAll
    static void aclUser() {
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.aclSetUser("kart-startup", "on", ">right-password-987", "~*", "&*", "+@all");
        }
    }

    @AfterAll
    static void dropUser() {
        try (Jedis admin = new Jedis(REDIS.server().host(), REDIS.server().port())) {
            admin.aclDelUser("kart-startup");
        }
    }

    /** @return the binding under test */
    protected abstract RedisLockSettings.Client client();

    @Test
    void aRedisThatCannotBeReachedFailsTheStart() throws IOException {
        int port = closedPort();
        LockException error = openFailing(settings(port).with("password", PASSWORD));
        assertThat(error).hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("(" + client().configName() + ")")
                // refused at once: no timeout elapsed
                .hasMessageContaining("the connection was refused").hasMessageNotContaining("connect-timeout")
                .hasMessageNotContaining("..");
        assertThat(stackTrace(error)).doesNotContain(PASSWORD);
    }

    /**
     * Cluster nodes nothing listens on: told as nodes that cannot be reached, naming them and their key, not as a
     * refused login (Jedis's "Failed to create socket" inside "Could not initialize cluster slots cache").
     */
    @Test
    void clusterNodesThatCannotBeReachedAreNamedNotTakenForALogin() throws IOException {
        int port = closedPort();
        LockException error = openFailing(MapConfigSection.of("kart.lock.redis")
                .with("cluster.nodes", List.of("127.0.0.1:" + port)).with("client", client().configName())
                .with("connect-timeout", TIMEOUT).with("command-timeout", TIMEOUT).with("password", PASSWORD));
        assertThat(error).hasMessageContaining("cannot connect to Redis Cluster at 127.0.0.1:" + port
                + ", the connection was refused; check kart.lock.redis.cluster.nodes and that redis-server runs there")
                .hasMessageNotContaining("username").hasMessageNotContaining("connect-timeout");
        assertThat(stackTrace(error)).doesNotContain(PASSWORD);
    }

    /**
     * Sentinels nothing listens on: told as sentinels that did not answer, naming their key, not as a refused login
     * (Jedis's "All sentinels down", Redisson's "Unable to connect to Redis sentinel servers").
     */
    @Test
    void sentinelsThatCannotBeReachedAreNamedNotTakenForALogin() throws IOException {
        int port = closedPort();
        LockException error = openFailing(MapConfigSection.of("kart.lock.redis")
                .with("sentinel.master", "mymaster").with("sentinel.nodes", List.of("127.0.0.1:" + port))
                .with("client", client().configName()).with("connect-timeout", TIMEOUT).with("command-timeout", TIMEOUT)
                .with("password", PASSWORD));
        assertThat(error).hasMessageContaining("cannot connect to Redis primary 'mymaster' of sentinels 127.0.0.1:" + port
                + ", no sentinel answered; check kart.lock.redis.sentinel.nodes and that redis-sentinel runs at each")
                .hasMessageNotContaining("kart.lock.redis.username");
        assertThat(stackTrace(error)).doesNotContain(PASSWORD);
    }

    /**
     * Real sentinels: one that monitors the primary under another name is told so, as a configuration error (kart exits
     * 2 on it, not 3 as on an outage) with the master's key to check and the names it does monitor; a sentinel's port
     * given as Redis's fails the start, pointing at the sentinel keys (a sentinel answers PING, and would fail every
     * lock call later).
     */
    @Test
    void aPrimaryNameTheSentinelsDoNotMonitorAndASentinelGivenAsRedisAreNamed() {
        try (LocalRedisSentinel sentinels = LocalRedisSentinel.start(1)) {
            String sentinel = sentinels.sentinelNodes().get(0);
            int sentinelPort = RedisLockSettings.Sentinel.port(sentinel);
            // a live server's answer comes at once: the longer timeouts only keep a loaded machine's late reply from
            // being told as a timeout
            LockException asRedis = openFailing(settings(sentinelPort).with("connect-timeout", LIVE_TIMEOUT)
                    .with("command-timeout", LIVE_TIMEOUT));
            assertThat(asRedis).hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + sentinelPort + ", what"
                    + " answers there is no Redis data server: it refused a command kart's locks run, as a Redis Sentinel"
                    + " does; check kart.lock.redis.host/port; to reach Redis through sentinels, give their addresses in"
                    + " kart.lock.redis.sentinel.nodes and the primary's name in sentinel.master instead: ")
                    .hasMessageContaining("unknown command");

            String wrongName = sentinels.masterName() + "-misspelt";
            KartConfigException error = openFailing(MapConfigSection.of("kart.lock.redis")
                    .with("sentinel.master", wrongName).with("sentinel.nodes", sentinels.sentinelNodes())
                    .with("client", client().configName()).with("connect-timeout", LIVE_TIMEOUT)
                    .with("command-timeout", LIVE_TIMEOUT), KartConfigException.class);
            assertThat(error).hasMessageStartingWith("Redis lock backend (" + client().configName() + "): the sentinels at "
                    + String.join(",", sentinels.sentinelNodes()) + " monitor no primary named '" + wrongName + "' ("
                    + sentinels.sentinelNodes().size() + " of " + sentinels.sentinelNodes().size() + " answered; they"
                    + " monitor '" + sentinels.masterName() + "'); check kart.lock.redis.sentinel.master: the NAME of their"
                    + " `sentinel monitor NAME host port quorum` line: ")
                    .hasMessageNotContaining("kart.lock.redis.username");
        }
    }

    /**
     * A Redis data server listed as a sentinel: it answers, and refuses SENTINEL. Told as such, a configuration error
     * (exit 2) naming the address and the keys for a server used directly, with either binding; not as sentinels that
     * did not answer (Jedis's "All sentinels down"), nor as a data server that is none.
     */
    @Test
    void aRedisDataServerListedAsASentinelIsToldAsOne() {
        String server = "127.0.0.1:" + REDIS.server().port();
        KartConfigException error = openFailing(MapConfigSection.of("kart.lock.redis")
                .with("sentinel.master", "mymaster").with("sentinel.nodes", List.of(server))
                .with("client", client().configName()).with("connect-timeout", LIVE_TIMEOUT)
                .with("command-timeout", LIVE_TIMEOUT), KartConfigException.class);
        assertThat(error).hasMessageStartingWith("Redis lock backend (" + client().configName() + "): " + server
                + " in kart.lock.redis.sentinel.nodes answers as a Redis data server, not a sentinel: it refused SENTINEL"
                + " GET-MASTER-ADDR-BY-NAME as an unknown command; list in kart.lock.redis.sentinel.nodes the sentinels"
                + " (redis-sentinel, port 26379 by default) that monitor 'mymaster', or, to use a Redis server directly,"
                + " set kart.lock.redis.host/port instead of kart.lock.redis.sentinel.nodes/master")
                .hasMessageNotContaining("All sentinels down")
                .hasMessageNotContaining("no Redis data server");
    }

    /**
     * A Redis data server listed before a sentinel that names the primary: both client libraries start. With Jedis,
     * kart asks the sentinels at every start, leaves the data server out of the sentinels it hands Jedis (whose
     * listener on it would log a WARN every few seconds for as long as the process runs) and warns once, naming the
     * entry, its place in the list and the key to remove it from. Redisson's start asks no sentinel of
     * kart's: a question at every start would wait a second time for a sentinel that does not answer, so nothing is
     * added to Redisson's own warning.
     */
    @Test
    void aRedisDataServerListedBeforeAWorkingSentinelIsPassedOver() {
        CapturedLog logged = CapturedLog.of(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String server = "127.0.0.1:" + REDIS.server().port();
        try (LocalRedisSentinel ours = LocalRedisSentinel.start(1, 1)) {
            String own = ours.sentinelNodes().get(0);
            MapConfigSection settings = MapConfigSection.of("kart.lock.redis")
                    .with("sentinel.master", ours.masterName()).with("sentinel.nodes", List.of(server, own))
                    .with("client", client().configName()).with("connect-timeout", LIVE_TIMEOUT)
                    .with("command-timeout", LIVE_TIMEOUT);
            List<String> listeners;
            try (LockBackend backend = new RedisLockBackendProvider().open(LEASE, settings)) {
                assertThat(backend.heldLocks()).isEmpty();
                // Jedis starts a listener thread for each sentinel it is handed before the provider returns, named
                // MASTER-SentinelListener-[host:port]; one on a data server logs a WARN every few seconds, for good
                listeners = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(name -> name.startsWith(ours.masterName() + "-SentinelListener-")).toList();
            }
            List<String> warnings = logged.events().stream().filter(event -> event.getLevel() == Level.WARN)
                    .filter(event -> event.getLoggerName().startsWith("dev.kart"))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            if (client() == RedisLockSettings.Client.JEDIS) {
                assertThat(warnings).containsExactly("Redis lock backend (jedis): " + server + " (entry 1) of"
                        + " kart.lock.redis.sentinel.nodes is a Redis data server, not a sentinel: it refused SENTINEL"
                        + " GET-MASTER-ADDR-BY-NAME as an unknown command; kart leaves it out of the sentinels it hands the"
                        + " jedis client, as the sentinel at " + own + " names 127.0.0.1:" + ours.primaryPort()
                        + " as primary '" + ours.masterName() + "'; remove it from kart.lock.redis.sentinel.nodes");
                assertThat(listeners).as("Jedis's sentinel listeners").contains(ours.masterName()
                        + "-SentinelListener-[" + own + "]").doesNotContain(ours.masterName() + "-SentinelListener-["
                        + server + "]");
            } else {
                assertThat(warnings).isEmpty();
            }
        } finally {
            logged.close();
        }
    }

    /**
     * Sentinels that answer and name a primary that is down: told with the primary's address as the sentinels name
     * it, not as a refused connection to the deployment at large. One sentinel never reaches the quorum of two, so it
     * goes on naming the killed primary instead of failing it over.
     */
    @Test
    void aPrimaryThatIsDownBehindAnsweringSentinelsIsNamedWithItsAddress() {
        try (LocalRedisSentinel sentinels = LocalRedisSentinel.start(1, 1)) {
            int primary = sentinels.killPrimary();
            LockException error = openFailing(MapConfigSection.of("kart.lock.redis")
                    .with("sentinel.master", sentinels.masterName()).with("sentinel.nodes", sentinels.sentinelNodes())
                    .with("client", client().configName()).with("connect-timeout", LIVE_TIMEOUT)
                    .with("command-timeout", LIVE_TIMEOUT).with("password", PASSWORD));
            assertThat(error).hasMessageStartingWith("Redis lock backend (" + client().configName() + "): the sentinel at "
                    + sentinels.sentinelNodes().get(0) + " names 127.0.0.1:" + primary + " as primary '"
                    + sentinels.masterName() + "', and it refused the connection; check that redis-server runs there and"
                    + " accepts connections from this machine, and the sentinels' view of it (SENTINEL MASTER "
                    + sentinels.masterName() + "): ")
                    .hasMessageNotContaining("kart.lock.redis.username").hasMessageNotContaining("\n");
            assertThat(stackTrace(error)).doesNotContain(PASSWORD);
        }
    }

    /**
     * Two real deployments: the first sentinel listed monitors another deployment's name only, the second names a
     * primary that is down. kart's question passes the first over, as Jedis does, and is not told that no sentinel
     * monitors the name: with Jedis the down primary is told (an outage, exit 3), as the second sentinel names it, not
     * the first; Redisson stops at the first sentinel, and the list is told wrong, naming both (a configuration error,
     * exit 2), with advice for either binding and Redisson's words as its own.
     */
    @Test
    void aSentinelOfAnotherDeploymentListedFirstIsNotTakenForAllOfThem() {
        try (LocalRedisSentinel other = LocalRedisSentinel.start(1, 1); LocalRedisSentinel ours = LocalRedisSentinel.start(1, 1)) {
            int primary = ours.killPrimary();
            String foreign = other.sentinelNodes().get(0);
            String own = ours.sentinelNodes().get(0);
            MapConfigSection settings = MapConfigSection.of("kart.lock.redis")
                    .with("sentinel.master", ours.masterName()).with("sentinel.nodes", List.of(foreign, own))
                    .with("client", client().configName()).with("connect-timeout", LIVE_TIMEOUT)
                    .with("command-timeout", LIVE_TIMEOUT);
            if (client() == RedisLockSettings.Client.JEDIS) {
                assertThat(openFailing(settings)).hasMessageStartingWith("Redis lock backend (jedis): the sentinel at "
                        + own + " names 127.0.0.1:" + primary + " as primary '" + ours.masterName()
                        + "', and it refused the connection; ").hasMessageNotContaining(foreign);
            } else {
                assertThat(openFailing(settings, KartConfigException.class)).hasMessageStartingWith("Redis lock backend ("
                        + client().configName() + "): the sentinel at " + foreign + " monitors no primary named '"
                        + ours.masterName() + "' (it monitors '" + other.masterName() + "'), but the one at " + own
                        + " names 127.0.0.1:" + primary + " as that primary; check kart.lock.redis.sentinel.nodes: list"
                        + " only sentinels that monitor '" + ours.masterName() + "' (the redisson client stops at the first"
                        + " that does not, the jedis client passes it over), or kart.lock.redis.sentinel.master if another"
                        + " deployment is meant; the redisson client said: Master node is undefined");
            }
        }
    }

    /**
     * reference.conf reads KART_REDIS_HOST for the host: a user who never wrote kart.lock.redis.host is told that the
     * variable gave it. A JVM of its own, whose environment holds the variable, loads the configuration as kart does.
     */
    @Test
    void aHostFromKartRedisHostIsNamedWithTheVariable(@TempDir Path directory) throws Exception {
        int port = closedPort();
        try (WorkerJvm child = WorkerJvm.start(directory, "host-from-environment", OpenWithTheEnvironmentsHost.class,
                Map.of("KART_REDIS_HOST", "127.0.0.1"), Map.of(), List.of(String.valueOf(port), client().configName()))) {
            assertThat(child.awaitExit(HANG_GUARD)).as(child.output()).isZero();
            assertThat(child.output()).contains("cannot connect to Redis at 127.0.0.1:" + port + ", the connection was"
                    + " refused; check kart.lock.redis.host/port (host set by environment variable KART_REDIS_HOST) and"
                    + " that redis-server runs there");
        }
    }

    /**
     * Builds a task through kart's public API, which loads the configuration as kart does and opens the backend
     * before it runs anything, with the port and binding given as arguments; prints the error.
     */
    public static final class OpenWithTheEnvironmentsHost {
        private OpenWithTheEnvironmentsHost() {
        }

        /** @param args the port, and the binding's name */
        public static void main(String[] args) {
            try (Kart kart = Kart.builder().workspace(Path.of("workspace")).set("kart.lock.backend", "redis")
                    .set("kart.lock.redis.port", Integer.parseInt(args[0])).set("kart.lock.redis.client", args[1])
                    .set("kart.lock.redis.connect-timeout", "1s").set("kart.lock.redis.command-timeout", "1s").build()) {
                System.out.println("built: " + kart.run(new LockedTasks.Square(1), BuildOptions.defaults()).summary());
            } catch (RuntimeException e) {
                System.out.println(e.getMessage());
            }
        }
    }

    @Test
    void preparingChecksTheSettingsWithoutConnectingAndOpeningConnects() throws IOException {
        int port = closedPort();
        MapConfigSection unreachable = settings(port);

        Supplier<LockBackend> opener = new RedisLockBackendProvider().prepare(LEASE, unreachable);
        LockException error = catchThrowableOfType(LockException.class, () -> opener.get().close());
        LockException again = catchThrowableOfType(LockException.class, () -> opener.get().close());

        assertThat(error).as("the connection error comes when the backend is opened")
                .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("the connection was refused");
        assertThat(again).as("opening again tries again").hasMessageContaining("127.0.0.1:" + port);
        try (LockBackend backend = new RedisLockBackendProvider().prepare(LEASE, settings(REDIS.server().port())).get()) {
            assertThat(backend.heldLocks()).isEmpty();
        }
    }

    @Test
    void aServerThatNeverAnswersFailsTheStart() throws Exception {
        try (BlackHole hole = new BlackHole()) {
            LockException error = openFailing(settings(hole.port()).with("command-timeout", LIVE_TIMEOUT)
                    .with("password", PASSWORD));
            assertThat(error).hasMessageContaining("127.0.0.1:" + hole.port())
                    .as("connected at once: the greeting's reply is what did not come")
                    .hasMessageContaining("kart.lock.redis.command-timeout = 5s");
            if (client() == RedisLockSettings.Client.JEDIS) {
                // Jedis's socket says which ("Read timed out"); Redisson's start gives a bare TimeoutException
                assertThat(error).hasMessageNotContaining("connect-timeout").hasMessageContaining("127.0.0.1:"
                        + hole.port() + " took the connection but did not answer within kart.lock.redis.command-timeout"
                        + " = 5s; a Redis there that is stopped, busy or overloaded answers nothing");
            }
            assertThat(stackTrace(error)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aServerThatTakesNoConnectionFailsTheStartNamingTheConnectTimeout() throws Exception {
        try (FullBacklog swamped = new FullBacklog()) {
            LockException error = openFailing(settings(swamped.port()).with("command-timeout", LIVE_TIMEOUT));
            assertThat(error).hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + swamped.port()
                    + " within kart.lock.redis.connect-timeout = 1s; check kart.lock.redis.host/port")
                    .as("no command went out").hasMessageNotContaining("command-timeout");
        }
    }

    /** An HTTP server on Redis's port: said to be no Redis, not a refused login, in one line for both bindings. */
    @Test
    void aServerThatDoesNotSpeakRedisIsToldAsSuch() throws Exception {
        byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (BlackHole web = new BlackHole(http)) {
            LockException error = openFailing(settings(web.port()).with("password", PASSWORD));
            assertThat(error).hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + web.port() + ", what answers"
                    + " there does not speak Redis's protocol (another server on that port, or TLS that"
                    + " kart.lock.redis.ssl does not ask for); check kart.lock.redis.host/port and ssl: ")
                    .hasMessageNotContaining("username");
            assertThat(stackTrace(error)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void wrongCredentialsFailTheStartWithoutShowingThePassword() {
        LockException error = openFailing(settings(REDIS.server().port()).with("username", "kart-startup")
                .with("password", PASSWORD));
        assertThat(error).hasMessageContaining("127.0.0.1:" + REDIS.server().port());
        assertThat(stackTrace(error)).doesNotContain(PASSWORD).containsIgnoringCase("WRONGPASS");

        try (LockBackend backend = new RedisLockBackendProvider().open(LEASE, settings(REDIS.server().port())
                .with("username", "kart-startup").with("password", "right-password-987"))) {
            assertThat(backend.heldLocks()).isEmpty();
        }
    }

    /**
     * {@code .invalid} never resolves (RFC 2606): a misspelt host is told as such, not as a refused login. The
     * connect timeout leaves room for a slow DNS server's answer, which the message is about.
     */
    @Test
    void aHostNameWithoutAnAddressIsToldAsSuch() {
        LockException error = openFailing(settings(6379).with("host", "no-such-redis.invalid")
                .with("connect-timeout", Duration.ofSeconds(15)));
        assertThat(error).hasMessageContaining("cannot connect to Redis at no-such-redis.invalid:6379, a host name could"
                + " not be resolved here (no such name, or no answer from DNS); check kart.lock.redis.host: ")
                .hasMessageNotContaining("username").hasMessageNotContaining("timeout");
    }

    /** Redis's 16 databases by default: a number past them is named with its key, not taken for a login. */
    @Test
    void aDatabaseTheServerDoesNotHaveIsNamed() {
        LockException error = openFailing(settings(REDIS.server().port()).with("database", 99));
        assertThat(error).hasMessageContaining("cannot connect to Redis at 127.0.0.1:" + REDIS.server().port()
                + " (database 99), it has no such database; check kart.lock.redis.database: a Redis server has databases 0"
                + " to one less than its databases setting (16 by default): ")
                .hasMessageContaining("DB index is out of range").hasMessageNotContaining("username");

        LockException fromUrl = openFailing(MapConfigSection.of("kart.lock.redis")
                .with("url", "redis://127.0.0.1:" + REDIS.server().port() + "/99").with("client", client().configName())
                .with("connect-timeout", TIMEOUT).with("command-timeout", TIMEOUT));
        assertThat(fromUrl).hasMessageContaining("check the /database of kart.lock.redis.url: ");
    }

    private MapConfigSection settings(int port) {
        return MapConfigSection.of("kart.lock.redis").with("host", "127.0.0.1").with("port", port)
                .with("client", client().configName()).with("connect-timeout", TIMEOUT).with("command-timeout", TIMEOUT);
    }

    /** @return a loopback port nothing listens on: a connection there is refused at once */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static LockException openFailing(MapConfigSection settings) {
        return openFailing(settings, LockException.class);
    }

    private static <T extends Throwable> T openFailing(MapConfigSection settings, Class<T> type) {
        long start = System.nanoTime();
        T error = catchThrowableOfType(type, () -> new RedisLockBackendProvider().open(LEASE, settings).close());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(error).as("the error of opening an unusable Redis").isNotNull();
        assertThat(took).as("time to fail").isLessThan(HANG_GUARD);
        return error;
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
