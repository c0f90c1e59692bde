package dev.kart.lock.redis.jedis.internal;

import dev.kart.KartException;
import dev.kart.config.KartConfigException;
import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import dev.kart.lock.redis.internal.LockKeys;
import dev.kart.lock.redis.internal.LuaScript;
import dev.kart.lock.redis.internal.RedisFailures;
import dev.kart.lock.redis.internal.SentinelAnswers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.providers.SentineledConnectionProvider;
import redis.clients.jedis.util.Pool;

/**
 * The Jedis client of one backend, and how its release subscriber connects. Either kart's own: a
 * {@link RedisClient} (Jedis 7's pooled client); with {@code kart.lock.redis.sentinel} a client whose
 * {@link CurrentPrimaryConnections} follow the primary the sentinels name; or for a Redis Cluster a
 * {@link RedisClusterClient} (with a pool per node). Their pools are sized by {@code kart.lock.redis.pool-size},
 * their commands time out after {@code command-timeout} and their borrowers wait at most as long, plus
 * dedicated connections for the subscriber (to the primary of the moment with sentinels; in a cluster,
 * to any node: a classic PUBLISH reaches every node). Or the application's {@link UnifiedJedis}, used as
 * it is and never closed, whose subscriber borrows one of its connections. Every client error leaves as
 * a {@link LockException} naming where Redis is and the key. Thread-safe.
 */
final class JedisConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JedisConnections.class);

    private final UnifiedJedis client;
    private final RedisFailures failures;
    /** Drops kart's own idle connections when a server went away; does nothing for the application's client. */
    private final Runnable dropIdle;
    /** Where kart's next subscriber connection goes; empty for the application's client. */
    private final Supplier<Optional<Endpoint>> endpoint;
    /** Whether the client talks to a Redis Cluster. */
    private final boolean clustered;
    private final boolean own;
    /**
     * Whether {@link #evalAll} may send a pipeline through the client: false for a Redis Cluster, and from the first
     * try on for an application's client made over a single connection, which has no connection provider to lend a
     * pipeline one (Jedis throws IllegalStateException then).
     */
    private volatile boolean pipelines;
    /** The server the sentinels name as the primary now; empty when the client reaches one server only. */
    private final Optional<Supplier<HostAndPort>> primary;

    /** @param address where Redis is now: fixed for one server, the primary of the moment with sentinels */
    private record Endpoint(Supplier<HostAndPort> address, JedisClientConfig config) {
    }

    private JedisConnections(UnifiedJedis client, RedisFailures failures, Runnable dropIdle,
            Supplier<Optional<Endpoint>> endpoint, boolean clustered, boolean own, Optional<Supplier<HostAndPort>> primary) {
        this(client, failures, dropIdle, endpoint, clustered, own, primary, !clustered);
    }

    private JedisConnections(UnifiedJedis client, RedisFailures failures, Runnable dropIdle,
            Supplier<Optional<Endpoint>> endpoint, boolean clustered, boolean own, Optional<Supplier<HostAndPort>> primary,
            boolean pipelines) {
        this.pipelines = pipelines;
        this.client = client;
        this.failures = failures;
        this.dropIdle = dropIdle;
        this.endpoint = endpoint;
        this.clustered = clustered;
        this.own = own;
        this.primary = primary;
    }

    /**
     * Creates kart's own pooled client and checks that Redis answers PING.
     *
     * @param settings the backend's settings, saying where Redis is
     * @return the connections
     * @throws LockException when Redis cannot be reached or refuses the credentials
     * @throws dev.kart.config.KartConfigException when the sentinels monitor no primary of the master name
     */
    static JedisConnections own(RedisLockSettings settings) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(settings.commandTimeout()))
                .database(settings.database())
                .ssl(settings.ssl())
                // CLIENT SETINFO is not among the commands kart's ACL user needs
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        settings.username().ifPresent(config::user);
        settings.password().ifPresent(config::password);
        JedisClientConfig clientConfig = config.build();
        ConnectionPoolConfig poolConfig = new ConnectionPoolConfig();
        poolConfig.setMaxTotal(settings.poolSize());
        poolConfig.setMaxIdle(settings.poolSize());
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(settings.commandTimeout());
        poolConfig.setBlockWhenExhausted(true);
        poolConfig.setJmxEnabled(false);
        RedisFailures failures = RedisFailures.ownClient(JedisBinding.NAME, settings);
        if (settings.cluster()) {
            return cluster(settings, clientConfig, poolConfig, failures);
        }
        if (settings.sentinel().isPresent()) {
            return throughSentinels(settings, settings.sentinel().get(), clientConfig, poolConfig, failures);
        }
        HostAndPort address = new HostAndPort(settings.host(), settings.port());
        RedisClient client = RedisClient.builder().hostAndPort(address).clientConfig(clientConfig).poolConfig(poolConfig).build();
        Optional<Endpoint> endpoint = Optional.of(new Endpoint(() -> address, clientConfig));
        return checked(settings, new JedisConnections(client, failures, client.getPool()::clear, () -> endpoint, false, true,
                Optional.empty()));
    }

    /**
     * A {@link RedisClusterClient} over the seed nodes. One attempt per command, as with one server: a
     * command that fails (also one redirected by MOVED after a failover, which renews the slot map for
     * the next) fails its lock call, and kart retries the task; a retried acquire whose first reply was
     * lost would find its own hold and wait a TTL for it. The subscriber connects to the known nodes in
     * turn, one per connection.
     */
    private static JedisConnections cluster(RedisLockSettings settings, JedisClientConfig clientConfig,
            ConnectionPoolConfig poolConfig, RedisFailures failures) {
        Set<HostAndPort> seeds = new LinkedHashSet<>();
        settings.clusterNodes().forEach(node -> seeds.add(new HostAndPort(node.host(), node.port())));
        RedisClusterClient client;
        try {
            client = RedisClusterClient.builder().nodes(seeds).clientConfig(clientConfig).poolConfig(poolConfig)
                    .maxAttempts(1).maxTotalRetriesDuration(settings.commandTimeout()).build();
        } catch (JedisException e) {
            // no seed answered CLUSTER SLOTS
            throw failures.cannotStart(e, SentinelAnswers.notAsked());
        }
        AtomicInteger turn = new AtomicInteger();
        Supplier<Optional<Endpoint>> endpoint = () -> {
            List<String> nodes = new ArrayList<>(client.getClusterNodes().keySet());
            if (nodes.isEmpty()) {
                nodes = seeds.stream().map(HostAndPort::toString).toList();
            }
            Collections.sort(nodes);
            String node = nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
            return Optional.of(new Endpoint(() -> HostAndPort.from(node), clientConfig));
        };
        return checked(settings, new JedisConnections(client, failures,
                () -> client.getClusterNodes().values().forEach(Pool::clear), endpoint, true, true, Optional.empty()));
    }

    /**
     * kart's own client of a Sentinel deployment: Jedis asks the sentinels for the primary, listens on
     * each of them for {@code +switch-master}, and moves its pool to the new primary on a failover.
     *
     * <p>kart asks the sentinels in turn first, as Jedis does, to tell the user of one it
     * passes over (a sentinel of another deployment, listed by mistake), which Jedis only logs in its own words; Jedis
     * is then handed the one that named the primary first, so that it asks no sentinel kart asked already (a sentinel
     * that does not answer is waited for once, not twice). When none named a primary, the start fails from kart's
     * questions, as Jedis's own would have failed, without Jedis asking them again, so that Jedis logs nothing of its
     * own before kart's error. One sentinel alone is asked too: a Redis data server listed by mistake answers, refusing
     * {@code SENTINEL} as an unknown command, which Jedis would only log before failing with "All sentinels down"; one
     * listed before the sentinel that names the primary is found so, left out of the sentinels Jedis is handed, and
     * warned of. One listed after that sentinel is not asked, so as to add no wait to the start: it is handed to Jedis
     * as listed, and Jedis's listener logs "Lost connection to Sentinel" for it (docs/redis.md says so).
     */
    private static JedisConnections throughSentinels(RedisLockSettings settings, RedisLockSettings.Sentinel sentinel,
            JedisClientConfig clientConfig, ConnectionPoolConfig poolConfig, RedisFailures failures) {
        SentinelAnswers asked = new JedisSentinelProbe(settings).askInTurn(sentinel.nodes());
        refuseDataServers(asked, failures);
        if (asked.answered() == 0) {
            throw noSentinelAnswered(sentinel, asked, failures);
        }
        if (asked.primary().isEmpty()) {
            throw noPrimaryNamed(sentinel, asked, failures);
        }
        Set<HostAndPort> sentinels = sentinelsForJedis(sentinel.nodes(), asked);
        SentineledConnectionProvider provider;
        try {
            provider = new SentineledConnectionProvider(sentinel.master(), clientConfig, poolConfig, sentinels,
                    sentinelConfig(settings, sentinel));
        } catch (JedisException e) {
            // a sentinel named a primary to kart a moment before, and none does to Jedis (a failover's seconds): what
            // they say now, when it changes the words
            throw failures.cannotStart(e, !failures.sentinelsCanTell(e) ? SentinelAnswers.notAsked()
                    : new JedisSentinelProbe(settings).askInTurn(sentinel.nodes()));
        }
        // once, at start: Jedis's listener on such a sentinel warns in its own words on each reconnection
        failures.passedOver(asked).ifPresent(LOG::warn);
        // once, at start: Jedis is not handed a data server kart found (one listed before the sentinel that named the
        // primary), and so says nothing of it
        failures.dataServersPassedOver(asked).ifPresent(LOG::warn);
        return checked(settings, followingSentinels(provider, clientConfig, poolConfig, failures), asked);
    }

    /**
     * kart's own client over Jedis's provider of a Sentinel deployment: the provider follows the sentinels and names
     * the primary, and the commands go through {@link CurrentPrimaryConnections}, never through the provider's pool.
     *
     * @param provider Jedis's provider, closed with the connections
     * @return the connections, not checked yet
     */
    static JedisConnections followingSentinels(SentineledConnectionProvider provider, JedisClientConfig clientConfig,
            ConnectionPoolConfig poolConfig, RedisFailures failures) {
        CurrentPrimaryConnections primaryConnections = new CurrentPrimaryConnections(provider::getCurrentMaster, provider,
                clientConfig, poolConfig);
        UnifiedJedis client = new UnifiedJedis(primaryConnections);
        // a failover replaces the pool: whichever pool is current is cleared
        Runnable clearCurrent = () -> primaryConnections.getConnectionMap().values().forEach(Pool::clear);
        Optional<Endpoint> primaryNow = Optional.of(new Endpoint(provider::getCurrentMaster, clientConfig));
        return new JedisConnections(client, failures, clearCurrent, () -> primaryNow, false, true,
                Optional.of(provider::getCurrentMaster));
    }

    /**
     * The sentinels Jedis is handed, once a sentinel named the primary to kart: that one first, so that Jedis asks none
     * kart asked before it, then the others in their order. The Redis data servers kart found among the entries it
     * asked before a sentinel named the primary are left out: Jedis would listen on each for {@code +switch-master},
     * which a data server refuses as an unknown command, logging a WARN with a stack trace every few seconds for as
     * long as the process runs; a data server never tells of a failover, so nothing is lost. An entry listed after the
     * sentinel that named the primary was not asked, and is handed on as listed, data server or not.
     *
     * @param nodes {@code kart.lock.redis.sentinel.nodes}, {@code host:port} each, in their order
     * @param asked what they answered kart at start
     * @return each address once, the sentinel that named the primary first, without the data servers kart found
     */
    static Set<HostAndPort> sentinelsForJedis(List<String> nodes, SentinelAnswers asked) {
        List<String> order = new ArrayList<>(nodes);
        order.removeAll(asked.dataServers());
        asked.namedBy().ifPresent(first -> {
            order.remove(first);
            order.add(0, first);
        });
        return order.stream()
                .map(node -> new HostAndPort(RedisLockSettings.Sentinel.host(node), RedisLockSettings.Sentinel.port(node)))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * No sentinel answered kart's questions: Jedis would ask each again, waiting as long, to say that all are down. Its
     * words are given instead, so that the failure reads as when Jedis says them; why each sentinel could not be asked
     * is added to the error, suppressed, for its stack trace ({@code kart run -v}), as Jedis logs it.
     */
    private static KartException noSentinelAnswered(RedisLockSettings.Sentinel sentinel, SentinelAnswers asked,
            RedisFailures failures) {
        KartException error = failures.cannotStart(new JedisConnectionException("All sentinels down, cannot determine"
                + " where " + sentinel.master() + " is running."), SentinelAnswers.notAsked());
        asked.unanswered().forEach(error::addSuppressed);
        return error;
    }

    /**
     * Sentinels answered kart's questions and none named a primary: Jedis would ask each again, waiting as long for
     * those that did not answer, only to say that the name is not monitored. Its words are given instead, with what
     * the sentinels that answered monitor and which could not be asked; why each could not be is added to the error,
     * suppressed, for its stack trace.
     */
    private static KartException noPrimaryNamed(RedisLockSettings.Sentinel sentinel, SentinelAnswers asked,
            RedisFailures failures) {
        KartException error = failures.cannotStart(new JedisConnectionException("Can connect to sentinel, but "
                + sentinel.master() + " seems to be not monitored..."), asked);
        asked.unanswered().forEach(error::addSuppressed);
        return error;
    }

    /**
     * A Redis data server listed as a sentinel, when no sentinel named the primary: Jedis would only log that it
     * refused SENTINEL, and fail with "All sentinels down", though it answered.
     */
    private static void refuseDataServers(SentinelAnswers asked, RedisFailures failures) {
        Optional<KartConfigException> listed = failures.dataServersListed(asked);
        if (listed.isPresent()) {
            throw listed.get();
        }
    }

    /** @return how kart connects to a sentinel: the sentinels' login, TLS as to the primary, and kart's timeouts */
    static JedisClientConfig sentinelConfig(RedisLockSettings settings, RedisLockSettings.Sentinel sentinel) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(settings.commandTimeout()))
                .ssl(settings.ssl())
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        sentinel.username().ifPresent(config::user);
        sentinel.password().ifPresent(config::password);
        return config.build();
    }

    /**
     * Uses the application's client and checks that Redis answers PING through it.
     *
     * @param client the application's client; not closed by {@link #close()}
     * @param settings the backend's settings
     * @return the connections
     * @throws LockException when Redis cannot be reached through the client
     */
    static JedisConnections given(UnifiedJedis client, RedisLockSettings settings) {
        Optional<Supplier<HostAndPort>> primary = client instanceof RedisSentinelClient sentineled
                ? Optional.of(sentineled::getCurrentMaster) : Optional.empty();
        @SuppressWarnings("deprecation")
        boolean clustered = client instanceof RedisClusterClient || client instanceof JedisCluster;
        return checked(settings, new JedisConnections(client, RedisFailures.givenClient(JedisBinding.NAME,
                "Redis of the application's " + client.getClass().getSimpleName(), settings), () -> { }, Optional::empty,
                clustered, false, primary, !clustered));
    }

    /** @return whether the client talks to a Redis Cluster: kart's keys then take the cluster layout */
    boolean clustered() {
        return clustered;
    }

    private static JedisConnections checked(RedisLockSettings settings, JedisConnections connections) {
        return checked(settings, connections, SentinelAnswers.notAsked());
    }

    /**
     * @param asked what the sentinels answered kart at start: which of them named the primary, when it is the one
     *     Jedis connects to
     */
    private static JedisConnections checked(RedisLockSettings settings, JedisConnections connections, SentinelAnswers asked) {
        try {
            connections.client.ping();
            if (!connections.clustered) {
                refuseASentinel(connections.client, settings);
            }
            return connections;
        } catch (JedisException e) {
            // the primary Jedis was sent to, which a failure behind answering sentinels names: read once, as a
            // failover may replace it between two reads
            SentinelAnswers primary = connections.primary.map(Supplier::get)
                    .map(now -> new RedisLockSettings.Node(now.getHost(), now.getPort()))
                    .map(now -> asked.primary().filter(now::equals).isPresent() ? asked : SentinelAnswers.naming(now))
                    .orElse(SentinelAnswers.notAsked());
            connections.close();
            throw connections.failures.cannotStart(e, primary);
        }
    }

    /**
     * A Redis Sentinel answers PING too, and refuses the data commands kart's scripts run: EXISTS of a key under
     * kart's prefix tells it from a Redis server. A user denied EXISTS is left to the first lock call, which names
     * the command and the key it was denied.
     */
    private static void refuseASentinel(UnifiedJedis client, RedisLockSettings settings) {
        try {
            // the data epoch's key, {prefix}:epoch, which every acquire reads
            client.exists(new LockKeys(settings.lease().prefix()).epoch(""));
        } catch (JedisAccessControlException e) {
            // not a sentinel's answer: see above
        }
    }

    /**
     * Runs commands on the client; each command borrows a connection for its round trip.
     *
     * @param action what is being done, for the error message
     * @param key the key concerned, for the error message
     * @param body the commands
     * @param <T> the result type
     * @return the body's result
     * @throws LockException when Redis fails, times out or cannot be reached
     */
    <T> T call(String action, String key, Function<UnifiedJedis, T> body) {
        try {
            return body.apply(client);
        } catch (JedisConnectionException | JedisClusterOperationException e) {
            // the server went away: its idle connections are dead too, and would fail the next calls
            // after it is back, so kart's own are dropped now
            dropIdle.run();
            throw failures.failed(action, key, e);
        } catch (JedisException e) {
            throw failures.failed(action, key, e);
        }
    }

    /**
     * Runs a lock script by its SHA-1, sending its source when the server does not know it (first
     * use, or after a restart emptied the script cache).
     *
     * @param script the script
     * @param action what is being done, for the error message
     * @param keys its keys
     * @param args its arguments
     * @return its reply: Longs, Strings and Lists of them
     * @throws LockException when Redis fails, times out or cannot be reached
     */
    Object eval(LuaScript script, String action, List<String> keys, List<String> args) {
        return eval(script, action, keys.get(0), keys, args);
    }

    /**
     * As {@link #eval(LuaScript, String, List, List)}, its error naming another key than the script's first.
     *
     * @param named the key the error names, such as the lock key a counter is raised for
     */
    Object eval(LuaScript script, String action, String named, List<String> keys, List<String> args) {
        return call(action, named, redis -> {
            try {
                return redis.evalsha(script.sha1(), keys, args);
            } catch (JedisNoScriptException e) {
                return redis.eval(script.source(), keys, args);
            }
        });
    }

    /**
     * Runs a lock script once per key list in one pipeline: one connection, one write, one read. Calls whose script the
     * server did not know (first use, or after a restart emptied its script cache) are sent again in a second pipeline,
     * after the script's source, loaded once.
     * Not for a Redis Cluster, whose keys live on different nodes; the application's client must be one Jedis can
     * pipeline through ({@link #pipelines()}).
     *
     * @param script the script
     * @param action what is being done, for the error messages
     * @param keys each call's keys, the lock key first
     * @param args each call's arguments
     * @return each call's reply, in order; in place of the reply of a call Redis refused with an error, the
     *     {@link LockException} that {@link #eval} would have thrown for it; null, nothing sent, when Jedis cannot
     *     pipeline through the application's client ({@link #pipelines()} is false from then on)
     * @throws LockException when Redis times out or cannot be reached: the error names the first call's key
     */
    List<Object> evalAll(LuaScript script, String action, List<List<String>> keys, List<List<String>> args) {
        String first = keys.get(0).get(0);
        return call(action, keys.size() == 1 ? first : first + " (and " + (keys.size() - 1) + " more keys in one pipeline)",
                redis -> {
                    Object[] replies = pipeline(redis, script, false, keys, args, null);
                    if (replies == null) {
                        return null;
                    }
                    boolean unknown = false;
                    for (Object reply : replies) {
                        unknown |= reply instanceof JedisNoScriptException;
                    }
                    if (unknown) {
                        pipeline(redis, script, true, keys, args, replies);
                    }
                    List<Object> settled = new ArrayList<>(replies.length);
                    for (int i = 0; i < replies.length; i++) {
                        settled.add(replies[i] instanceof JedisException refused
                                ? failures.failed(action, keys.get(i).get(0), refused) : replies[i]);
                    }
                    return settled;
                });
    }

    /**
     * Sends the calls by SHA-1, all or (with {@code only}) those whose reply there is a {@link JedisNoScriptException},
     * those after loading the script (SCRIPT LOAD: its source once, not once per call); each reply, or the error reply
     * as Jedis's exception, goes to its place in the array.
     */
    private Object[] pipeline(UnifiedJedis redis, LuaScript script, boolean loadFirst, List<List<String>> keys,
            List<List<String>> args, Object[] only) {
        Object[] replies = only != null ? only : new Object[keys.size()];
        List<Response<Object>> responses = new ArrayList<>(keys.size());
        AbstractPipeline opened;
        try {
            opened = redis.pipelined();
        } catch (IllegalStateException e) {
            // nothing sent: no pipeline through this client, now or later
            pipelines = false;
            return null;
        }
        try (AbstractPipeline pipeline = opened) {
            if (loadFirst) {
                pipeline.scriptLoad(script.source(), keys.get(0).get(0));
            }
            for (int i = 0; i < keys.size(); i++) {
                if (only != null && !(only[i] instanceof JedisNoScriptException)) {
                    responses.add(null);
                } else {
                    responses.add(pipeline.evalsha(script.sha1(), keys.get(i), args.get(i)));
                }
            }
            pipeline.sync();
        }
        for (int i = 0; i < responses.size(); i++) {
            Response<Object> response = responses.get(i);
            if (response == null) {
                continue;
            }
            try {
                replies[i] = response.get();
            } catch (JedisDataException e) {
                // an error reply of this call alone; a connection's failure was thrown by sync()
                replies[i] = e;
            }
        }
        return replies;
    }

    /**
     * @return whether {@link #evalAll} can be used: kart's own client on one server or through sentinels, or the
     *     application's client when Jedis pipelines through it; never for a Redis Cluster
     */
    boolean pipelines() {
        return pipelines;
    }

    /**
     * Subscribes and reads notifications until unsubscribed or the connection breaks: over a new
     * connection outside the pool for kart's own client, over a borrowed one for the application's.
     *
     * @param pubSub the subscriber
     * @param channels the first channels
     * @param opened told the new connection before anything is sent on it; closing it ends the
     *     subscription (also when closed right away). Not called for the application's client, whose
     *     subscription ends only by unsubscribing
     * @throws JedisException when it cannot connect, or the connection breaks
     */
    void subscribe(JedisPubSub pubSub, String[] channels, Consumer<Connection> opened) {
        Optional<Endpoint> next = endpoint.get();
        if (next.isEmpty()) {
            client.subscribe(pubSub, channels);
            return;
        }
        HostAndPort address = next.get().address().get();
        try (Connection connection = new Connection(oneSocket(address, next.get().config()), next.get().config())) {
            opened.accept(connection);
            pubSub.proceed(connection, channels);
        }
    }

    /**
     * Opens one socket: a Jedis connection opens a new one for its next command once its socket is
     * closed, which would bring a subscriber closed before its first SUBSCRIBE back to life; with
     * this, that command fails instead.
     */
    private static JedisSocketFactory oneSocket(HostAndPort address, JedisClientConfig config) {
        JedisSocketFactory sockets = new DefaultJedisSocketFactory(address, config);
        AtomicBoolean opened = new AtomicBoolean();
        return () -> {
            if (!opened.compareAndSet(false, true)) {
                throw new JedisConnectionException("the release subscriber's connection to " + address
                        + " was closed");
            }
            return sockets.createSocket();
        };
    }

    RedisFailures failures() {
        return failures;
    }

    /**
     * @return the address of the server the sentinels name as the primary now, as Jedis follows it;
     *     empty when the client reaches one server only. Read after a reply: a connection comes from
     *     the pool of a primary only once that primary is named here
     */
    Optional<String> primary() {
        return primary.map(current -> current.get().toString());
    }

    /** Closes kart's own client; the application's is left open. */
    @Override
    public void close() {
        if (own) {
            client.close();
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
