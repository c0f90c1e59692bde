package dev.kart.cli.text;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A coming instant (a lease's expiry, a wait's limit, a retry's start) as the commands word it: ISO-8601
 * in UTC, as {@code kart info} gives its attempts' times and the task log its lease expiries, so that a
 * line read in a log the next day, or beside another node's, says which day and which zone it means.
 */
public final class InstantText {
    private InstantText() {
    }

    /**
     * @param instant an instant
     * @return it to the second, such as {@code 2026-12-05T14:25:13Z}: a lease or a retry delay is
     *     counted in seconds
     */
    public static String of(Instant instant) {
        // Instant's own text: no time-zone database to read, unlike a local clock time
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
