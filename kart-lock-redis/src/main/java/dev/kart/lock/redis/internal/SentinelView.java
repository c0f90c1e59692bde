package dev.kart.lock.redis.internal;

import dev.kart.lock.redis.RedisLockSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a sentinel answered about the primary of {@code kart.lock.redis.sentinel.master}, asked at start (see
 * {@link SentinelProbe}): where the primary is, or, when it monitors none of that name, the names it does monitor.
 *
 * @param primary the primary's address, as the sentinel names it ({@code SENTINEL GET-MASTER-ADDR-BY-NAME})
 * @param monitored the names of the primaries it monitors ({@code SENTINEL MASTERS}); asked only when it names no
 *     primary, empty otherwise
 */
public record SentinelView(Optional<RedisLockSettings.Node> primary, List<String> monitored) {
    /** Copies the names. */
    public SentinelView {
        monitored = List.copyOf(monitored);
    }

    /**
     * One sentinel's answer from its replies, as either client library decodes them.
     *
     * @param address the reply to {@code SENTINEL GET-MASTER-ADDR-BY-NAME}: host and port, or null for a name the
     *     sentinel does not monitor
     * @param masters asks {@code SENTINEL MASTERS}, a map of fields per primary; asked only when no primary is named
     * @return the answer
     */
    public static SentinelView of(List<?> address, Supplier<? extends List<? extends Map<String, String>>> masters) {
        if (address != null && address.size() == 2) {
            return naming(new RedisLockSettings.Node(String.valueOf(address.get(0)),
                    Integer.parseInt(String.valueOf(address.get(1)))));
        }
        return monitoring(masters.get().stream().map(master -> master.get("name")).filter(Objects::nonNull).toList());
    }

    /**
     * @param primary the primary's address
     * @return a sentinel's answer that names it
     */
    public static SentinelView naming(RedisLockSettings.Node primary) {
        return new SentinelView(Optional.of(primary), List.of());
    }

    /**
     * @param monitored the names of the primaries the sentinel monitors, none of them the one asked for
     * @return a sentinel's answer that names no primary of the name asked for
     */
    public static SentinelView monitoring(List<String> monitored) {
        return new SentinelView(Optional.empty(), monitored);
    }
}
