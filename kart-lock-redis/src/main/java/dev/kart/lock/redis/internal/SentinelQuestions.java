package dev.kart.lock.redis.internal;

/**
 * Asks one sentinel, over a binding's own client library, where the primary of {@code kart.lock.redis.sentinel.master}
 * is: for {@link RedisFailures} to word a backend that cannot start, never on a lock call. Each binding asks with the
 * settings its client was opened with (timeouts, TLS, the sentinels' login).
 */
@FunctionalInterface
public interface SentinelQuestions {
    /**
     * @param sentinel the sentinel's address, {@code host:port} as {@code kart.lock.redis.sentinel.nodes} has it
     * @return its answer
     * @throws RuntimeException when it cannot be asked: down, refused the login, no answer in time
     */
    SentinelView ask(String sentinel);
}
