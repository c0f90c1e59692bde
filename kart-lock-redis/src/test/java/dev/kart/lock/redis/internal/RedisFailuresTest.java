package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockException;
import dev.kart.lock.LockKeyOccupiedException;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.test.support.config.MapConfigSection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Lock errors name the binding, where Redis is and the key, say what happens next, and never show the password. */
class RedisFailuresTest {
    private static final List<String> SENTINEL_NODES = List.of("s1:26379", "s2:26379");
    private static final RedisLockSettings SENTINEL = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30),
            "t")).sentinel("main", SENTINEL_NODES).password("s3cret-pw").build();
    private static final RedisLockSettings SETTINGS = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
            .host("redis.internal").port(6380).password("s3cret-pw").connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * acquire.lua's refusal of another application's value is told by the reply's first line, and becomes the one
     * failure the runtime does not retry; another error whose client message quotes the script's source (which holds
     * the same words), as Redisson's does with the command's arguments, stays a failure that is retried.
     */
    @Test
    void anotherApplicationsValueIsToldByTheReplyNotByTheScriptSourceAClientQuotes() {
        RedisFailures failures = RedisFailures.ownClient("redisson", SETTINGS);
        String source = "return redis.error_reply('WRONGTYPE key ' .. key .. ' holds a ' .. kind .. ', not a kart lock')";
        RuntimeException refusal = new IllegalStateException("WRONGTYPE key p:run:ab holds a list, not a kart lock. channel: "
                + "[id: 0x1] data: CommandData [command=(EVAL), params=[" + source + "]]");
        RuntimeException readOnly = new IllegalStateException("READONLY You can't write against a read only replica.."
                + " channel: [id: 0x1] data: CommandData [command=(EVAL), params=[" + source + "]]");

        LockException occupied = failures.failed("acquiring", "p:run:ab", refusal);
        LockException failed = failures.failed("acquiring", "p:run:ab", readOnly);

        assertThat(occupied).isInstanceOf(LockKeyOccupiedException.class)
                .hasMessageContaining("holds another application's value there, not a kart lock")
                .hasMessageEndingWith("WRONGTYPE key p:run:ab holds a list, not a kart lock");
        assertThat(RedisFailures.anotherApplicationsValue(readOnly)).isFalse();
        assertThat(failed).isNotInstanceOf(LockKeyOccupiedException.class).hasMessageContaining("answered with an error");
        assertThat(failures.keyOccupied("looking up the holder of", "p:run:cd", "is a hash of no lock holders"))
                .hasMessageStartingWith("Redis lock backend (redisson): looking up the holder of p:run:cd failed: Redis at"
                        + " redis.internal:6380 holds another application's value there")
                .hasMessageEndingWith("WRONGTYPE key p:run:cd is a hash of no lock holders, not a kart lock");
    }

    /** The backend cannot know the task's retries: the runtime says them (kart-core's Retries), so no promise here. */
    @Test
    void aFailedCallNamesBindingKeyAndAddressThenTheCauseWithoutPromisingARetry() {
        LockException error = RedisFailures.ownClient("jedis", SETTINGS).failed("acquiring", "p:run:ab",
                new IllegalStateException("outer", new ConnectException("Connection refused")));
        assertThat(error).hasMessage("Redis lock backend (jedis): acquiring p:run:ab failed: cannot reach Redis at"
                + " redis.internal:6380 (kart.lock.redis.host/port): Connection refused");
        assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Redisson's messages carry the command with its whole Lua script, the connection's state and
     * advice on thread pools, and its closed channel has no message: one line of kart's words
     * remains, with Redisson's first words at the end.
     */
    @Test
    void aRedissonErrorIsCutToItsFirstWordsWithoutTheLuaScript() {
        IOException redisson = new IOException("Unable to write command into connection! Check CPU usage of the JVM."
                + " Try to increase nettyThreads setting. Netty pending tasks: 0, Node source: NodeSource [slot=0],"
                + " connection: RedisConnection@1 [redisClient=[addr=redis://127.0.0.1:6391]], command: (EVALSHA, cached"
                + " script: local val = redis.call('get', KEYS[3]); if val ~= false then return tonumber(val);end;\n"
                + "return nil), params: [p:run:ab, 3]",
                new java.nio.channels.ClosedChannelException());

        LockException error = RedisFailures.ownClient("redisson", SETTINGS).failed("releasing", "p:run:ab", redisson);

        assertThat(error).hasMessage("Redis lock backend (redisson): releasing p:run:ab failed: cannot reach Redis at"
                + " redis.internal:6380 (kart.lock.redis.host/port): Unable to write command into connection");
    }

    /** A client library's words that only restate a reply not come in time are left out: kart's say it with the setting. */
    @Test
    void aReplyNotComeInTimeIsToldOnceWithTheSetting() throws IOException {
        RedisFailures failures = RedisFailures.ownClient("redisson", SETTINGS);

        assertThat(failures.failed("acquiring", "p:cache:a.txt", new IllegalStateException("wrapped",
                new RedisResponseTimeoutException("Redis server response timeout (5000 ms) occured after 0 of 0 retry"
                        + " attempts, is non-idempotent command: false"))))
                .hasMessage("Redis lock backend (redisson): acquiring p:cache:a.txt failed: no answer from Redis at"
                        + " redis.internal:6380 within kart.lock.redis.command-timeout = 5s");
        assertThat(failures.failed("acquiring", "p:cache:a.txt", new IllegalStateException("Failed to read",
                new SocketTimeoutException("Read timed out"))))
                .hasMessage("Redis lock backend (redisson): acquiring p:cache:a.txt failed: no answer from Redis at"
                        + " redis.internal:6380 within kart.lock.redis.command-timeout = 5s");
        assertThat(failures.failed("acquiring", "p:cache:a.txt", new SocketTimeoutException("Connect timed out")))
                .as("a new connection of the pool not made in time names the connect timeout, not the command's")
                .hasMessage("Redis lock backend (redisson): acquiring p:cache:a.txt failed: no connection to Redis at"
                        + " redis.internal:6380 within kart.lock.redis.connect-timeout = 2s: Connect timed out");
        assertThat(failures.failed("acquiring", "p:cache:a.txt", new IllegalStateException("Unable to connect",
                new ConnectTimeoutException("connection timed out after 2000 ms: redis.internal/10.0.0.5:6380"))))
                .as("Netty's, under Redisson").hasMessageStartingWith("Redis lock backend (redisson): acquiring"
                        + " p:cache:a.txt failed: no connection to Redis at redis.internal:6380 within"
                        + " kart.lock.redis.connect-timeout = 2s: ");

        // a client kart did not set up with the command timeout has one of its own, which only its words give
        RuntimeException redissonTimeout = new RedisResponseTimeoutException("Redis server response timeout (3000 ms)"
                + " occured after 3 of 3 retry attempts");
        assertThat(RedisFailures.givenClient("redisson", "Redis of the application's RedissonClient", SETTINGS)
                .failed("acquiring", "p:cache:a.txt", redissonTimeout))
                .hasMessageEndingWith(": Redis server response timeout (3000 ms) occured after 3 of 3 retry attempts");
        Path yaml = Files.createTempFile("redisson", ".yaml");
        yaml.toFile().deleteOnExit();
        assertThat(RedisFailures.ownClient("redisson", SETTINGS.toBuilder().redissonConfig(yaml).build())
                .failed("acquiring", "p:cache:a.txt", redissonTimeout))
                .hasMessageEndingWith(": Redis server response timeout (3000 ms) occured after 3 of 3 retry attempts");
    }

    /** Named as Netty's, which kart-lock-redis knows by its simple name only; a ConnectException, as Netty's. */
    private static final class ConnectTimeoutException extends ConnectException {
        private static final long serialVersionUID = 1L;

        ConnectTimeoutException(String message) {
            super(message);
        }
    }

    /** Named as Redisson's response timeout, which kart-lock-redis knows by its simple name only. */
    private static final class RedisResponseTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RedisResponseTimeoutException(String message) {
            super(message);
        }
    }

    @Test
    void aTimeoutNamesTheCommandTimeoutAndAnErrorReplyIsToldAsSuch() {
        RedisFailures failures = RedisFailures.ownClient("redisson", SETTINGS);

        // Redisson's RedisResponseTimeoutException: a client library's timeout is known by its class's name
        assertThat(failures.failed("renewing", "p:run:ab", new TimeoutException("Redis server response timeout (5000 ms)"
                + " occured after 0 of 0 retry attempts, is non-idempotent command: false Check connection with Redis"
                + " node: 127.0.0.1/127.0.0.1:6380 for TCP packet drops. Try to increase nettyThreads and/or timeout"
                + " settings., command: (EVALSHA, cached script: return redis.call('pexpire', KEYS[1]))")))
                .hasMessage("Redis lock backend (redisson): renewing p:run:ab failed: no answer from Redis at"
                        + " redis.internal:6380 within kart.lock.redis.command-timeout = 5s: Redis server response"
                        + " timeout (5000 ms) occured after 0 of 0 retry attempts");
        assertThat(failures.failed("acquiring", "p:run:ab", new IllegalStateException("NOPERM this user has no"
                + " permissions to run the 'evalsha' command")))
                .hasMessage("Redis lock backend (redisson): acquiring p:run:ab failed: Redis at redis.internal:6380"
                        + " answered with an error: NOPERM this user has no permissions to run the 'evalsha' command");
        assertThat(failures.failed("acquiring", "p:run:ab", new IllegalStateException("command failed",
                new NullPointerException("Cannot invoke \"org.redisson.connection.MasterSlaveEntry.getClient()\""))))
                .hasMessageStartingWith("Redis lock backend (redisson): acquiring p:run:ab failed: the redisson client"
                        + " failed inside, talking to Redis at redis.internal:6380: ");
    }

    @Test
    void anUnreachableServerNamesTheTimeoutsAndTheKeysToCheckThenTheCause() throws IOException {
        LockException error = RedisFailures.ownClient("redisson", SETTINGS)
                .unreachable(new IOException("no answer", new SocketTimeoutException("Connect timed out")));
        assertThat(error).hasMessage("Redis lock backend (redisson): cannot connect to Redis at redis.internal:6380"
                + " within kart.lock.redis.connect-timeout = 2s; check kart.lock.redis.host/port and that redis-server"
                + " runs there and accepts connections from this machine: Connect timed out");
        assertThat(RedisFailures.ownClient("redisson", SETTINGS).unreachable(new IllegalStateException("Unable to"
                + " connect", new ConnectTimeoutException("connection timed out after 2000 ms: /10.0.0.5:6380"))))
                .as("Netty's connect timeout, a ConnectException, is no refusal")
                .hasMessageContaining("redis.internal:6380 within kart.lock.redis.connect-timeout = 2s; check");
        assertThat(RedisFailures.ownClient("jedis", SETTINGS).unreachable(new IOException("x",
                new ConnectException("Connection timed out"))))
                .as("the kernel's own connect timeout, a ConnectException too, is no refusal either")
                .hasMessageContaining("redis.internal:6380 within kart.lock.redis.connect-timeout = 2s; check");
        assertThat(RedisFailures.givenClient("jedis", "Redis of the application's JedisPooled", SETTINGS)
                .failed("acquiring", "p:cache:a", new IOException("x", new SocketTimeoutException("Connect timed out"))))
                .as("the application's client has timeouts of its own, which kart's keys do not set")
                .hasMessage("Redis lock backend (jedis): acquiring p:cache:a failed: no connection to Redis of the"
                        + " application's JedisPooled in time: Connect timed out");
        Path yaml = Files.createTempFile("redisson", ".yaml");
        yaml.toFile().deleteOnExit();
        assertThat(RedisFailures.ownClient("redisson", SETTINGS.toBuilder().redissonConfig(yaml).build())
                .unreachable(new IllegalStateException("Unable to connect",
                        new ConnectTimeoutException("connection timed out after 10000 ms: /10.0.0.5:6380"))))
                .as("nor do they set a redisson-config file's").hasMessageContaining(" within the timeouts of"
                        + " kart.lock.redis.redisson-config (" + yaml + "); check")
                .hasMessageNotContaining("kart.lock.redis.connect-timeout");
        assertThat(RedisFailures.ownClient("jedis", SETTINGS).unreachable(new IOException("no reply",
                new SocketTimeoutException("Read timed out"))))
                .as("connected, but the greeting had no answer").hasMessageContaining(" took the connection but did not"
                        + " answer within kart.lock.redis.command-timeout = 5s; a Redis there that is stopped, busy or"
                        + " overloaded answers nothing");
        assertThat(RedisFailures.ownClient("jedis", SETTINGS).unreachable(new IOException("no reply",
                new TimeoutException("timed out"))))
                .as("a timeout that does not say which: both").hasMessageContaining(" within"
                        + " kart.lock.redis.connect-timeout = 2s and kart.lock.redis.command-timeout = 5s; check")
                .hasMessageContaining("and answers (a Redis stopped, busy or overloaded takes the connection and answers"
                        + " nothing: redis-cli ping tells)");
        LockException given = RedisFailures.givenClient("jedis", "Redis of the application's JedisPooled", SETTINGS)
                .unreachable(new IOException("timed out"));
        assertThat(given).hasMessage("Redis lock backend (jedis): the application's Redis client cannot reach Redis of the"
                + " application's JedisPooled: timed out");
    }

    /** Jedis says "Failed to connect to host:port." and keeps the socket's error as a suppressed one. */
    @Test
    void aRefusedConnectionIsToldAsSuchWithTheSocketsWordsAtTheEnd() {
        IOException jedis = new IOException("Failed to connect to redis.internal:6380.");
        jedis.addSuppressed(new ConnectException("Connection refused"));

        LockException error = RedisFailures.ownClient("jedis", SETTINGS).unreachable(jedis);

        assertThat(error).hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380, the"
                + " connection was refused; check kart.lock.redis.host/port and that redis-server runs there and accepts"
                + " connections from this machine: Connection refused");
    }

    /**
     * Jedis's cluster client keeps each seed node's error as a suppressed one of its own, and the socket's inside
     * that: a refused connection two levels down is still refused, not taken for a refused login.
     */
    @Test
    void clusterNodesThatRefuseTheConnectionAreNamedWithTheirKey() {
        RedisLockSettings cluster = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .clusterNodes(List.of("10.0.0.5:7000", "10.0.0.6:7000")).password("s3cret-pw").build();
        JedisConnectionException node = new JedisConnectionException("Failed to connect to 10.0.0.6:7000.");
        node.addSuppressed(new ConnectException("Connection refused"));
        JedisClusterOperationException slots = new JedisClusterOperationException("Could not initialize cluster slots cache.");
        slots.addSuppressed(node);

        assertThat(RedisFailures.ownClient("jedis", cluster).unreachable(slots)).hasMessage("Redis lock backend (jedis):"
                + " cannot connect to Redis Cluster at 10.0.0.5:7000, 10.0.0.6:7000, the connection was refused; check"
                + " kart.lock.redis.cluster.nodes and that redis-server runs there and accepts connections from this"
                + " machine: Connection refused");
    }

    /** No route to a node's address (one of another network, as a cluster in containers announces): not a login. */
    @Test
    void anAddressWithoutARouteIsToldAsSuch() {
        RedisLockSettings cluster = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .clusterNodes(List.of("172.18.0.3:7000")).build();
        JedisConnectionException node = new JedisConnectionException("Failed to connect to 172.18.0.3:7000.");
        node.addSuppressed(new NoRouteToHostException("No route to host"));
        JedisClusterOperationException slots = new JedisClusterOperationException("Could not initialize cluster slots cache.");
        slots.addSuppressed(node);

        assertThat(RedisFailures.ownClient("jedis", cluster).unreachable(slots)).hasMessage("Redis lock backend (jedis):"
                + " cannot connect to Redis Cluster at 172.18.0.3:7000, there is no route to it from this machine; check"
                + " kart.lock.redis.cluster.nodes and that this machine's network reaches them: No route to host");
        assertThat(RedisFailures.ownClient("jedis", SETTINGS).unreachable(new JedisConnectionException(
                "Failed to create socket.", new java.net.SocketException("Network is unreachable"))))
                .hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380, there is no route"
                        + " to it from this machine; check kart.lock.redis.host/port and that this machine's network"
                        + " reaches them: Network is unreachable");
    }

    @Test
    void aServerThatRefusesTheLoginNamesTheCredentialKeys() {
        LockException error = RedisFailures.ownClient("jedis", SETTINGS).unreachable(
                new IllegalStateException("WRONGPASS invalid username-password pair or user is disabled."));

        assertThat(error).hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380; check"
                + " kart.lock.redis.host/port, kart.lock.redis.username and password (KART_REDIS_PASSWORD), and ssl:"
                + " WRONGPASS invalid"
                + " username-password pair or user is disabled");
    }

    /** Redisson's refused login ends with the Netty channel and its command: the headline stops before them. */
    @Test
    void redissonsRefusedLoginIsCutBeforeTheChannel() {
        LockException error = RedisFailures.ownClient("redisson", SETTINGS).unreachable(new IllegalStateException(
                "WRONGPASS invalid username-password pair or user is disabled.. channel: [id: 0x83469412, L:/127.0.0.1:49496"
                        + " - R:127.0.0.1/127.0.0.1:6402] data: CommandData [command=(AUTH), params: (password masked)]"));

        assertThat(error.getMessage()).endsWith("and ssl: WRONGPASS invalid username-password pair or user is disabled")
                .doesNotContain("channel", "CommandData");
    }

    /** The url held host, port, user and password: the keys named are the url's, not host/port or username. */
    @Test
    void aServerThatRefusesALoginGivenByAUrlNamesTheUrl() throws IOException {
        RedisLockSettings fromUrl = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .url("redis://ops:s3cret-pw@redis.internal:6380").build();
        RedisFailures failures = RedisFailures.ownClient("jedis", fromUrl);

        assertThat(failures.unreachable(new IllegalStateException("WRONGPASS invalid username-password pair")))
                .hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380; check"
                        + " kart.lock.redis.url (its host, port, user, password and scheme; or kart.lock.redis.password):"
                        + " WRONGPASS invalid username-password pair");
        assertThat(failures.unreachable(new ConnectException("Connection refused")).getMessage())
                .contains("check kart.lock.redis.url and that redis-server runs there").doesNotContain("host/port");
        assertThat(RedisFailures.ownClient("jedis", fromUrl.toBuilder().build()).unreachable(
                new ConnectException("Connection refused")).getMessage()).as("the settings rebuilt")
                .contains("check kart.lock.redis.url and");
        // a Redisson file beside the url wins over it (reference.conf): its credentials are the ones to check
        java.nio.file.Path yaml = java.nio.file.Files.createTempFile("redisson", ".yaml");
        yaml.toFile().deleteOnExit();
        RedisLockSettings withFile = fromUrl.toBuilder().redissonConfig(yaml).build();
        assertThat(RedisFailures.ownClient("redisson", withFile).unreachable(new IllegalStateException("WRONGPASS x"))
                .getMessage()).contains("check kart.lock.redis.redisson-config (its password and ssl settings): WRONGPASS x")
                .doesNotContain("kart.lock.redis.url");
    }
    /**
     * What the sentinels answer decides how a Sentinel deployment's start failure is told: a name they do not monitor
     * is a configuration error (kart exits 2), saying how many answered and listing at most ten of the names they do;
     * the client library's words that they monitor none of that name make it one too when no sentinel answers the
     * question again; a primary a client names needs no question. The real sentinels' answers: BackendStartupBehaviour.
     */
    @Test
    void aSentinelDeploymentsStartFailureIsToldByWhatTheSentinelsAnswer() {
        List<String> many = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> String.format("m%02d", i)).toList();
        java.util.List<String> asked = new java.util.ArrayList<>();
        SentinelProbe firstDown = node -> {
            asked.add(node);
            if (node.startsWith("s1")) {
                throw new IllegalStateException("Connection refused");
            }
            return SentinelView.monitoring(many);
        };
        IllegalStateException unmonitored = new IllegalStateException("Can connect to sentinel, but main seems to be not monitored");

        assertThat(RedisFailures.ownClient("jedis", SENTINEL).cannotStart(unmonitored, firstDown.askInTurn(SENTINEL_NODES)))
                .isInstanceOf(LockException.class).isNotInstanceOf(KartConfigException.class)
                .hasMessage("Redis lock backend (jedis): the sentinel that answered (s2:26379) monitors no primary named"
                        + " 'main' (it monitors 'm01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', ... 12"
                        + " in all); s1:26379 could not be asked: Connection refused; check that redis-sentinel runs at"
                        + " s1:26379 and accepts connections from this machine; check that kart.lock.redis.sentinel.nodes"
                        + " lists sentinels that monitor 'main'; if the name is wrong, check"
                        + " kart.lock.redis.sentinel.master: the NAME of their `sentinel monitor NAME host port quorum` line:"
                        + " Can connect to sentinel, but main seems to be not monitored");
        assertThat(asked).containsExactly("s1:26379", "s2:26379");

        SentinelProbe none = node -> {
            throw new IllegalStateException("Connection refused");
        };
        assertThat(RedisFailures.ownClient("redisson", SENTINEL).cannotStart(new IllegalStateException(
                "Master node is undefined! SENTINEL GET-MASTER-ADDR-BY-NAME command returns empty result!"),
                none.askInTurn(SENTINEL_NODES)))
                .isInstanceOf(KartConfigException.class).hasMessage("Redis lock backend (redisson): the sentinels at"
                        + " s1:26379,s2:26379 monitor no primary named 'main'; check kart.lock.redis.sentinel.master: the"
                        + " NAME of their `sentinel monitor NAME host port quorum` line: Master node is undefined");

        assertThat(RedisFailures.ownClient("jedis", SENTINEL).cannotStart(new IllegalStateException("x",
                new SocketTimeoutException("Read timed out")), SentinelAnswers.naming(new RedisLockSettings.Node("10.0.0.5", 6379))))
                .isInstanceOf(LockException.class).hasMessage("Redis lock backend (jedis): a sentinel of"
                        + " s1:26379,s2:26379 names 10.0.0.5:6379 as primary 'main', and it did not answer within"
                        + " kart.lock.redis.command-timeout = 5s; check that redis-server"
                        + " runs there and accepts connections from this machine, and the sentinels' view of it (SENTINEL"
                        + " MASTER main): Read timed out");
        assertThat(RedisFailures.ownClient("jedis", SENTINEL).cannotStart(new IllegalStateException(
                "All sentinels down, cannot determine where is main master is running"), SentinelAnswers.notAsked()))
                .isInstanceOf(LockException.class).hasMessageContaining(", no sentinel answered; check");
    }

    /**
     * Sentinels that answered for other names beside ones that could not be asked: only those that answered are said
     * to monitor no such primary, and the start fails as an outage (exit 3), not as a wrong name (exit 2), since one
     * that could not be asked may monitor it; what to check of each is worded by why it could not be asked.
     */
    @Test
    void aNameUnmonitoredByTheSentinelsThatAnsweredIsAnOutageWhileOthersCouldNotBeAsked() {
        RedisLockSettings three = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .sentinel("main", List.of("s1:26379", "s2:26379", "s3:26379", "s4:26379")).build();
        SentinelProbe mixed = node -> switch (node) {
            case "s1:26379" -> throw new IllegalStateException("WRONGPASS invalid username-password pair or user is disabled.");
            case "s2:26379" -> throw new IllegalStateException("x", new SocketTimeoutException("Read timed out"));
            default -> SentinelView.monitoring(List.of("other"));
        };
        IllegalStateException unmonitored = new IllegalStateException("Can connect to sentinel, but main seems to be not monitored");

        assertThat(RedisFailures.ownClient("jedis", three).cannotStart(unmonitored,
                mixed.askInTurn(List.of("s1:26379", "s2:26379", "s3:26379", "s4:26379"))))
                .isInstanceOf(LockException.class).isNotInstanceOf(KartConfigException.class)
                .hasMessage("Redis lock backend (jedis): the sentinels that answered (s3:26379,s4:26379) monitor no"
                        + " primary named 'main' (they monitor 'other'); s1:26379 could not be asked: WRONGPASS invalid"
                        + " username-password pair or user is disabled; s2:26379 could not be asked: Read timed out; check"
                        + " that redis-sentinel runs at s2:26379 and accepts connections from this machine; check"
                        + " kart.lock.redis.sentinel.username/password: s1:26379 refused the login; check that"
                        + " kart.lock.redis.sentinel.nodes lists sentinels that monitor 'main'; if the name is wrong,"
                        + " check kart.lock.redis.sentinel.master: the NAME of their `sentinel monitor NAME host port quorum`"
                        + " line: Can connect to sentinel, but main seems to be not monitored");

        SentinelProbe all = node -> SentinelView.monitoring(List.of("other"));
        assertThat(RedisFailures.ownClient("jedis", three).cannotStart(unmonitored,
                all.askInTurn(List.of("s1:26379", "s2:26379", "s3:26379", "s4:26379"))))
                .as("every sentinel answered: the name is wrong").isInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("Redis lock backend (jedis): the sentinels at s1:26379,s2:26379,s3:26379,s4:26379"
                        + " monitor no primary named 'main' (4 of 4 answered; they monitor 'other'); check"
                        + " kart.lock.redis.sentinel.master");
    }

    /** A sentinel listed twice that could not be asked is told once, with both its entries' numbers. */
    @Test
    void aSentinelListedTwiceThatCouldNotBeAskedIsToldOnce() {
        List<String> nodes = List.of("s1:26379", "s2:26379", "s3:26379", "s2:26379");
        RedisLockSettings twice = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .sentinel("main", nodes).build();
        SentinelProbe secondSilent = node -> {
            if (node.equals("s2:26379")) {
                throw new IllegalStateException("x", new SocketTimeoutException("Read timed out"));
            }
            return SentinelView.monitoring(List.of("other"));
        };

        String message = RedisFailures.ownClient("jedis", twice).cannotStart(new IllegalStateException(
                "Can connect to sentinel, but main seems to be not monitored"), secondSilent.askInTurn(nodes)).getMessage();

        assertThat(message).contains("(they monitor 'other'); s2:26379 (entries 2, 4) could not be asked: Read timed out;"
                + " check that redis-sentinel runs at s2:26379 and accepts");
        assertThat(message.split("could not be asked", -1)).as("told once").hasSize(2);
    }

    /**
     * A data server listed before a sentinel that named the primary was passed over at start: a primary that fails later
     * is an outage of its own (exit 3), not that configuration error (exit 2).
     */
    @Test
    void aDataServerPassedOverForASentinelThatNamedThePrimaryIsNotBlamedForThePrimarysFailure() {
        SentinelAnswers dataServerFirst = new SentinelAnswers(Optional.of(new RedisLockSettings.Node("10.0.0.5", 6379)),
                Optional.of("s2:26379"), List.of(), List.of(), 2, List.of(dataServer("s1:26379", 1)));

        assertThat(RedisFailures.ownClient("jedis", SENTINEL).cannotStart(new JedisConnectionException("x",
                new ConnectException("Connection refused")), dataServerFirst))
                .isInstanceOf(LockException.class).isNotInstanceOf(KartConfigException.class)
                .hasMessageStartingWith("Redis lock backend (jedis): the sentinel at s2:26379 names 10.0.0.5:6379 as primary"
                        + " 'main', and it refused the connection");
        assertThat(RedisFailures.ownClient("jedis", SENTINEL).cannotStart(new JedisConnectionException("x"),
                new SentinelAnswers(Optional.empty(), Optional.empty(), List.of(), List.of(), 2,
                        List.of(dataServer("s1:26379", 1))))).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("s1:26379 in kart.lock.redis.sentinel.nodes answers as a Redis data server");
    }

    /**
     * The start's refusal of data servers and cannotStart's wording ask one test: they agree on every answer. Data
     * servers passed over for a sentinel that named the primary are warned of instead, each with its entry's number.
     */
    @Test
    void dataServersListedAmongTheSentinelsAreToldAlikeByEveryMessage() {
        RedisFailures failures = RedisFailures.ownClient("jedis", SENTINEL);
        RedisLockSettings.Node primary = new RedisLockSettings.Node("10.0.0.5", 6379);
        List<SentinelAnswers> answers = List.of(SentinelAnswers.notAsked(), SentinelAnswers.naming(primary),
                new SentinelAnswers(Optional.empty(), Optional.empty(), List.of(), List.of(), 2,
                        List.of(dataServer("s1:26379", 1))),
                new SentinelAnswers(Optional.of(primary), Optional.of("s2:26379"), List.of(), List.of(), 2,
                        List.of(dataServer("s1:26379", 1))));
        for (SentinelAnswers answer : answers) {
            boolean refused = failures.dataServersListed(answer).isPresent();
            assertThat(refused).as("refused at start: %s", answer).isEqualTo(answer.dataServerInsteadOfSentinel());
            assertThat(failures.cannotStart(new JedisConnectionException("x"), answer) instanceof KartConfigException
                    && failures.cannotStart(new JedisConnectionException("x"), answer).getMessage()
                            .contains("as a Redis data server")).as("told by cannotStart: %s", answer).isEqualTo(refused);
        }

        SentinelAnswers twoFirst = new SentinelAnswers(Optional.of(primary), Optional.of("s3:26379"), List.of(), List.of(), 3,
                List.of(dataServer("s1:26379", 1), dataServer("s2:26379", 2)));
        assertThat(RedisFailures.ownClient("jedis", RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30),
                "t")).sentinel("main", List.of("s1:26379", "s2:26379", "s3:26379")).build()).dataServersPassedOver(twoFirst))
                .contains("Redis lock backend (jedis): s1:26379 (entry 1), s2:26379 (entry 2) of"
                        + " kart.lock.redis.sentinel.nodes are Redis data servers, not sentinels: they refused SENTINEL"
                        + " GET-MASTER-ADDR-BY-NAME as an unknown command; kart leaves them out of the sentinels it hands the"
                        + " jedis client, as the sentinel at s3:26379 names 10.0.0.5:6379 as primary 'main'; remove them from"
                        + " kart.lock.redis.sentinel.nodes");
        assertThat(failures.dataServersPassedOver(answers.get(2))).isEmpty();
    }

    /**
     * A data server given twice before the sentinel that names the primary: the warning gives the number of each
     * entry, as the list has them, not the first one's twice; and it says that kart leaves it out of the sentinels it
     * hands the client library, which then never connects to it.
     */
    @Test
    void aDataServerGivenTwiceIsWarnedOfWithEachEntrysNumber() {
        List<String> nodes = List.of("d1:6379", "s2:26379", "d1:6379", "s3:26379");
        SentinelProbe probe = node -> switch (node) {
            case "d1:6379" -> throw new IllegalStateException("ERR unknown command 'SENTINEL', with args beginning with:"
                    + " 'get-master-addr-by-name' 'main'");
            case "s2:26379" -> throw new IllegalStateException("Connection refused");
            default -> SentinelView.of(List.of("10.0.0.5", "6379"), List::of);
        };
        RedisFailures failures = RedisFailures.ownClient("jedis", RedisLockSettings.builder(LeaseSettings.of("p",
                Duration.ofSeconds(30), "t")).sentinel("main", nodes).build());

        assertThat(failures.dataServersPassedOver(probe.askInTurn(nodes))).hasValue("Redis lock backend (jedis): d1:6379"
                + " (entries 1, 3) of kart.lock.redis.sentinel.nodes is a Redis data server, not a sentinel: it refused"
                + " SENTINEL GET-MASTER-ADDR-BY-NAME as an unknown command; kart leaves it out of the sentinels it hands the"
                + " jedis client, as the sentinel at s3:26379 names 10.0.0.5:6379 as primary 'main'; remove it from"
                + " kart.lock.redis.sentinel.nodes");
    }

    /** @return a Redis data server's refusal of {@code SENTINEL}, as kart's question at start records it */
    private static SentinelAnswers.Unasked dataServer(String address, int entry) {
        return new SentinelAnswers.Unasked(address, entry, new IllegalStateException("ERR unknown command 'SENTINEL'"));
    }

    /**
     * A sentinel that monitors other names only (one of another deployment, listed by mistake) is passed over for the
     * next: a primary that one names and that is down is told as such (Jedis passes the first over too), not as a
     * master name nobody monitors; a client library that stopped at the first (Redisson does) is told the list is
     * wrong, naming both sentinels, as a configuration error.
     */
    @Test
    void aSentinelOfOtherNamesIsPassedOverForOneThatNamesThePrimary() {
        java.util.List<String> asked = new java.util.ArrayList<>();
        SentinelProbe otherFirst = node -> {
            asked.add(node);
            return node.startsWith("s1") ? SentinelView.monitoring(List.of("other"))
                    : SentinelView.naming(new RedisLockSettings.Node("10.0.0.5", 6379));
        };
        IllegalStateException refused = new IllegalStateException("Unable to connect to Redis server: 10.0.0.5/10.0.0.5:6379",
                new java.net.ConnectException("Connection refused: /10.0.0.5:6379"));

        assertThat(RedisFailures.ownClient("redisson", SENTINEL).cannotStart(refused, otherFirst.askInTurn(SENTINEL_NODES)))
                .isInstanceOf(LockException.class).hasMessageStartingWith("Redis lock backend (redisson): the sentinel at"
                        + " s2:26379 names 10.0.0.5:6379 as primary 'main', and it refused the connection; ");
        assertThat(asked).containsExactly("s1:26379", "s2:26379");

        IllegalStateException stopped = new IllegalStateException(
                "Master node is undefined! SENTINEL GET-MASTER-ADDR-BY-NAME command returns empty result!");
        assertThat(RedisFailures.ownClient("redisson", SENTINEL).cannotStart(stopped, otherFirst.askInTurn(SENTINEL_NODES)))
                .isInstanceOf(KartConfigException.class).hasMessage("Redis lock backend (redisson): the sentinel at"
                        + " s1:26379 monitors no primary named 'main' (it monitors 'other'), but the one at s2:26379 names"
                        + " 10.0.0.5:6379 as that primary; check kart.lock.redis.sentinel.nodes: list only sentinels that"
                        + " monitor 'main' (the redisson client stops at the first that does not, the jedis client passes"
                        + " it over), or kart.lock.redis.sentinel.master if another deployment is meant; the redisson client"
                        + " said: Master node is undefined");
    }

    /**
     * A client library that passed a sentinel of other names over and started (Jedis does) is warned of it, naming
     * the sentinel, what it monitors and the key; nothing when none was passed over or none named the primary.
     */
    @Test
    void aSentinelPassedOverAtAStartIsWarnedOf() {
        SentinelProbe otherFirst = node -> node.startsWith("s1") ? SentinelView.monitoring(List.of("other"))
                : SentinelView.naming(new RedisLockSettings.Node("10.0.0.5", 6379));
        RedisFailures failures = RedisFailures.ownClient("jedis", SENTINEL);

        assertThat(failures.passedOver(otherFirst.askInTurn(SENTINEL_NODES))).hasValue("Redis lock backend (jedis): the"
                + " sentinel at s1:26379 monitors no primary named 'main' (it monitors 'other'); the jedis client passed it"
                + " over for the one at s2:26379, which names 10.0.0.5:6379 as that primary; check"
                + " kart.lock.redis.sentinel.nodes: list only sentinels that monitor 'main' (the redisson client stops at"
                + " the first that does not)");
        assertThat(failures.passedOver(otherFirst.askInTurn(List.of("s2:26379", "s1:26379")))).isEmpty();
        assertThat(failures.passedOver(otherFirst.askInTurn(List.of("s1:26379")))).isEmpty();
    }

    /**
     * The sentinels are asked again only when their answer changes the words: a primary's connection that did not get
     * through, or the client library's words that they monitor no such name; not a refused login, nor sentinels that
     * could not be reached, nor a deployment without sentinels or over the application's client.
     */
    @Test
    void theSentinelsAreAskedOnlyWhenTheirAnswerChangesTheWords() {
        RedisFailures failures = RedisFailures.ownClient("redisson", SENTINEL);
        assertThat(failures.sentinelsCanTell(new IllegalStateException("Unable to connect to Redis server",
                new java.net.ConnectException("Connection refused")))).isTrue();
        assertThat(failures.sentinelsCanTell(new IllegalStateException("Master node is undefined!"))).isTrue();
        assertThat(failures.sentinelsCanTell(new IllegalStateException("WRONGPASS invalid username-password pair"))).isFalse();
        assertThat(failures.sentinelsCanTell(new IllegalStateException("NOAUTH Authentication required"))).isFalse();
        assertThat(failures.sentinelsCanTell(new IllegalStateException("Unable to connect to Redis sentinel servers",
                new java.net.ConnectException("Connection refused")))).isFalse();
        assertThat(RedisFailures.ownClient("redisson", SETTINGS).sentinelsCanTell(new IllegalStateException("x",
                new java.net.ConnectException("Connection refused")))).isFalse();
        assertThat(RedisFailures.givenClient("redisson", "Redis of the application's RedissonClient", SENTINEL)
                .sentinelsCanTell(new IllegalStateException("Master node is undefined!"))).isFalse();
    }

    /**
     * A name resolved by the client comes from kart's keys, or, behind sentinels and in a cluster, from what the
     * servers announce; a cluster node refuses SELECT. Each is told apart from a refused login (the real clients'
     * words: BackendStartupBehaviour).
     */
    @Test
    void anUnresolvedNameAndAClusterNodeNameTheKeysThatGaveThem() {
        java.net.UnknownHostException unknown = new java.net.UnknownHostException("redis-1.internal: Name or service not known");
        RedisLockSettings sentinel = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .sentinel("main", java.util.List.of("s1:26379")).build();
        RedisLockSettings cluster = RedisLockSettings.builder(LeaseSettings.of("p", Duration.ofSeconds(30), "t"))
                .clusterNodes(java.util.List.of("c1:7000")).build();

        assertThat(RedisFailures.ownClient("jedis", sentinel).unreachable(new IOException("x", unknown)).getMessage())
                .contains(", a host name could not be resolved here (no such name, or no answer from DNS); check the host"
                        + " names in kart.lock.redis.sentinel.nodes, and the master's that the sentinels announce: ")
                .doesNotContain("username");
        assertThat(RedisFailures.ownClient("jedis", cluster).unreachable(unknown).getMessage())
                .contains("; check the host names in kart.lock.redis.cluster.nodes, and those the nodes announce: ");
        assertThat(RedisFailures.ownClient("jedis", SETTINGS.toBuilder().database(3).build()).unreachable(
                new IllegalStateException("ERR SELECT is not allowed in cluster mode")))
                .hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380 (database 3), it is"
                        + " a Redis Cluster node, whose only database is 0; give the nodes in kart.lock.redis.cluster.nodes"
                        + " instead, and no database: ERR SELECT is not allowed in cluster mode");
        // the start check's key on another node of a cluster given as one server: told as a cluster node, not a login
        assertThat(RedisFailures.ownClient("jedis", SETTINGS).unreachable(
                new IllegalStateException("MOVED 5462 127.0.0.1:7001")))
                .hasMessage("Redis lock backend (jedis): cannot connect to Redis at redis.internal:6380, it is a Redis"
                        + " Cluster node; give the nodes in kart.lock.redis.cluster.nodes instead: MOVED 5462 127.0.0.1:7001");
    }

    static Stream<Arguments> deployments() throws IOException {
        Path redissonFile = java.nio.file.Files.createTempFile("redisson", ".yaml");
        redissonFile.toFile().deleteOnExit();
        LeaseSettings lease = LeaseSettings.of("p", Duration.ofSeconds(30), "t");
        return Stream.of(
                Arguments.of(RedisLockSettings.builder(lease).host("redis.internal").port(6380).build(),
                        "kart.lock.redis.host/port", "kart.lock.redis.host"),
                Arguments.of(RedisLockSettings.builder(lease).url("redis://redis.internal:6380/0").build(),
                        "kart.lock.redis.url", "the host in kart.lock.redis.url"),
                Arguments.of(RedisLockSettings.builder(lease).sentinel("main", List.of("s1:26379")).build(),
                        "kart.lock.redis.sentinel.nodes/master (and sentinel.username/password when the sentinels require a"
                                + " login)",
                        "the host names in kart.lock.redis.sentinel.nodes, and the master's that the sentinels announce"),
                Arguments.of(RedisLockSettings.builder(lease).clusterNodes(List.of("c1:7000")).build(),
                        "kart.lock.redis.cluster.nodes", "the host names in kart.lock.redis.cluster.nodes, and those the"
                                + " nodes announce"),
                Arguments.of(RedisLockSettings.builder(lease).client(RedisLockSettings.Client.REDISSON)
                        .redissonConfig(redissonFile).build(), "kart.lock.redis.redisson-config",
                        "the addresses in kart.lock.redis.redisson-config"));
    }

    /**
     * A lock call of a Sentinel deployment's backend, which the sentinels answered at start, that cannot reach the
     * primary: told as the primary gone or a failover under way, not as settings to check.
     */
    @Test
    void aLockCallThatCannotReachASentinelsPrimaryTellsOfAFailover() {
        LeaseSettings lease = LeaseSettings.of("p", Duration.ofSeconds(30), "t");
        RedisFailures failures = RedisFailures.ownClient("jedis", RedisLockSettings.builder(lease)
                .sentinel("main", List.of("s1:26379", "s2:26379")).build());

        assertThat(failures.failed("acquiring", "p:run:a", new ConnectException("Connection refused"))).hasMessage(
                "Redis lock backend (jedis): acquiring p:run:a failed: cannot reach Redis primary 'main' of sentinels"
                        + " s1:26379,s2:26379: the primary they named is down, or a failover is under way until they"
                        + " promote a replica and kart follows it: Connection refused");
        assertThat(failures.failed("acquiring", "p:run:a", new SocketTimeoutException("Read timed out")).getMessage())
                .contains("no answer from Redis primary 'main' of sentinels s1:26379,s2:26379 within"
                        + " kart.lock.redis.command-timeout = ")
                .contains(" (the primary they named is stuck or cut off, or a failover is under way)");
    }

    /** Each deployment names its own settings: every one of them where Redis is, or only those that hold host names. */
    @ParameterizedTest
    @MethodSource("deployments")
    void aRefusedConnectionNamesWhereRedisIsAndAnUnresolvedNameTheSettingsThatHoldHostNames(RedisLockSettings settings,
            String where, String hostNames) {
        RedisFailures failures = RedisFailures.ownClient("jedis", settings);

        assertThat(failures.unreachable(new ConnectException("Connection refused")).getMessage())
                .contains(", the connection was refused; check " + where + " and that redis-server runs there");
        assertThat(failures.unreachable(new UnknownHostException("redis.internal")).getMessage())
                .contains("; check " + hostNames + ": redis.internal");
    }

    /**
     * reference.conf reads KART_REDIS_HOST for the host: a user who never wrote kart.lock.redis.host is told where its
     * value came from, beside every key that names it. A file's or a flag's value needs no such note.
     */
    @Test
    void aHostOrUrlSetByAnEnvironmentVariableNamesTheVariable() {
        LeaseSettings lease = LeaseSettings.of("p", Duration.ofSeconds(30), "t");
        MapConfigSection fromEnvironment = MapConfigSection.of("kart.lock.redis").with("host", "redis.internal")
                .with("port", 6380).withOrigin("host", "environment variable KART_REDIS_HOST");
        RedisFailures failures = RedisFailures.ownClient("jedis", RedisLockSettings.from(lease, fromEnvironment));

        assertThat(failures.unreachable(new ConnectException("Connection refused"))).hasMessage("Redis lock backend"
                + " (jedis): cannot connect to Redis at redis.internal:6380, the connection was refused; check"
                + " kart.lock.redis.host/port (host set by environment variable KART_REDIS_HOST) and that redis-server runs"
                + " there and accepts connections from this machine: Connection refused");
        assertThat(failures.unreachable(new UnknownHostException("redis.internal")).getMessage())
                .contains("; check kart.lock.redis.host (set by environment variable KART_REDIS_HOST): redis.internal");
        assertThat(failures.unreachable(new IllegalStateException("WRONGPASS invalid username-password pair")).getMessage())
                .contains("; check kart.lock.redis.host/port (host set by environment variable KART_REDIS_HOST),"
                        + " kart.lock.redis.username and password (KART_REDIS_PASSWORD), and ssl: WRONGPASS");
        assertThat(failures.failed("acquiring", "p:run:ab", new ConnectException("Connection refused")))
                .hasMessage("Redis lock backend (jedis): acquiring p:run:ab failed: cannot reach Redis at redis.internal:6380"
                        + " (kart.lock.redis.host/port; host set by environment variable KART_REDIS_HOST): Connection refused");

        MapConfigSection urlFromEnvironment = MapConfigSection.of("kart.lock.redis").with("url", "redis://redis.internal:6380")
                .withOrigin("url", "environment variable REDIS_URL");
        assertThat(RedisFailures.ownClient("jedis", RedisLockSettings.from(lease, urlFromEnvironment))
                .unreachable(new IllegalStateException("WRONGPASS x")).getMessage()).contains("; check kart.lock.redis.url"
                        + " (set by environment variable REDIS_URL; its host, port, user, password and scheme; or"
                        + " kart.lock.redis.password): WRONGPASS x");
        assertThat(RedisFailures.ownClient("jedis", RedisLockSettings.from(lease, fromEnvironment
                .withOrigin("host", "/etc/kart/site.conf, line 3"))).unreachable(new ConnectException("Connection refused"))
                .getMessage()).as("a file's host").contains("check kart.lock.redis.host/port and").doesNotContain("set by");
        assertThat(RedisFailures.ownClient("jedis", RedisLockSettings.from(lease, fromEnvironment).toBuilder().host("other")
                .build()).unreachable(new ConnectException("Connection refused")).getMessage())
                .as("a host given in code after the environment's").doesNotContain("set by");
    }

    /** Jedis's run lock is a string and Redisson's a hash: nodes on different bindings meet as WRONGTYPE. */
    @Test
    void aKeyOfAnotherKindNamesTheBindingEveryNodeMustShare() {
        assertThat(RedisFailures.ownClient("redisson", SETTINGS).failed("acquiring", "p:run:ab", new IllegalStateException(
                "WRONGTYPE Operation against a key holding the wrong kind of value script: 149c5a8b, on @user_script:1.")))
                .hasMessage("Redis lock backend (redisson): acquiring p:run:ab failed: Redis at redis.internal:6380 holds"
                        + " the key as another kind of value: a process using the other binding on this prefix (every node"
                        + " must use the same kart.lock.redis.client), or another application's key: WRONGTYPE Operation"
                        + " against a key holding the wrong kind of value script: 149c5a8b, on @user_script:1");
    }

    @Test
    void thePasswordIsRedactedFromWhatTheClientLibrarySays() {
        RedisFailures failures = RedisFailures.ownClient("jedis", SETTINGS);
        assertThat(failures.describe(new IOException("AUTH s3cret-pw failed\nsecond line")))
                .isEqualTo("AUTH *** failed");
        assertThat(failures.redact("nothing secret")).isEqualTo("nothing secret");
        assertThat(failures.describe(new IOException())).isEqualTo("IOException");
    }

    /** Redisson names the command it timed out on after "for": the headline ends before both. */
    @Test
    void aTimeoutsHeadlineEndsBeforeTheCommandItNames() {
        assertThat(RedisFailures.ownClient("redisson", SETTINGS).describe(new IllegalStateException("Command execution"
                + " timeout for command: (PING), params: [], Redis client: [addr=redis://localhost:6550]")))
                .isEqualTo("Command execution timeout");
    }

    /** Redisson's closed channel has no message: its meaning is said, with the class's name once. */
    @Test
    void aClosedChannelWithoutAMessageIsToldByItsMeaning() {
        LockException error = RedisFailures.ownClient("redisson", SETTINGS).failed("renewing", "p:run:ab",
                new IllegalStateException(new java.nio.channels.ClosedChannelException()) {
                    @Override
                    public String getMessage() {
                        return null;
                    }
                });

        assertThat(error).hasMessage("Redis lock backend (redisson): renewing p:run:ab failed: cannot reach Redis at"
                + " redis.internal:6380 (kart.lock.redis.host/port): the connection was closed (ClosedChannelException)");
    }
}
