package dev.kart.lock.redis.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Asks sentinels, over a binding's own client library, where the primary of {@code kart.lock.redis.sentinel.master}
 * is; at start only, never on a lock call. The Jedis binding asks at every start, before its client does, to warn
 * of one passed over ({@link RedisFailures#passedOver}) and to refuse a Redis data server listed as a sentinel;
 * either binding asks when
 * {@link RedisFailures#sentinelsCanTell} says their answer changes how a backend that cannot start is worded. Each
 * binding asks with the settings its client was opened with (timeouts, TLS, the sentinels' login);
 * {@link RedisFailures} only words what they answered.
 */
@FunctionalInterface
public interface SentinelProbe {
    /**
     * @param sentinel the sentinel's address, {@code host:port} as {@code kart.lock.redis.sentinel.nodes} has it
     * @return its answer
     * @throws RuntimeException when it cannot be asked: down, refused the login, no answer in time
     */
    SentinelView ask(String sentinel);

    /**
     * Asks the sentinels in their order until one names a primary: a sentinel that monitors other names only (one of
     * another deployment, listed by mistake) is passed over, as the client libraries pass it over. The entries after the
     * one that names a primary are not asked, so that a start waits for no more sentinels than its client's would: a
     * Redis data server among them is not found.
     *
     * @param sentinels the sentinels' addresses, as {@code kart.lock.redis.sentinel.nodes} has them
     * @return the first primary named, what the sentinels that answered before it monitor instead, why those that
     *     could not be asked could not be, and which of those answered as Redis data servers, not sentinels
     */
    default SentinelAnswers askInTurn(List<String> sentinels) {
        List<String> passedOver = new ArrayList<>();
        Set<String> monitored = new LinkedHashSet<>();
        List<SentinelAnswers.Unasked> unasked = new ArrayList<>();
        for (int i = 0; i < sentinels.size(); i++) {
            String sentinel = sentinels.get(i);
            SentinelView answer;
            try {
                answer = ask(sentinel);
            } catch (RuntimeException e) {
                // down, or gone since the client library asked it: the next one may answer. A data server listed by
                // mistake answers too, refusing the question: told apart, as its own configuration error. The entry's
                // number, for an address given twice
                unasked.add(new SentinelAnswers.Unasked(sentinel, i + 1, e));
                continue;
            }
            if (answer.primary().isPresent()) {
                return new SentinelAnswers(answer.primary(), Optional.of(sentinel), passedOver, List.copyOf(monitored),
                        sentinels.size(), unasked);
            }
            passedOver.add(sentinel);
            monitored.addAll(answer.monitored());
        }
        return new SentinelAnswers(Optional.empty(), Optional.empty(), passedOver, List.copyOf(monitored), sentinels.size(),
                unasked);
    }
}
