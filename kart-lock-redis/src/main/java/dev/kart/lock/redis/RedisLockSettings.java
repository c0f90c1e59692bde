package dev.kart.lock.redis;

import static dev.kart.internal.text.DurationText.configValue;
import static dev.kart.internal.text.DurationText.derivedValue;

import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.redis.internal.ServerAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Everything the {@code redis} lock backend needs: the lease settings every backend gets (prefix,
 * TTL, renew interval, owner) and the {@code kart.lock.redis} section (where Redis is: one server, or the
 * seed nodes of a Redis Cluster; how to log in, timeouts, pool size, which client binding). Immutable; {@link #toString()} never shows the password.
 *
 * <p>Two ways to get one:
 * <ul>
 *   <li>{@link #from(LeaseSettings, ConfigSection)}: the runtime reads the section of the loaded
 *       configuration (every key of this module's {@code reference.conf} merged in). The Python
 *       system's {@code redis_timeout}, {@code kart.lock.redis.timeout}, replaces the lease TTL there.</li>
 *   <li>{@link #builder(LeaseSettings)}: code that opens a backend itself (a test, a benchmark, an
 *       application that hands kart its own client). Every value it does not set is the default of
 *       {@code reference.conf} (a test pins that); the builder reads no environment variable.</li>
 * </ul>
 * An invalid value is a {@link KartConfigException} naming the key, such as
 * {@code config key 'kart.lock.redis.port' is 0, expected a TCP port from 1 to 65535}.
 *
 * <pre>{@code
 * RedisLockSettings settings = RedisLockSettings.builder(LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1"))
 *         .host("redis.internal").username("kart").password(System.getenv("KART_REDIS_PASSWORD"))
 *         .build();
 * LockBackend backend = new RedisLockBackendProvider().open(settings);
 * }</pre>
 */
public final class RedisLockSettings {
    private static final String SECTION = "kart.lock.redis";
    /** Every key of the section, as reference.conf declares them: {@link #checkValues} reads them when one is set. */
    static final List<String> KEYS = List.of("host", "port", "url", "database", "username", "password", "ssl",
            "connect-timeout", "command-timeout", "pool-size", "client", "redisson-config", "timeout", "fallback-poll",
            "sentinel.master", "sentinel.nodes", "sentinel.username", "sentinel.password", "safety-margin",
            "cluster.nodes", "cluster.groups");
    /** The lease of a section read only to be checked: the values that depend on it are not checked then. */
    private static final LeaseSettings UNUSED_LEASE = LeaseSettings.of("kart", Duration.ofMinutes(3), "check");
    /** What a url holds, for messages. */
    private static final String URL_FORM = "redis://[[username][:password]@]host[:port][/database], rediss:// for TLS";
    /** How {@link ConfigSection#origin} names a variable that set a value alone, such as reference.conf's KART_REDIS_HOST. */
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("environment variable [A-Za-z_][A-Za-z0-9_]*");
    /** {@code name:port} or {@code [ipv6]:port}; a bare IPv6 address has several colons and no brackets. */
    private static final Pattern HOST_AND_PORT = Pattern.compile("(?:([^:\\[\\]]+)|\\[([^\\]]*)\\]):(\\d{1,5})");

    /** The client library a backend speaks to Redis through: {@code kart.lock.redis.client}. */
    public enum Client {
        /**
         * The binding on the class path; Jedis when both are. With {@code redisson-config} set,
         * Redisson.
         */
        AUTO,
        /** kart's own lock protocol over Jedis: artifact {@code dev.kart:kart-lock-redis-jedis}. */
        JEDIS,
        /**
         * Redisson's lock renewed by its watchdog (run locks) and kart's lock protocol through Redisson
         * (cache locks): artifact {@code dev.kart:kart-lock-redis-redisson}.
         */
        REDISSON;

        /** @return its value in {@code kart.lock.redis.client}: {@code auto}, {@code jedis} or {@code redisson} */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return the artifact holding the binding, such as {@code dev.kart:kart-lock-redis-jedis}; none for {@link #AUTO} */
        public Optional<String> artifact() {
            return this == AUTO ? Optional.empty() : Optional.of("dev.kart:kart-lock-redis-" + configName());
        }

        /**
         * @param value a value of {@code kart.lock.redis.client}, in any case
         * @return the client it names
         * @throws KartConfigException when it names none
         */
        public static Client named(String value) {
            return named(value, Optional.empty());
        }

        private static Client named(String value, Optional<String> origin) {
            String wanted = value.strip().toLowerCase(Locale.ROOT);
            return Arrays.stream(values()).filter(client -> client.configName().equals(wanted)).findFirst()
                    .orElseThrow(() -> invalid("client", origin, value.isEmpty() ? "is empty" : "is '" + value + "'",
                            "\"auto\", \"jedis\" or \"redisson\""));
        }
    }

    /**
     * A node of a Redis Cluster, as {@code kart.lock.redis.cluster.nodes} lists it. Immutable.
     *
     * @param host its host name or address
     * @param port its TCP port, 1 to 65535
     */
    public record Node(String host, int port) {
        /** @return {@code host:port}, an IPv6 address in brackets */
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /**
         * @param value {@code host:port}, or {@code [ipv6]:port}
         * @return the node
         * @throws IllegalArgumentException when it is not such a pair; the message says what is wrong
         */
        static Node parse(String value) {
            String text = value.strip();
            int scheme = text.indexOf("://");
            if (scheme > 0) {
                // a url pasted from kart.lock.redis.url or a client's settings: its colons are no IPv6 address's
                throw new IllegalArgumentException("is a URL; give host:port, without " + text.substring(0, scheme + 3));
            }
            int colon = text.lastIndexOf(':');
            // ":7000" has a port, and is told as having no host below
            if (colon < 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException("has no port");
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new IllegalArgumentException("has an IPv6 address without brackets");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("has port '" + text.substring(colon + 1) + "'");
            }
            if (port < 1 || port > 65535 || host.isBlank()) {
                throw new IllegalArgumentException(host.isBlank() ? "has no host" : "has port " + port);
            }
            return new Node(host, port);
        }
    }

    /**
     * Where the sentinels of a Sentinel deployment are, and which primary they watch:
     * {@code kart.lock.redis.sentinel}. The backend asks the sentinels for the current primary and
     * follows it through failovers; host and port are then not used, while user, password, database
     * and timeouts apply to the primary, and TLS to the primary and the sentinels. Immutable; {@link #toString()} never shows the
     * password.
     */
    public static final class Sentinel {
        private final String master;
        private final List<String> nodes;
        private final Optional<String> username;
        private final Optional<String> password;

        private Sentinel(String master, List<String> nodes, Optional<String> username, Optional<String> password) {
            this.master = master;
            this.nodes = List.copyOf(nodes);
            this.username = username;
            this.password = password;
        }

        /** @return the name the sentinels monitor the primary under ({@code sentinel.master}) */
        public String master() {
            return master;
        }

        /** @return the sentinels' addresses, each {@code host:port} ({@code sentinel.nodes}); at least one */
        public List<String> nodes() {
            return nodes;
        }

        /** @return the ACL user kart logs into the sentinels as; empty for none ({@code sentinel.username}) */
        public Optional<String> username() {
            return username;
        }

        /** @return the sentinels' password, if any ({@code sentinel.password}); never logged */
        public Optional<String> password() {
            return password;
        }

        /**
         * @param node one of {@link #nodes()}
         * @return its host, without the brackets of an IPv6 address
         */
        public static String host(String node) {
            String host = node.substring(0, node.lastIndexOf(':'));
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        /**
         * @param node one of {@link #nodes()}
         * @return its port
         */
        public static int port(String node) {
            return Integer.parseInt(node.substring(node.lastIndexOf(':') + 1));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Sentinel that && master.equals(that.master) && nodes.equals(that.nodes)
                    && username.equals(that.username) && password.equals(that.password);
        }

        @Override
        public int hashCode() {
            return Objects.hash(master, nodes, username, password);
        }

        @Override
        public String toString() {
            return "sentinels " + String.join(",", nodes) + " (primary '" + master + "')";
        }
    }

    private final LeaseSettings lease;
    private final String host;
    private final int port;
    private final int database;
    private final Optional<String> username;
    private final Optional<String> password;
    private final boolean ssl;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int poolSize;
    private final Client client;
    private final Optional<Path> redissonConfig;
    private final Duration fallbackPoll;
    private final Duration safetyMargin;
    private final List<Node> clusterNodes;
    private final int clusterGroups;
    private final Optional<Sentinel> sentinel;
    /** Whether {@code url} gave host and port, which messages then name instead of the host and port keys. */
    private final boolean fromUrl;
    /** The environment variable that gave the host or url, as messages name it; a user may never have written the key. */
    private final Optional<String> addressVariable;

    private RedisLockSettings(Builder builder) {
        this.lease = builder.lease;
        this.host = builder.host;
        this.port = builder.port;
        this.database = builder.database;
        this.username = builder.username;
        this.password = builder.password;
        this.ssl = builder.ssl;
        this.connectTimeout = builder.connectTimeout;
        this.commandTimeout = builder.commandTimeout;
        this.poolSize = builder.poolSize;
        this.client = builder.client;
        this.redissonConfig = builder.redissonConfig;
        this.fallbackPoll = builder.fallbackPoll;
        this.safetyMargin = builder.safetyMargin;
        this.clusterNodes = List.copyOf(builder.clusterNodes);
        this.clusterGroups = builder.clusterGroups;
        this.sentinel = builder.sentinel;
        this.fromUrl = builder.hostGivenAs.equals(Optional.of("url"));
        this.addressVariable = builder.addressVariable;
    }

    /**
     * @param lease prefix, TTL, renew interval and owner
     * @return a builder holding the defaults of {@code reference.conf} and no host
     */
    public static Builder builder(LeaseSettings lease) {
        return new Builder(lease);
    }

    /**
     * Reads the {@code kart.lock.redis} section, as the runtime hands it over. A key the section
     * lacks keeps the builder's default, which is {@code reference.conf}'s.
     *
     * @param lease prefix, TTL, renew interval and owner from {@code kart.lock}; a set
     *     {@code kart.lock.redis.timeout} (the Python system's {@code redis_timeout}) replaces the TTL,
     *     and the renew interval follows it unless {@code kart.lock.renew-interval} is set. A lease the timeout
     *     replaced already, as the runtime passes it ({@link RedisLockBackendProvider#lease}), gives the same settings
     * @param section the {@code kart.lock.redis} section
     * @return the settings in it
     * @throws KartConfigException when a value is invalid, when neither {@code host}, {@code url},
     *     {@code sentinel} nor {@code redisson-config} says where Redis is, or when more than one of
     *     them does; the message names the key
     */
    public static RedisLockSettings from(LeaseSettings lease, ConfigSection section) {
        Builder builder = read(builder(lease), lease, section, true);
        RedisLockSettings settings = builder.build();
        ServerAddress.require(settings);
        return settings;
    }

    /**
     * Checks the values the {@code kart.lock.redis} section sets while another backend is chosen: each one's
     * type and form (a url, a node list, a client's name, a duration's unit) and the range of each on its own
     * (a port from 1 to 65535). Not what depends on other keys or on the lease, which a run without Redis does
     * not take from them (the command timeout against the TTL, a url beside a host, the sentinels' keys
     * together, whether a Redisson file is there), nor whether the section says where Redis is.
     *
     * @param section the {@code kart.lock.redis} section
     * @throws KartConfigException naming the first invalid key, where it was set and what was expected
     */
    static void checkValues(ConfigSection section) {
        // a loop over the keys first: a start without Redis keys set, as most are, reads nothing and makes no builder
        for (String key : KEYS) {
            if (section.has(key) && !section.isDefault(key)) {
                read(builder(UNUSED_LEASE), UNUSED_LEASE, section, false).requireEachInRange();
                return;
            }
        }
    }

    /**
     * The lease the backend hands out: the Python system's {@code redis_timeout}, {@code kart.lock.redis.timeout},
     * replaces the TTL of {@code kart.lock.ttl} when it is set, and the lease then names it as the TTL's key.
     * Applied to its own result it returns an equal lease, so the runtime may hand back what it returned.
     *
     * @param lease prefix, TTL, renew interval and owner from {@code kart.lock}, or what this returned for it
     * @param section the {@code kart.lock.redis} section
     * @return {@code lease}, with the timeout as its TTL when the section sets one
     * @throws KartConfigException when the timeout is not positive, naming where it was set
     */
    static LeaseSettings lease(LeaseSettings lease, ConfigSection section) {
        if (!section.has("timeout")) {
            return lease;
        }
        Duration timeout = section.getDuration("timeout");
        requirePositive("timeout", Optional.of(section.origin("timeout")), timeout);
        // quoted as the user wrote it where the section can tell: 60s stays 60s, not the 1m it equals
        return section.written("timeout").map(text -> lease.withTtl(timeout, SECTION + ".timeout", text))
                .orElseGet(() -> lease.withTtl(timeout, SECTION + ".timeout"));
    }

    /**
     * Reads every key the section sets into the builder, as its type.
     *
     * @param checkUrlAgainstOtherKeys whether a url is checked against the keys it stands for too (host, port,
     *     database, user, TLS, password), as where Redis is chosen; not while another backend is
     * @return {@code builder}
     */
    private static Builder read(Builder builder, LeaseSettings lease, ConfigSection section,
            boolean checkUrlAgainstOtherKeys) {
        // the errors of values read here name where each was set, as the runtime's own config errors do
        builder.origins = key -> Optional.of(section.origin(key));
        builder.entryOrigins = (key, index) -> Optional.of(section.origin(key, index));
        builder.lease(lease(lease, section));
        if (section.has("host")) {
            builder.host(section.getString("host"));
            builder.addressVariable = variable(section.origin("host"));
        }
        if (section.has("port")) {
            builder.port(section.getInt("port"));
        }
        if (section.has("database")) {
            builder.database(section.getInt("database"));
        }
        if (section.has("username")) {
            builder.username(section.getString("username"));
        }
        if (section.has("password")) {
            builder.password(section.getString("password"));
        }
        if (section.has("ssl")) {
            builder.ssl(section.getBoolean("ssl"));
        }
        if (section.has("url") && !section.getString("url").isBlank()) {
            Optional<String> passwordKey = builder.password;
            builder.url(section.getString("url"));
            builder.addressVariable = variable(section.origin("url"));
            if (checkUrlAgainstOtherKeys) {
                requireUrlAlone(section, builder, passwordKey);
            }
        }
        if (section.has("connect-timeout")) {
            builder.connectTimeout(section.getDuration("connect-timeout"));
        }
        if (section.has("command-timeout")) {
            builder.commandTimeout(section.getDuration("command-timeout"));
        }
        if (section.has("pool-size")) {
            builder.poolSize(section.getInt("pool-size"));
        }
        if (section.has("client")) {
            builder.client(Client.named(section.getString("client"), builder.origins.apply("client")));
        }
        if (section.has("redisson-config") && !section.getString("redisson-config").isBlank()) {
            builder.redissonConfig(Path.of(section.getString("redisson-config")));
        }
        if (section.has("fallback-poll")) {
            builder.fallbackPoll(section.getDuration("fallback-poll"));
        }
        if (section.has("safety-margin")) {
            builder.safetyMargin(section.getDuration("safety-margin"));
        }
        if (section.has("cluster.nodes")) {
            builder.clusterNodes(nodeList(section, "cluster.nodes"));
        }
        if (section.has("cluster.groups")) {
            builder.clusterGroups(section.getInt("cluster.groups"));
        }
        List<String> sentinelNodes = section.has("sentinel.nodes") ? nodeList(section, "sentinel.nodes") : List.of();
        if (section.has("sentinel.master") || !sentinelNodes.isEmpty()) {
            builder.sentinel(section.has("sentinel.master") ? section.getString("sentinel.master") : null, sentinelNodes);
            if (section.has("sentinel.username")) {
                builder.sentinelUsername(section.getString("sentinel.username"));
            }
            if (section.has("sentinel.password")) {
                builder.sentinelPassword(section.getString("sentinel.password"));
            }
        }
        return builder;
    }

    /**
     * @param origin where a value was set, as {@link ConfigSection#origin} says it
     * @return the environment variable that set it, as messages name it ({@code environment variable
     *     KART_REDIS_HOST}; {@code an environment variable} when the origin names none); empty for a value a file, a
     *     flag or a system property set, or one made of several parts
     */
    private static Optional<String> variable(String origin) {
        Matcher named = ENVIRONMENT_VARIABLE.matcher(origin);
        if (named.matches()) {
            return Optional.of(origin);
        }
        return origin.equals("environment variables") ? Optional.of("an environment variable") : Optional.empty();
    }

    /**
     * @param section the {@code kart.lock.redis} section
     * @return whether it names a Redis server: {@code host}, {@code url} or {@code sentinel.master}
     *     is set and not blank, or {@code cluster.nodes} lists a node
     */
    static boolean namesServer(ConfigSection section) {
        return section.has("host") && !section.getString("host").isBlank()
                || section.has("url") && !section.getString("url").isBlank()
                || section.has("sentinel.master") && !section.getString("sentinel.master").isBlank()
                // sentinels without a master name still mean Redis: the settings' check then names the missing key
                || section.has("sentinel.nodes") && !nodeList(section, "sentinel.nodes").isEmpty()
                || section.has("cluster.nodes") && !nodeList(section, "cluster.nodes").isEmpty()
                || section.has("redisson-config") && !section.getString("redisson-config").isBlank();
    }

    /**
     * @param key {@code cluster.nodes} or {@code sentinel.nodes}
     * @return the key's nodes: a list, or one string of nodes separated by commas, as a command line's
     *     {@code -D kart.lock.redis.cluster.nodes=h1:7000,h2:7000} or an environment variable gives it
     */
    private static List<String> nodeList(ConfigSection section, String key) {
        try {
            return section.getStringList(key);
        } catch (KartConfigException notAList) {
            String text;
            try {
                text = section.getString(key);
            } catch (KartConfigException notAString) {
                throw notAList;
            }
            return Arrays.stream(text.split(",")).map(String::strip).filter(node -> !node.isEmpty()).toList();
        }
    }

    /** @return a builder holding these settings */
    public Builder toBuilder() {
        Builder builder = new Builder(lease);
        builder.host = host;
        builder.port = port;
        builder.database = database;
        builder.username = username;
        builder.password = password;
        builder.ssl = ssl;
        builder.connectTimeout = connectTimeout;
        builder.commandTimeout = commandTimeout;
        builder.poolSize = poolSize;
        builder.client = client;
        builder.redissonConfig = redissonConfig;
        builder.fallbackPoll = fallbackPoll;
        builder.safetyMargin = safetyMargin;
        builder.clusterNodes = clusterNodes;
        builder.clusterGroups = clusterGroups;
        builder.hostGivenAs = host.isEmpty() ? Optional.empty() : Optional.of(fromUrl ? "url" : "host");
        builder.urlGiven = fromUrl;
        builder.addressVariable = addressVariable;
        builder.hostGiven = !host.isEmpty();
        sentinel.ifPresent(given -> {
            builder.sentinelMaster = given.master();
            builder.sentinelNodes = given.nodes();
            builder.sentinelUsername = given.username();
            builder.sentinelPassword = given.password();
        });
        return builder;
    }

    /**
     * @return key prefix, lease TTL, renew interval and owner; {@link LeaseSettings#ttlKey()} names the key that set
     *     the TTL, {@code kart.lock.redis.timeout} when the section sets it (it wins), else {@code kart.lock.ttl}
     */
    public LeaseSettings lease() {
        return lease;
    }

    /** @return the Redis server's host name or address; empty when not set ({@code kart.lock.redis.host}) */
    public String host() {
        return host;
    }

    /** @return the Redis server's TCP port ({@code kart.lock.redis.port}) */
    public int port() {
        return port;
    }

    /** @return the logical database holding kart's keys ({@code kart.lock.redis.database}) */
    public int database() {
        return database;
    }

    /** @return the ACL user name; empty for the default user ({@code kart.lock.redis.username}) */
    public Optional<String> username() {
        return username;
    }

    /** @return the password, if any ({@code kart.lock.redis.password}); never logged */
    public Optional<String> password() {
        return password;
    }

    /** @return whether connections use TLS ({@code kart.lock.redis.ssl}) */
    public boolean ssl() {
        return ssl;
    }

    /** @return how long opening a connection may take ({@code kart.lock.redis.connect-timeout}) */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return how long one Redis command may take ({@code kart.lock.redis.command-timeout}) */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** @return connections per process in the command pool ({@code kart.lock.redis.pool-size}) */
    public int poolSize() {
        return poolSize;
    }

    /** @return the client binding asked for ({@code kart.lock.redis.client}) */
    public Client client() {
        return client;
    }

    /** @return the Redisson YAML file standing for the connection keys, if any ({@code kart.lock.redis.redisson-config}) */
    public Optional<Path> redissonConfig() {
        return redissonConfig;
    }

    /**
     * @return the longest time a waiter goes without asking Redis again when no release
     *     notification arrives ({@code kart.lock.redis.fallback-poll})
     */
    public Duration fallbackPoll() {
        return fallbackPoll;
    }

    /** @return how much sooner than Redis a holder considers its lease ended ({@code kart.lock.redis.safety-margin}) */
    public Duration safetyMargin() {
        return safetyMargin;
    }

    /**
     * @return the seed nodes of the Redis Cluster kart's keys are in ({@code kart.lock.redis.cluster.nodes});
     *     empty for one server (host/port or url)
     */
    public List<Node> clusterNodes() {
        return clusterNodes;
    }

    /**
     * @return whether kart talks to a Redis Cluster through {@code kart.lock.redis.cluster.nodes}. (A
     *     Redisson YAML file with {@code clusterServersConfig} is a cluster too; the binding tells.)
     */
    public boolean cluster() {
        return !clusterNodes.isEmpty();
    }

    /**
     * @return how many hash-tag groups kart's keys are spread over in a Redis Cluster
     *     ({@code kart.lock.redis.cluster.groups})
     */
    public int clusterGroups() {
        return clusterGroups;
    }

    /**
     * @return the sentinels that say which server is the primary ({@code kart.lock.redis.sentinel});
     *     empty when {@code host} (or {@code url}) names the server itself
     */
    public Optional<Sentinel> sentinel() {
        return sentinel;
    }

    /**
     * @return where Redis is, for messages: {@code Redis at host:port}, the primary of the sentinels,
     *     the cluster's seed nodes or the Redisson file; never credentials
     */
    public String address() {
        if (sentinel.isPresent()) {
            return "Redis primary '" + sentinel.get().master() + "' of sentinels " + String.join(",", sentinel.get().nodes())
                    + (database == 0 ? "" : " (database " + database + ")") + (ssl ? " over TLS" : "");
        }
        if (redissonConfig.isPresent()) {
            return "Redis servers of " + redissonConfig.get().toAbsolutePath();
        }
        if (cluster()) {
            return "Redis Cluster at " + clusterNodes.stream().map(Node::toString).collect(Collectors.joining(", "))
                    + (ssl ? " over TLS" : "");
        }
        return "Redis at " + new Node(host, port) + (database == 0 ? "" : " (database " + database + ")") + (ssl ? " over TLS" : "");
    }

    /**
     * @return whether {@code kart.lock.redis.url} gave the host, port, user and TLS (and the password,
     *     when it holds one), rather than the keys of each; messages then name the url
     */
    public boolean addressFromUrl() {
        return fromUrl;
    }

    /**
     * @return the environment variable that gave {@code kart.lock.redis.host} or {@code url}, as messages name it, such
     *     as {@code environment variable KART_REDIS_HOST} (reference.conf reads it for the host); empty when a file,
     *     a flag, a system property or code gave it. Messages name it beside the key, which the user may never have
     *     written
     */
    public Optional<String> addressVariable() {
        return addressVariable;
    }

    /**
     * {@link #addressFromUrl} and {@link #addressVariable} are left out: the same server reached the same way,
     * whichever keys said so.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof RedisLockSettings that && lease.equals(that.lease) && host.equals(that.host)
                && port == that.port && database == that.database && username.equals(that.username)
                && password.equals(that.password) && ssl == that.ssl && connectTimeout.equals(that.connectTimeout)
                && commandTimeout.equals(that.commandTimeout) && poolSize == that.poolSize && client == that.client
                && redissonConfig.equals(that.redissonConfig) && fallbackPoll.equals(that.fallbackPoll)
                && safetyMargin.equals(that.safetyMargin) && clusterNodes.equals(that.clusterNodes)
                && clusterGroups == that.clusterGroups && sentinel.equals(that.sentinel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lease, host, port, database, username, password, ssl, connectTimeout, commandTimeout, poolSize,
                client, redissonConfig, fallbackPoll, safetyMargin, clusterNodes, clusterGroups, sentinel);
    }

    @Override
    public String toString() {
        return address() + ", client " + client.configName() + ", user " + username.orElse("(default)")
                + ", password " + (password.isPresent() ? "***" : "(none)") + ", " + lease;
    }

    private static void requirePositive(String key, Optional<String> origin, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(key, origin, "is " + configValue(value), "a positive duration such as 30s or 5m");
        }
    }

    /**
     * The url says where Redis is and how to reach it: host, port, database, user and TLS. One of them set
     * beside it to another value, such as {@code --redis-host} over a config file's url, or
     * {@code database = 2} beside a url without a path, would be overridden by the url without a word.
     * reference.conf's values are defaults, not a second answer, and a value the url agrees with is no
     * conflict. A password may stand beside a url, which then need not hold it.
     *
     * @param section the {@code kart.lock.redis} section, whose url is set
     * @param builder the builder the url was given to
     */
    private static void requireUrlAlone(ConfigSection section, Builder builder, Optional<String> passwordKey) {
        // checked whatever its origin: reference.conf gives it from KART_REDIS_PASSWORD, which is a user's setting
        if (passwordKey.isPresent() && !passwordKey.get().isEmpty() && !builder.password.equals(passwordKey)) {
            // neither password is quoted: only that they differ
            throw invalid("password", Optional.of(section.origin("password")), "is set and " + SECTION
                    + ".url holds another password (" + new Node(builder.host, builder.port) + ", "
                    + section.origin("url") + ")", "one of the two: the password in the url, or the password key beside"
                    + " a url without one");
        }
        for (String key : List.of("host", "port", "database", "username", "ssl")) {
            if (!section.has(key) || section.isDefault(key)) {
                continue;
            }
            String value = switch (key) {
                case "port", "database" -> String.valueOf(section.getInt(key));
                case "ssl" -> String.valueOf(section.getBoolean(key));
                default -> section.getString(key).strip();
            };
            String urlSays = switch (key) {
                case "host" -> builder.host;
                case "port" -> String.valueOf(builder.port);
                case "database" -> String.valueOf(builder.database);
                case "ssl" -> String.valueOf(builder.ssl);
                default -> builder.username.orElse("");
            };
            if (value.isEmpty() || value.equals(urlSays)) {
                // nothing set, or the same answer as the url's (a copied block of reference.conf's keys)
                continue;
            }
            // the url's host and port only, never the url itself: it may hold a password
            throw invalid(key, Optional.of(section.origin(key)), "is set (" + value + ") and " + SECTION + ".url is set ("
                    + new Node(builder.host, builder.port) + ", " + section.origin("url") + ")", "one of the two: the url ("
                    + URL_FORM + ") says " + switch (key) {
                        case "host", "port" -> "host and port";
                        case "database" -> "the database";
                        case "username" -> "the user";
                        default -> "whether to use TLS";
                    } + " too");
        }
    }

    /**
     * @param key the key, relative to {@code kart.lock.redis}
     * @param origin where its value was set ({@code /etc/kart/site.conf, line 12}, {@code the command
     *     line}); empty for a value a builder was given in code
     * @param actual what the value is, such as {@code is 0}
     * @param expected what it should be
     * @return the error, worded as the runtime's other config errors
     */
    private static KartConfigException invalid(String key, Optional<String> origin, String actual, String expected) {
        return new KartConfigException("config key '" + SECTION + "." + key + "'" + origin.map(o -> " (" + o + ")").orElse("")
                + " " + actual + ", expected " + expected);
    }

    /**
     * Builds {@link RedisLockSettings}. Starts from the defaults of {@code reference.conf}; not
     * thread-safe.
     */
    public static final class Builder {
        private LeaseSettings lease;
        private String host = "";
        private int port = 6379;
        private int database = 0;
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private boolean ssl = false;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration commandTimeout = Duration.ofSeconds(5);
        private int poolSize = 16;
        private Client client = Client.AUTO;
        private Optional<Path> redissonConfig = Optional.empty();
        private Duration fallbackPoll = Duration.ofSeconds(1);
        private Duration safetyMargin = Duration.ofMillis(100);
        private List<Node> clusterNodes = List.of();
        private int clusterGroups = 16;
        /** Whether the host or url was given (url sets the host too), for the check against cluster nodes. */
        private Optional<String> hostGivenAs = Optional.empty();
        private Optional<Sentinel> sentinel = Optional.empty();
        private String sentinelMaster;
        /** Whether sentinel.master was given empty or blank, which the message tells from one not given at all. */
        private boolean sentinelMasterBlank;
        private List<String> sentinelNodes = List.of();
        private Optional<String> sentinelUsername = Optional.empty();
        private Optional<String> sentinelPassword = Optional.empty();
        /** Whether host or url was set beside the sentinels, which would leave two answers to where Redis is. */
        private boolean hostGiven;
        private boolean urlGiven;
        private Function<String, Optional<String>> origins = key -> Optional.empty();
        /** Where an entry of a list was set: a list written over several lines has each entry on its own line. */
        private BiFunction<String, Integer, Optional<String>> entryOrigins = (key, index) -> Optional.empty();
        /** Set by {@link #from} after host or url: a value given in code came from no variable. */
        private Optional<String> addressVariable = Optional.empty();

        private Builder(LeaseSettings lease) {
            lease(lease);
        }

        /**
         * @param value prefix, TTL, renew interval and owner
         * @return this builder
         */
        public Builder lease(LeaseSettings value) {
            this.lease = Objects.requireNonNull(value, "lease");
            return this;
        }

        /**
         * @param value the Redis server's host name or address; surrounding blanks are dropped
         * @return this builder
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host").strip();
            this.hostGivenAs = this.host.isEmpty() ? Optional.empty() : Optional.of("host");
            this.hostGiven = !host.isEmpty();
            this.addressVariable = Optional.empty();
            return this;
        }

        /**
         * @param value the Redis server's TCP port, 1 to 65535
         * @return this builder
         */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /**
         * Sets host, port, database, user name and TLS from one URL, and the password when the URL
         * has one.
         *
         * @param value {@code redis://[[username][:password]@]host[:port][/database]}, or {@code rediss://...} for TLS
         * @return this builder
         * @throws KartConfigException naming {@code kart.lock.redis.url} when it is not such a URL
         */
        public Builder url(String value) {
            RedisUrl url = RedisUrl.parse(value, origins.apply("url"));
            this.host = url.host();
            this.port = url.port();
            this.database = url.database();
            this.username = url.username();
            url.password().ifPresent(given -> this.password = Optional.of(given));
            this.ssl = url.ssl();
            this.hostGivenAs = Optional.of("url");
            this.urlGiven = true;
            this.addressVariable = Optional.empty();
            return this;
        }

        /**
         * Connects through sentinels instead of to {@code host}: the backend asks them for the
         * primary monitored as {@code master} and follows it through failovers. User, password,
         * database and timeouts apply to the primary, TLS to the primary and the sentinels.
         *
         * @param master the name the sentinels monitor the primary under
         * @param nodes the sentinels, each {@code host:port} ({@code [::1]:26379} for IPv6)
         * @return this builder
         */
        public Builder sentinel(String master, List<String> nodes) {
            this.sentinelMaster = master == null || master.isBlank() ? null : master.strip();
            this.sentinelMasterBlank = master != null && master.isBlank();
            this.sentinelNodes = List.copyOf(Objects.requireNonNull(nodes, "nodes")).stream().map(String::strip).toList();
            return this;
        }

        /**
         * @param value the ACL user kart logs into the sentinels as; {@code null} or empty for none
         * @return this builder
         */
        public Builder sentinelUsername(String value) {
            this.sentinelUsername = Optional.ofNullable(value).filter(name -> !name.isEmpty());
            return this;
        }

        /**
         * @param value the sentinels' password; {@code null} for none
         * @return this builder
         */
        public Builder sentinelPassword(String value) {
            this.sentinelPassword = Optional.ofNullable(value);
            return this;
        }

        /**
         * @param value the logical database number (SELECT), from 0
         * @return this builder
         */
        public Builder database(int value) {
            this.database = value;
            return this;
        }

        /**
         * @param value the ACL user name; {@code null} or empty for the default user
         * @return this builder
         */
        public Builder username(String value) {
            this.username = Optional.ofNullable(value).filter(name -> !name.isEmpty());
            return this;
        }

        /**
         * @param value the password of the user; {@code null} for none
         * @return this builder
         */
        public Builder password(String value) {
            this.password = Optional.ofNullable(value);
            return this;
        }

        /**
         * @param value whether to connect over TLS, checking the server certificate against the JVM's trust store
         * @return this builder
         */
        public Builder ssl(boolean value) {
            this.ssl = value;
            return this;
        }

        /**
         * @param value how long opening a connection may take; positive
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /**
         * @param value how long one command may take; positive
         * @return this builder
         */
        public Builder commandTimeout(Duration value) {
            this.commandTimeout = Objects.requireNonNull(value, "commandTimeout");
            return this;
        }

        /**
         * @param value connections per process in the command pool; at least 1
         * @return this builder
         */
        public Builder poolSize(int value) {
            this.poolSize = value;
            return this;
        }

        /**
         * @param value the client binding
         * @return this builder
         */
        public Builder client(Client value) {
            this.client = Objects.requireNonNull(value, "client");
            return this;
        }

        /**
         * @param value a readable Redisson YAML file standing for the connection settings; {@code null}
         *     for none. Only with the Redisson binding.
         * @return this builder
         */
        public Builder redissonConfig(Path value) {
            this.redissonConfig = Optional.ofNullable(value);
            return this;
        }

        /**
         * @param value the longest time a waiter goes without asking Redis again; positive
         * @return this builder
         */
        public Builder fallbackPoll(Duration value) {
            this.fallbackPoll = Objects.requireNonNull(value, "fallbackPoll");
            return this;
        }

        /**
         * @param value how much sooner than Redis a holder considers its lease ended; from 0 to less
         *     than a quarter of the TTL
         * @return this builder
         */
        public Builder safetyMargin(Duration value) {
            this.safetyMargin = Objects.requireNonNull(value, "safetyMargin");
            return this;
        }

        /**
         * @param value the seed nodes of a Redis Cluster, each {@code host:port} ({@code [ipv6]:port}); the
         *     client finds the other nodes through them. Empty for one server (host/port or url)
         * @return this builder
         * @throws KartConfigException naming {@code kart.lock.redis.cluster.nodes} when an entry is not
         *     {@code host:port}
         */
        public Builder clusterNodes(List<String> value) {
            List<Node> nodes = new ArrayList<>(value.size());
            for (int i = 0; i < value.size(); i++) {
                try {
                    nodes.add(Node.parse(value.get(i)));
                } catch (IllegalArgumentException e) {
                    throw invalid("cluster.nodes", entryOrigins.apply("cluster.nodes", i), "has '" + value.get(i) + "' (entry "
                            + (i + 1) + "), which " + e.getMessage(), "\"host:port\" seed nodes of the Redis Cluster, such as"
                            + " \"redis-1.internal:7000\"");
                }
            }
            this.clusterNodes = List.copyOf(nodes);
            return this;
        }

        /**
         * @param value how many hash-tag groups kart's keys are spread over in a Redis Cluster, 1 to 1024;
         *     every process of one application must use the same number
         * @return this builder
         */
        public Builder clusterGroups(int value) {
            this.clusterGroups = value;
            return this;
        }

        /**
         * @return the settings
         * @throws KartConfigException when a value is out of range, the cluster nodes come with a setting
         *     a Redis Cluster cannot have (a host or url, a sentinel key, a database other than 0, a
         *     Redisson YAML file), or the sentinels are incomplete or given beside host, url or
         *     redisson-config; the message names its key
         */
        public RedisLockSettings build() {
            requireEachInRange();
            String ttlKey = lease.ttlKey();
            // a renewal that may take longer than the renew interval can still be pending when the next
            // one is due, and one that takes a whole TTL is only known to have failed after the lease ran out
            Duration renewEvery = lease.renews() ? lease.renewInterval() : lease.ttl();
            if (commandTimeout.compareTo(renewEvery) >= 0) {
                // the setting that made the interval this short: the TTL it is a third of, or a renew interval set on its
                // own, though it may equal a third of the TTL (raising the TTL would then change nothing)
                boolean thirdOfTtl = !lease.renewIntervalSet();
                throw invalid("command-timeout", origins.apply("command-timeout"), "is " + configValue(commandTimeout), "less than "
                        + (!lease.renews() ? "the lease TTL, " + lease.ttlSetting()
                                : thirdOfTtl ? "the renew interval (" + derivedValue(renewEvery) + ", a third of "
                                        + lease.ttlSetting() + ")"
                                : "the renew interval, kart.lock.renew-interval = " + configValue(renewEvery))
                        + ", so that a renewal is known to have failed before the next one is due; lower"
                        + " kart.lock.redis.command-timeout or raise " + (lease.renews() && !thirdOfTtl
                                ? "kart.lock.renew-interval" : ttlKey));
            }
            if (safetyMargin.multipliedBy(4).compareTo(lease.ttl()) >= 0) {
                throw invalid("safety-margin", origins.apply("safety-margin"), "is " + configValue(safetyMargin),
                        "at least 0 and less than a quarter of the lease TTL (" + lease.ttlSetting() + ")");
            }
            if (!clusterNodes.isEmpty()) {
                requireClusterFits();
            }
            buildSentinel();
            if (redissonConfig.isPresent()) {
                if (client == Client.JEDIS) {
                    throw invalid("redisson-config", origins.apply("redisson-config"), "is set ("
                            + redissonConfig.get() + ") but kart.lock.redis.client is '"
                            + client.configName() + "'", "client = \"redisson\" (or \"auto\") with it");
                }
                if (!Files.isReadable(redissonConfig.get())) {
                    throw invalid("redisson-config", origins.apply("redisson-config"),
                            "is " + redissonConfig.get().toAbsolutePath(),
                            "a readable Redisson YAML file, but it does not exist or cannot be read");
                }
            }
            return new RedisLockSettings(this);
        }

        /** The checks of values that depend on no other value: also of a section read while another backend is chosen. */
        private void requireEachInRange() {
            if (hostGivenAs.equals(Optional.of("host"))) {
                requireHostAlone();
            }
            if (port < 1 || port > 65535) {
                throw invalid("port", origins.apply("port"), "is " + port, "a TCP port from 1 to 65535");
            }
            if (database < 0) {
                throw invalid("database", origins.apply("database"), "is " + database, "a database number from 0");
            }
            requirePositive("connect-timeout", origins.apply("connect-timeout"), connectTimeout);
            requirePositive("command-timeout", origins.apply("command-timeout"), commandTimeout);
            requirePositive("fallback-poll", origins.apply("fallback-poll"), fallbackPoll);
            if (poolSize < 1) {
                throw invalid("pool-size", origins.apply("pool-size"), "is " + poolSize, "at least 1");
            }
            if (clusterGroups < 1 || clusterGroups > 1024) {
                throw invalid("cluster.groups", origins.apply("cluster.groups"), "is " + clusterGroups, "1 to 1024");
            }
            if (safetyMargin.isNegative()) {
                // the quarter of the TTL it must stay under is build's to check: the TTL may come from another key
                throw invalid("safety-margin", origins.apply("safety-margin"), "is " + configValue(safetyMargin),
                        "at least 0 and less than a quarter of the lease TTL");
            }
            for (int i = 0; i < sentinelNodes.size(); i++) {
                String node = sentinelNodes.get(i);
                Optional<String> fault = sentinelNodeFault(node);
                if (fault.isPresent()) {
                    // the entry's number, as cluster.nodes gives it: a list from a file may hold the same entry twice
                    throw invalid("sentinel.nodes", entryOrigins.apply("sentinel.nodes", i), "has '" + node + "' (entry " + (i + 1)
                            + "), which " + fault.get(), "host:port of a sentinel, the port from 1 to 65535 (an IPv6"
                            + " address in brackets: [::1]:26379)");
                }
            }
        }

        /**
         * @param node an entry of sentinel.nodes
         * @return what is wrong with it, as {@link Node#parse} words it; empty for a {@code host:port} whose port is
         *     digits only (a sign Integer.parseInt takes is no port)
         */
        private static Optional<String> sentinelNodeFault(String node) {
            try {
                Node.parse(node);
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
            String port = node.substring(node.lastIndexOf(':') + 1);
            return port.matches("\\d{1,5}") ? Optional.empty() : Optional.of("has port '" + port + "'");
        }

        /**
         * The host key names a host: a URL or a host:port there would be looked up as a host name, and fail
         * as one that does not exist, with the port of the port key appended to it in the message.
         */
        private void requireHostAlone() {
            int scheme = host.indexOf("://");
            if (scheme >= 0) {
                // the value as far as its scheme only, and the suggestion without user and password: a URL may
                // carry a password, which no message repeats
                throw invalid("host", origins.apply("host"), "is a URL (" + host.substring(0, scheme) + "://...)", "a host"
                        + " name or address alone; give the whole URL as kart.lock.redis.url instead" + urlSuggestion(host)
                        + ", where a password in it is kept out of messages");
            }
            Matcher withPort = HOST_AND_PORT.matcher(host);
            if (withPort.matches()) {
                String name = withPort.group(1) != null ? withPort.group(1) : withPort.group(2);
                throw invalid("host", origins.apply("host"), "is '" + host + "', a host and a port", "the host alone ("
                        + name + "), with the port in kart.lock.redis.port (--redis-port " + withPort.group(3) + ")");
            }
        }

        /**
         * {@code , such as -D kart.lock.redis.url=redis://USER:PASSWORD@host:6380}, read as the url key reads it,
         * or nothing for what is no Redis URL.
         */
        private static String urlSuggestion(String value) {
            RedisUrl url;
            try {
                url = RedisUrl.parse(value, Optional.empty());
            } catch (KartConfigException e) {
                return "";
            }
            return ", such as -D kart.lock.redis.url=" + (url.ssl() ? "rediss" : "redis") + "://"
                    + (url.username().isPresent() || url.password().isPresent() ? "USER:PASSWORD@" : "")
                    + new Node(url.host(), url.port()) + (url.database() == 0 ? "" : "/" + url.database());
        }

        /** A cluster is reached through its nodes alone, and has database 0 only. */
        private void requireClusterFits() {
            String nodes = "kart.lock.redis.cluster.nodes is set (" + clusterNodes.stream().map(Node::toString)
                    .collect(Collectors.joining(", ")) + ")";
            if (hostGivenAs.isPresent()) {
                String key = hostGivenAs.get();
                throw invalid(key, origins.apply(key), "is set (" + host + ") and " + nodes, "one of the two: a single"
                        + " server's " + key + ", or the seed nodes of a Redis Cluster (then username and ssl in their own keys)");
            }
            Optional<String> sentinelKey = sentinelMaster != null ? Optional.of("sentinel.master")
                    : !sentinelNodes.isEmpty() ? Optional.of("sentinel.nodes")
                    : sentinelUsername.isPresent() ? Optional.of("sentinel.username")
                    : sentinelPassword.isPresent() ? Optional.of("sentinel.password") : Optional.empty();
            if (sentinelKey.isPresent()) {
                // a Redis Cluster fails over by itself; sentinels watch a primary outside any cluster
                String key = sentinelKey.get();
                throw invalid(key, origins.apply(key), "is set and " + nodes, "one of the two: the sentinels of a"
                        + " Sentinel deployment, or the seed nodes of a Redis Cluster");
            }
            if (database != 0) {
                throw invalid("database", origins.apply("database"), "is " + database + " and " + nodes,
                        "0: a Redis Cluster has database 0 only");
            }
            if (redissonConfig.isPresent()) {
                throw invalid("redisson-config", origins.apply("redisson-config"), "is set (" + redissonConfig.get() + ") and "
                        + nodes, "one of the two: a Redisson YAML file with clusterServersConfig, or the cluster keys");
            }
            String prefix = lease.prefix();
            if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
                throw new KartConfigException("config key 'kart.lock.prefix' is '" + prefix + "', expected a prefix without"
                        + " '{' or '}' for Redis Cluster (" + nodes + "): kart puts it in the keys' hash tags");
            }
        }

        private void buildSentinel() {
            if (sentinelMaster == null && sentinelNodes.isEmpty()) {
                sentinel = Optional.empty();
                return;
            }
            if (sentinelMaster == null) {
                // an empty one was set somewhere, and is told with its origin; a missing one was set nowhere
                String nodesOrigin = origins.apply("sentinel.nodes").map(o -> " (" + o + ")").orElse("");
                // "is not (set in ...)" would read as "is not set": the origin goes before
                throw invalid("sentinel.master", sentinelMasterBlank ? origins.apply("sentinel.master") : Optional.empty(),
                        sentinelMasterBlank ? "is empty while " + SECTION + ".sentinel.nodes" + nodesOrigin + " is not"
                                : "is not set but " + SECTION + ".sentinel.nodes is" + nodesOrigin,
                        "the name the sentinels monitor the primary under (their 'sentinel monitor NAME ...' line), such"
                        + " as \"mymaster\"");
            }
            if (sentinelNodes.isEmpty()) {
                throw invalid("sentinel.nodes", Optional.empty(), "is empty but " + SECTION + ".sentinel.master is '"
                        + sentinelMaster + "'" + origins.apply("sentinel.master").map(o -> " (" + o + ")").orElse(""),
                        "the sentinels' addresses, such as [\"sentinel-1:26379\", \"sentinel-2:26379\"]");
            }
            if (urlGiven) {
                throw invalid("url", origins.apply("url"), "is set together with kart.lock.redis.sentinel",
                        "one of them: the sentinels say where the primary is");
            }
            if (hostGiven) {
                throw invalid("host", origins.apply("host"), "is '" + host + "' together with kart.lock.redis.sentinel",
                        "one of them (host empty): the sentinels say where the primary is");
            }
            if (redissonConfig.isPresent()) {
                throw invalid("redisson-config", origins.apply("redisson-config"), "is set together with kart.lock.redis.sentinel",
                        "one of them: the Redisson YAML file's sentinelServersConfig, or kart's keys");
            }
            sentinel = Optional.of(new Sentinel(sentinelMaster, sentinelNodes, sentinelUsername, sentinelPassword));
        }
    }

    /** A {@code redis://} or {@code rediss://} URL taken apart. */
    private record RedisUrl(String host, int port, int database, Optional<String> username, Optional<String> password,
            boolean ssl) {
        private static final String EXPECTED = "redis://[[username][:password]@]host[:port][/database] or rediss://... for"
                + " TLS, with @ : / ? # % + in the user and password percent-encoded (%40 %3A %2F %3F %23 %25 %2B)";

        /**
         * Reads the authority itself rather than through {@link URI#getHost()}, which answers nothing for
         * what RFC 2396 does not allow in a host name but a resolver does (a docker-compose service's
         * {@code my_redis}), and nothing for a bad port, which would both read as "no host".
         */
        static RedisUrl parse(String value, Optional<String> origin) {
            URI uri;
            try {
                uri = new URI(value.strip());
            } catch (URISyntaxException e) {
                // the reason only: the input may hold the password
                throw invalid("url", origin, e.getReason().startsWith("Malformed escape pair") ? "has a % that starts no"
                        + " escape (a % in the password is written %25)" : "is not a URL (" + e.getReason() + ")", EXPECTED);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.isEmpty()) {
                // redis//host or redis:/host: nothing of the rest is quoted, it may hold the password
                throw invalid("url", origin, "does not start with redis:// or rediss://", EXPECTED);
            }
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw invalid("url", origin, "has scheme '" + scheme + "'", EXPECTED);
            }
            if (uri.getRawAuthority() == null) {
                throw invalid("url", origin, "has no // after " + scheme + ":", EXPECTED);
            }
            if (uri.getRawFragment() != null || uri.getRawQuery() != null) {
                // a ? or # of a password that was not percent-encoded cuts the URL there; nothing is quoted
                throw invalid("url", origin, "has a query (?...) or fragment (#...), which kart's url does not take (a ? or"
                        + " # in the password is written %3F or %23)", EXPECTED);
            }
            if (uri.getRawPath() != null && uri.getRawPath().contains("@")) {
                // a / of a password that was not percent-encoded ends the address there: the rest reads as a path
                throw invalid("url", origin, "has an @ after its host (a / in the user or password is written %2F)",
                        EXPECTED);
            }
            String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
            // the last @ ends the user and password: one in the password that was not encoded is taken as meant
            int at = authority.lastIndexOf('@');
            String userInfo = at < 0 ? "" : authority.substring(0, at);
            String hostAndPort = authority.substring(at + 1);
            String host;
            String portText;
            if (hostAndPort.startsWith("[")) {
                int close = hostAndPort.indexOf(']');
                host = close < 0 ? "" : hostAndPort.substring(1, close);
                portText = close < 0 || close + 1 >= hostAndPort.length() ? "" : hostAndPort.substring(close + 1);
            } else {
                int colon = hostAndPort.lastIndexOf(':');
                host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
                portText = colon < 0 ? "" : hostAndPort.substring(colon);
                if (host.contains(":")) {
                    throw invalid("url", origin, "has an IPv6 address without brackets", "[address], as in redis://[::1]:6379");
                }
            }
            if (host.isEmpty()) {
                throw invalid("url", origin, "has no host", EXPECTED);
            }
            // a colon with no port after it is the default port, as URI syntax has it
            int port = portText.isEmpty() || portText.equals(":") ? 6379 : port(portText, origin);
            int database = 0;
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/")) {
                // digits alone: parseInt would take a sign, and /-1 then be blamed on kart.lock.redis.database
                if (!path.substring(1).matches("\\d{1,9}")) {
                    throw invalid("url", origin, "has path '" + path + "', which is no database number from 0", EXPECTED);
                }
                database = Integer.parseInt(path.substring(1));
            }
            Optional<String> username = Optional.empty();
            Optional<String> password = Optional.empty();
            if (!userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                username = Optional.of(decode(user)).filter(s -> !s.isEmpty());
                if (colon >= 0) {
                    password = Optional.of(decode(userInfo.substring(colon + 1))).filter(s -> !s.isEmpty());
                }
            }
            return new RedisUrl(host, port, database, username, password, scheme.equals("rediss"));
        }

        /** @param text the url's {@code :port}, colon included */
        private static int port(String text, Optional<String> origin) {
            String digits = text.substring(1);
            if (!digits.matches("[0-9]{1,9}")) {
                // not quoted: a user and password with a / not percent-encoded end up here
                throw invalid("url", origin, "has a port that is no number", "a TCP port from 1 to 65535 after the host,"
                        + " as in " + EXPECTED);
            }
            int port = Integer.parseInt(digits);
            if (port < 1 || port > 65535) {
                throw invalid("url", origin, "has port " + port, "a TCP port from 1 to 65535 after the host, as in "
                        + EXPECTED);
            }
            return port;
        }

        /**
         * Percent-escapes only: {@link URLDecoder} alone decodes HTML forms, where + is a space, which a
         * password's + is not. {@link URI} has refused a % that starts no escape already.
         */
        private static String decode(String text) {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}
