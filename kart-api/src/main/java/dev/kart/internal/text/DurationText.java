package dev.kart.internal.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * A duration as kart words it to a user, in the commands' output, log lines and error messages of the
 * runtime and the lock and storage backends alike, so that one wait reads the same in all of them.
 * Two wordings: what kart measured (an elapsed time, a wait, a lease's age or TTL left) reads
 * {@link #of}, {@code 12.3s} or {@code 2m05s}; what it was told (a timeout, a grace, a TTL, a retry
 * delay), most often quoted beside its config key, reads {@link #configValue}, {@code 5s} or
 * {@code 1500ms}, which the user can paste back into a config file ({@code 2m05s} is no HOCON duration).
 * Neither uses {@code String.format}: on Java 17 its first number loads the JDK's locale data, and the
 * summary of every run words its time here.
 */
public final class DurationText {
    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private DurationText() {
    }

    /**
     * @param duration a measured duration, not negative
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

    /**
     * A configured duration as a HOCON file writes it, for a message that quotes it beside its key: the
     * largest of HOCON's units that holds it whole, as a user would have written it.
     *
     * @param duration a duration
     * @return it as {@code 2h}, {@code 5m}, {@code 174s}, {@code 1500ms}, {@code 250us}, {@code 0s}
     */
    public static String configValue(Duration duration) {
        if (duration.isNegative()) {
            return "-" + configValue(duration.negated());
        }
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (nanos == 0) {
            if (seconds == 0) {
                return "0s";
            }
            if (seconds % DAY == 0) {
                return seconds / DAY + "d";
            }
            if (seconds % HOUR == 0) {
                return seconds / HOUR + "h";
            }
            return seconds % MINUTE == 0 ? seconds / MINUTE + "m" : seconds + "s";
        }
        if (nanos % 1_000_000 == 0) {
            return seconds * 1000 + nanos / 1_000_000 + "ms";
        }
        if (nanos % 1000 == 0) {
            return seconds * 1_000_000 + nanos / 1000 + "us";
        }
        return seconds * 1_000_000_000 + nanos + "ns";
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
