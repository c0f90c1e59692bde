package dev.kart.lock.redis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code kart.lock.redis} section, read and checked once. A key the given settings lack takes its
 * value from this module's {@code reference.conf}, so settings built in code (tests, benchmarks) get
 * the same defaults as a loaded configuration. Immutable; {@link #toString()} never shows the password.
 */
final class RedisSettings {
    private final String prefix;
    private final Duration ttl;
    private final Duration renewInterval;
    private final String owner;
    private final String host;
    private final int port;
    private final int database;
    private final Optional<String> username;
    private final Optional<String> password;
    private final boolean ssl;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int poolSize;
    private final RedisClientKind client;
    private final Optional<Path> redissonConfig;
    private final Duration fallbackPoll;
    private final Duration safetyMargin;

    private RedisSettings(LeaseSettings lock, Reader reader) {
        LeaseSettings lease = reader.optional("timeout", reader::duration).map(lock::withTtl).orElse(lock);
        this.prefix = lease.prefix();
        this.owner = lease.owner();
        this.ttl = lease.ttl();
        this.renewInterval = lease.renewInterval();
        this.client = RedisClientKind.named(reader.string("client"));
        this.redissonConfig = reader.optional("redisson-config", reader::string).filter(s -> !s.isBlank()).map(Path::of);
        Optional<String> url = reader.optional("url", reader::string).filter(s -> !s.isBlank());
        Optional<String> configuredPassword = reader.optional("password", reader::string);
        if (url.isPresent()) {
            Url parsed = Url.parse(url.get());
            this.host = parsed.host;
            this.port = parsed.port;
            this.database = parsed.database;
            this.username = parsed.username;
            this.password = parsed.password.or(() -> configuredPassword);
            this.ssl = parsed.ssl;
        } else {
            this.host = reader.string("host").strip();
            this.port = reader.integer("port");
            this.database = reader.integer("database");
            this.username = reader.optional("username", reader::string).filter(s -> !s.isEmpty());
            this.password = configuredPassword;
            this.ssl = reader.bool("ssl");
        }
        this.connectTimeout = reader.duration("connect-timeout");
        this.commandTimeout = reader.duration("command-timeout");
        this.poolSize = reader.integer("pool-size");
        this.fallbackPoll = reader.duration("fallback-poll");
        this.safetyMargin = reader.duration("safety-margin");
        validate();
    }

    /**
     * @param lease prefix, TTL, renew interval and owner from {@code kart.lock}
     * @param section the {@code kart.lock.redis} section
     * @return the Redis settings in it
     * @throws KartConfigException when a value is invalid; the message names the key
     */
    static RedisSettings from(LeaseSettings lease, ConfigSection section) {
        return new RedisSettings(lease, new Reader(section, Defaults.REDIS));
    }

    /**
     * @param section the {@code kart.lock.redis} section
     * @return whether it names a Redis server: {@code kart.lock.redis.host} or {@code url} is set
     */
    static boolean requested(ConfigSection section) {
        Reader reader = new Reader(section, Defaults.REDIS);
        return !reader.string("host").isBlank() || reader.optional("url", reader::string).filter(s -> !s.isBlank()).isPresent();
    }

    private void validate() {
        if (redissonConfig.isEmpty() && host.isEmpty()) {
            throw invalid("host", "is empty", "the Redis server's host name (or set kart.lock.redis.url"
                    + (client == RedisClientKind.REDISSON ? ", or kart.lock.redis.redisson-config" : "") + ")");
        }
        if (port < 1 || port > 65535) {
            throw invalid("port", "is " + port, "a TCP port from 1 to 65535");
        }
        if (database < 0) {
            throw invalid("database", "is " + database, "a database number from 0");
        }
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("command-timeout", commandTimeout);
        requirePositive("fallback-poll", fallbackPoll);
        if (poolSize < 1) {
            throw invalid("pool-size", "is " + poolSize, "at least 1");
        }
        if (safetyMargin.isNegative() || safetyMargin.multipliedBy(4).compareTo(ttl) >= 0) {
            throw invalid("safety-margin", "is " + safetyMargin, "at least 0 and less than a quarter of the lease TTL ("
                    + ttl + ")");
        }
        if (redissonConfig.isPresent()) {
            if (client != RedisClientKind.REDISSON) {
                throw invalid("redisson-config", "is set (" + redissonConfig.get() + ") but kart.lock.redis.client is '"
                        + client.configName() + "'", "client = \"redisson\" with it");
            }
            if (!Files.isReadable(redissonConfig.get())) {
                throw invalid("redisson-config", "is " + redissonConfig.get().toAbsolutePath(),
                        "a readable Redisson YAML file, but it does not exist or cannot be read");
            }
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(key, "is " + value, "a positive duration");
        }
    }

    private static KartConfigException invalid(String key, String actual, String expected) {
        return new KartConfigException("config key 'kart.lock.redis." + key + "' " + actual + ", expected " + expected);
    }

    String prefix() {
        return prefix;
    }

    Duration ttl() {
        return ttl;
    }

    Duration renewInterval() {
        return renewInterval;
    }

    /** @return whether leases are renewed: a renew interval at least the TTL means never */
    boolean renews() {
        return renewInterval.compareTo(ttl) < 0;
    }

    String owner() {
        return owner;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    int database() {
        return database;
    }

    Optional<String> username() {
        return username;
    }

    Optional<String> password() {
        return password;
    }

    boolean ssl() {
        return ssl;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration commandTimeout() {
        return commandTimeout;
    }

    int poolSize() {
        return poolSize;
    }

    RedisClientKind client() {
        return client;
    }

    Optional<Path> redissonConfig() {
        return redissonConfig;
    }

    Duration fallbackPoll() {
        return fallbackPoll;
    }

    Duration safetyMargin() {
        return safetyMargin;
    }

    /** @return where Redis is, for messages: {@code redis host:port} or the Redisson file; never credentials */
    String address() {
        if (redissonConfig.isPresent()) {
            return "Redis servers of " + redissonConfig.get().toAbsolutePath();
        }
        return "Redis at " + host + ":" + port + (database == 0 ? "" : " (database " + database + ")") + (ssl ? " over TLS" : "");
    }

    /**
     * @param message a message that might quote a client library's text
     * @return the message with the password, if any, replaced by {@code ***}
     */
    String redact(String message) {
        if (message == null || password.isEmpty() || password.get().isEmpty()) {
            return message;
        }
        return message.replace(password.get(), "***");
    }

    @Override
    public String toString() {
        return address() + ", client " + client.configName() + ", user " + username.orElse("(default)")
                + ", password " + (password.isPresent() ? "***" : "(none)") + ", ttl " + ttl + ", prefix " + prefix;
    }

    /** Reads a key from the given settings, else from this module's reference.conf. */
    private record Reader(ConfigSection settings, Config defaults) {
        <T> Optional<T> optional(String key, Function<String, T> read) {
            String path = key;
            if (settings.has(path) || defaults.hasPath(path)) {
                return Optional.of(read.apply(key));
            }
            return Optional.empty();
        }

        String string(String key) {
            String path = key;
            return settings.has(path) ? settings.getString(path) : defaults.getString(path);
        }

        int integer(String key) {
            String path = key;
            return settings.has(path) ? settings.getInt(path) : defaults.getInt(path);
        }

        boolean bool(String key) {
            String path = key;
            return settings.has(path) ? settings.getBoolean(path) : defaults.getBoolean(path);
        }

        Duration duration(String key) {
            String path = key;
            return settings.has(path) ? settings.getDuration(path) : defaults.getDuration(path);
        }
    }

    /** The {@code kart.lock.redis} section of the reference.conf files on this module's class path. */
    private static final class Defaults {
        static final Config REDIS = ConfigFactory.defaultReference(RedisSettings.class.getClassLoader()).getConfig("kart.lock.redis");
    }

    /** A {@code redis://} or {@code rediss://} URL taken apart. */
    private record Url(String host, int port, int database, Optional<String> username, Optional<String> password, boolean ssl) {
        static Url parse(String value) {
            String expected = "redis://[username@]host[:port][/database] or rediss://... for TLS";
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw invalid("url", "is not a URL (" + e.getReason() + ")", expected);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                throw invalid("url", "has scheme '" + scheme + "'", expected);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw invalid("url", "has no host", expected);
            }
            int database = 0;
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!path.isEmpty() && !path.equals("/")) {
                try {
                    database = Integer.parseInt(path.substring(1));
                } catch (NumberFormatException e) {
                    throw invalid("url", "has path '" + path + "'", expected);
                }
            }
            Optional<String> username = Optional.empty();
            Optional<String> password = Optional.empty();
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
                username = Optional.of(decode(user)).filter(s -> !s.isEmpty());
                if (colon >= 0) {
                    password = Optional.of(decode(userInfo.substring(colon + 1))).filter(s -> !s.isEmpty());
                }
            }
            return new Url(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), database, username, password,
                    scheme.equals("rediss"));
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }
}
