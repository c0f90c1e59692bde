package dev.kart.cli.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

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
        // not String.format: on Java 17 its first number loads the JDK's locale data (kart locks, kart info)
        if (millis < 60_000) {
            return BigDecimal.valueOf(millis, 3).setScale(1, RoundingMode.HALF_UP).toPlainString() + "s";
        }
        return minutesOrHours(duration.toSeconds());
    }

    /**
     * @param duration a duration, not negative
     * @return it in whole seconds, as a countdown shows it: {@code 45s} under a minute, {@code 2m51s}
     *     under an hour, else {@code 1h02m}
     */
    public static String wholeSeconds(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : minutesOrHours(seconds);
    }

    /**
     * @param elapsed a duration, not negative
     * @return it as a clock shows it, {@code H:MM:SS}
     */
    public static String clock(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        return seconds / 3600 + ":" + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60);
    }

    private static String minutesOrHours(long seconds) {
        return seconds < 3600 ? seconds / 60 + "m" + twoDigits(seconds % 60) + "s"
                : seconds / 3600 + "h" + twoDigits(seconds / 60 % 60) + "m";
    }

    /** As {@code %02d} for 0 to 99. */
    private static String twoDigits(long value) {
        return (value < 10 ? "0" : "") + value;
    }
}
