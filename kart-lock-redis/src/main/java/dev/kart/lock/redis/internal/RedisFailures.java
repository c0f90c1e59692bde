package dev.kart.lock.redis.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns client-library errors into {@link LockException}s naming the binding, where Redis is and the
 * key; never the password. One per backend; immutable.
 */
public final class RedisFailures {
    private final String binding;
    private final String address;
    private final RedisLockSettings settings;
    private final boolean ownClient;

    private RedisFailures(String binding, String address, RedisLockSettings settings, boolean ownClient) {
        this.binding = binding;
        this.address = address;
        this.settings = settings;
        this.ownClient = ownClient;
    }

    /**
     * @param binding the binding's name, such as {@code jedis}
     * @param settings the settings the backend opened its own client from
     * @return the failures of that backend, naming {@link RedisLockSettings#address()}
     */
    public static RedisFailures ownClient(String binding, RedisLockSettings settings) {
        return new RedisFailures(binding, settings.address(), settings, true);
    }

    /**
     * @param binding the binding's name, such as {@code jedis}
     * @param address what the application's client reaches, for messages; never credentials
     * @param settings the backend's settings
     * @return the failures of a backend over a client the application handed in
     */
    public static RedisFailures givenClient(String binding, String address, RedisLockSettings settings) {
        return new RedisFailures(binding, address, settings, false);
    }

    /** @return the binding's name */
    public String binding() {
        return binding;
    }

    /** @return where Redis is, for messages */
    public String address() {
        return address;
    }

    /**
     * @param action what was being done, such as {@code acquiring}
     * @param key the key concerned
     * @param cause the client library's error
     * @return the exception to throw
     */
    public LockException failed(String action, String key, Throwable cause) {
        return new LockException("Redis lock backend (" + binding + "): " + action + " " + key + " failed, " + address
                + ": " + describe(cause) + ". Tasks needing the lock fail and are retried per kart.retry.*", cause);
    }

    /**
     * @param cause the client library's error
     * @return the exception for a backend that cannot start
     */
    public LockException unreachable(Throwable cause) {
        if (!ownClient) {
            return new LockException("Redis lock backend (" + binding + "): the application's Redis client cannot reach "
                    + address + ": " + describe(cause), cause);
        }
        // only a timeout is worth naming the timeouts for: a refused connection fails at once
        String how = chain(cause).anyMatch(ConnectException.class::isInstance)
                ? ": the connection was refused"
                // the socket's own timeout, or a client library's (Redisson's RedisTimeoutException)
                : chain(cause).anyMatch(e -> e instanceof SocketTimeoutException
                        || e.getClass().getSimpleName().contains("Timeout"))
                        ? " within kart.lock.redis.connect-timeout (" + settings.connectTimeout().toMillis()
                                + " ms) and command-timeout (" + settings.commandTimeout().toMillis() + " ms)"
                        : "";
        return new LockException("Redis lock backend (" + binding + "): cannot connect to " + address + how + " ("
                + describe(cause) + "). Check kart.lock.redis.host and port (or url), that redis-server runs and"
                + " accepts connections from this machine, and kart.lock.redis.username and password", cause);
    }

    /** The error, its causes, and what they suppressed (Jedis keeps the socket's error as a suppressed one). */
    private static Stream<Throwable> chain(Throwable error) {
        Stream.Builder<Throwable> all = Stream.builder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            all.add(current);
            for (Throwable suppressed : current.getSuppressed()) {
                all.add(suppressed);
            }
        }
        return all.build();
    }

    /**
     * @param cause a client library's error
     * @return the innermost useful messages of its cause chain, on one line, with the password redacted
     */
    public String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        chain(cause).limit(4).forEach(current -> {
            // the first line, without a closing full stop: the message goes on after it
            String message = current.getMessage() == null ? "" : current.getMessage().lines().findFirst().orElse("")
                    .strip().replaceAll("\\.+$", "");
            if (!message.isBlank() && text.indexOf(message) < 0) {
                if (text.length() > 0) {
                    text.append(" <- ");
                }
                text.append(current.getClass().getSimpleName()).append(": ").append(message);
            }
        });
        return redact(text.length() == 0 ? cause.getClass().getSimpleName() : text.toString());
    }

    /**
     * @param message a message that might quote a client library's text
     * @return the message with the password, if any, replaced by {@code ***}
     */
    public String redact(String message) {
        Optional<String> password = settings.password();
        if (message == null || password.isEmpty() || password.get().isEmpty()) {
            return message;
        }
        return message.replace(password.get(), "***");
    }
}
