package dev.kart.lock.redis;

import dev.kart.lock.LockException;

/** Turns client-library errors into {@link LockException}s naming the backend, its address and the key; never the password. */
final class RedisFailures {
    private RedisFailures() {
    }

    /**
     * @param settings the backend's settings
     * @param action what was being done, such as {@code acquiring}
     * @param key the key concerned
     * @param cause the client library's error
     * @return the exception to throw
     */
    static LockException failed(RedisSettings settings, String action, String key, Throwable cause) {
        return new LockException("Redis lock backend (" + settings.client().configName() + "): " + action + " " + key
                + " failed, " + settings.address() + ": " + describe(settings, cause)
                + ". Tasks needing the lock fail and are retried per kart.retry.*", cause);
    }

    /**
     * @param settings the backend's settings
     * @param cause the client library's error
     * @return the exception for a backend that cannot start
     */
    static LockException unreachable(RedisSettings settings, Throwable cause) {
        return new LockException("Redis lock backend (" + settings.client().configName() + "): cannot connect to "
                + settings.address() + " within kart.lock.redis.connect-timeout (" + settings.connectTimeout().toMillis()
                + " ms) and command-timeout (" + settings.commandTimeout().toMillis() + " ms): " + describe(settings, cause)
                + ". Check kart.lock.redis.host and port (or url), that redis-server runs and accepts connections from"
                + " this machine, and kart.lock.redis.username and password", cause);
    }

    /** @return the innermost useful message of the cause chain, with the password redacted */
    static String describe(RedisSettings settings, Throwable cause) {
        StringBuilder text = new StringBuilder();
        Throwable current = cause;
        int depth = 0;
        while (current != null && depth++ < 4) {
            String message = current.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
                if (text.length() > 0) {
                    text.append(" <- ");
                }
                text.append(current.getClass().getSimpleName()).append(": ").append(message.lines().findFirst().orElse(message));
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return settings.redact(text.length() == 0 ? cause.getClass().getSimpleName() : text.toString());
    }
}
