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
 * @param unasked the sentinels that could not be asked (down, no answer in time, a refused login) and the Redis data
 *     servers that answered in a sentinel's place, each with its entry's number and why, in their order
 */
public record SentinelAnswers(Optional<RedisLockSettings.Node> primary, Optional<String> namedBy, List<String> passedOver,
        List<String> monitored, int asked, List<Unasked> unasked) {
    private static final SentinelAnswers NOT_ASKED = new SentinelAnswers(Optional.empty(), Optional.empty(), List.of(),
            List.of(), 0, List.of());

    /** Copies the lists. */
    public SentinelAnswers {
        passedOver = List.copyOf(passedOver);
        monitored = List.copyOf(monitored);
        unasked = List.copyOf(unasked);
    }

    /**
     * An entry of {@code kart.lock.redis.sentinel.nodes} that did not answer kart's question as a sentinel.
     *
     * @param sentinel its address, {@code host:port} as the key has it
     * @param entry its number in the key, from 1: an address given twice is two entries
     * @param error why it could not be asked, or a Redis data server's refusal of {@code SENTINEL}
     */
    public record Unasked(String sentinel, int entry, RuntimeException error) {
        /** @return it answered as a Redis data server, refusing {@code SENTINEL} as an unknown command */
        public boolean dataServer() {
            return RedisFailures.refusesSentinel(error);
        }
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
        return new SentinelAnswers(Optional.of(primary), Optional.empty(), List.of(), List.of(), 0, List.of());
    }

    /** @return why each entry in {@link #unasked()} could not be asked, for a stack trace, not for a message's words */
    public List<RuntimeException> unanswered() {
        return unasked.stream().map(Unasked::error).toList();
    }

    /** @return the sentinels that could not be asked (down, no answer in time, a refused login), data servers aside */
    public List<Unasked> unreached() {
        return unasked.stream().filter(entry -> !entry.dataServer()).toList();
    }

    /** @return the entries that answered as Redis data servers, not sentinels, in their order */
    public List<Unasked> dataServerEntries() {
        return unasked.stream().filter(Unasked::dataServer).toList();
    }

    /** @return the addresses of {@link #dataServerEntries()}, each once */
    public List<String> dataServers() {
        return dataServerEntries().stream().map(Unasked::sentinel).distinct().toList();
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
        return primary.isEmpty() && !dataServers().isEmpty();
    }

    /**
     * @return a data server answered in a sentinel's place, and was passed over for the sentinel that named the primary
     */
    public boolean dataServerPassedOver() {
        return primary.isPresent() && !dataServers().isEmpty();
    }
}
