package dev.kart.cli.text;

import java.time.Duration;
import java.util.Locale;

/**
 * A measured duration as the commands word it: {@code kart locks}' ages, {@code kart info}'s attempts
 * and waits, and the note that ends a run-lock wait, so that one wait reads the same in all of them.
 */
public final class DurationText {
    private DurationText() {
    }

    /**
     * @param duration a duration, not negative
     * @return it as {@code 850ms} under a second, {@code 12.3s} under a minute, {@code 2m05s} under an
     *     hour, else {@code 1h05m}
     */
    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = duration.toSeconds();
        return seconds < 3600 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
