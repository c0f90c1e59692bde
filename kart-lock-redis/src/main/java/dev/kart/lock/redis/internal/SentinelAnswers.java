package dev.kart.lock.redis.internal;

import dev.kart.lock.redis.RedisLockSettings;
import java.util.List;
import java.util.Optional;

/**
 * What the sentinels of {@code kart.lock.redis.sentinel.nodes} said, asked in turn until one named a primary, about
 * the primary of {@code kart.lock.redis.sentinel.master}: for {@link RedisFailures#cannotStart} to word a backend
 * that cannot start, and for {@link RedisFailures#passedOver} to warn of sentinels passed over at start.
 *
 * @param primary the primary a sentinel named; the sentinels need not have been asked again when the client library
 *     says where it was sent
 * @param namedBy the sentinel that named it, when kart asked
 * @param passedOver the sentinels that answered before, and monitor no primary of that name
 * @param monitored the names those monitor instead, each once
 * @param asked how many sentinels there were to ask; 0 when they were not asked
 * @param unanswered why each sentinel that could not be asked could not be (down, no answer in time, a refused
 *     login), in their order; for a stack trace, not for a message's words
 * @param unreached the sentinels that could not be asked, as {@code kart.lock.redis.sentinel.nodes} has them, in their
 *     order; the data servers among them are in {@code dataServers} only
 * @param dataServers the addresses that answered as Redis data servers, not sentinels: they refused {@code SENTINEL}
 *     as an unknown command
 */
public record SentinelAnswers(Optional<RedisLockSettings.Node> primary, Optional<String> namedBy, List<String> passedOver,
        List<String> monitored, int asked, List<RuntimeException> unanswered, List<String> unreached, List<String> dataServers) {
    private static final SentinelAnswers NOT_ASKED = new SentinelAnswers(Optional.empty(), Optional.empty(), List.of(),
            List.of(), 0, List.of(), List.of(), List.of());

    /** Copies the lists. */
    public SentinelAnswers {
        passedOver = List.copyOf(passedOver);
        monitored = List.copyOf(monitored);
        unanswered = List.copyOf(unanswered);
        unreached = List.copyOf(unreached);
        dataServers = List.copyOf(dataServers);
    }

    /** @return the sentinels were not asked: their answer would not change the wording, or there is none to ask */
    public static SentinelAnswers notAsked() {
        return NOT_ASKED;
    }

    /**
     * @param primary the primary's address, as the client library the sentinels answered names it
     * @return answers that name it
     */
    public static SentinelAnswers naming(RedisLockSettings.Node primary) {
        return new SentinelAnswers(Optional.of(primary), Optional.empty(), List.of(), List.of(), 0, List.of(), List.of(),
                List.of());
    }

    /** @return how many sentinels answered kart's question */
    public int answered() {
        return passedOver.size() + (namedBy.isPresent() ? 1 : 0);
    }

    /**
     * The one test of a Redis data server listed among the sentinels, for every message that tells of it: one
     * answered kart's question in a sentinel's place, refusing {@code SENTINEL} as an unknown command, and no
     * sentinel named the primary. When one did, the client libraries pass the data server over and start, and it is
     * warned of instead ({@link RedisFailures#dataServersPassedOver}).
     *
     * @return whether the data servers are why no primary was named
     */
    public boolean dataServerInsteadOfSentinel() {
        return primary.isEmpty() && !dataServers.isEmpty();
    }

    /**
     * @return a data server answered in a sentinel's place, and was passed over for the sentinel that named the primary
     */
    public boolean dataServerPassedOver() {
        return primary.isPresent() && !dataServers.isEmpty();
    }
}
