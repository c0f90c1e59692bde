package dev.kart.internal.text;

import java.time.Duration;

/**
 * A duration as kart words it to a user, in the commands' output, log lines and error messages of the
 * runtime and the lock and storage backends alike, so that one wait reads the same in all of them.
 * Two wordings: what kart measured (an elapsed time, a wait, a lease's age or TTL left) reads
 * {@link #of}, {@code 12.3s} or {@code 2m05s}; what it was told (a timeout, a grace, a TTL, a retry
 * delay), most often quoted beside its config key, reads {@link #configValue}, {@code 5s} or
 * {@code 1500ms}, which the user can paste back into a config file ({@code 2m05s} is no HOCON duration), as
 * {@code kart.lock.ttl = 3m}; what kart derived from such values (a third of the TTL) reads
 * {@link #derivedValue}, {@code 33.3s}.
 * Neither uses {@code String.format}: on Java 17 its first number loads the JDK's locale data, and the
 * summary of every run words its time here.
 */
public final class DurationText {
    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** HOCON's units, largest first, and their lengths in nanoseconds. */
    private static final String[] UNITS = {"d", "h", "m", "s", "ms", "us", "ns"};
    private static final long[] UNIT_NANOS = {DAY * 1_000_000_000, HOUR * 1_000_000_000, MINUTE * 1_000_000_000,
        1_000_000_000, 1_000_000, 1000, 1};
    /**
     * The longest duration a HOCON file holds, {@code 9223372036854775807ns}: about 292 years (106751 days), the
     * most nanoseconds a long counts, which Typesafe Config reads every duration into.
     */
    public static final Duration LONGEST_HOCON = Duration.ofNanos(Long.MAX_VALUE);

    private DurationText() {
    }

    /**
     * A measured duration (an elapsed time, a wait, a lease's age or TTL left) to its nearest reading: every
     * unit rounds half up, the tenths under a minute as {@code %.1f} did and the seconds and minutes above it
     * alike, so that a reading is never off by more than half its last digit and never shows a unit full
     * ({@code 59.96 s} reads {@code 1m00s}, not {@code 60.0s}; {@code 59m59.5s} reads {@code 1h00m}). A TTL
     * left read once ({@code kart locks}, a collision's message) is a reading of that moment; a countdown
     * shown as it ticks (the progress view's), which must not promise more time than is left, reads
     * {@link #wholeSeconds} instead.
     *
     * @param duration a measured duration, not negative
     * @return it as {@code 850ms} under a second, {@code 12.3s} under a minute, {@code 2m05s} under an
     *     hour, else {@code 1h05m}
     */
    public static String of(Duration duration) {
        // each unit rounded from the duration itself, not from the one below: no rounding twice
        long millis = rounded(duration, 1_000_000);
        if (millis < 1000) {
            return millis + "ms";
        }
        long tenths = rounded(duration, 100_000_000);
        if (tenths < 600) {
            return tenths / 10 + "." + tenths % 10 + "s";
        }
        long seconds = rounded(duration, 1_000_000_000);
        if (seconds < HOUR) {
            return minutesAndSeconds(seconds);
        }
        // the nearest minute, half up: s + 30 is whole, so the fraction of a second added to it never reaches the next
        return hoursAndMinutes((duration.getSeconds() + MINUTE / 2) / MINUTE * MINUTE);
    }

    /** The duration in units of {@code unitNanos}, a divisor of a second, rounded half up. */
    private static long rounded(Duration duration, long unitNanos) {
        return duration.getSeconds() * (1_000_000_000 / unitNanos) + (duration.getNano() + unitNanos / 2) / unitNanos;
    }

    /**
     * A countdown shown as it ticks (a lease's expiry, a retry's delay in the progress view) as a clock counts it down: every unit truncated, so that
     * it never shows more time than is left and reads {@code 0s} only in its last second; {@code 2m51.9s}
     * reads {@code 2m51s} and {@code 1h02m59s} reads {@code 1h02m}.
     *
     * @param duration a duration, not negative
     * @return it in whole seconds: {@code 45s} under a minute, {@code 2m51s} under an hour, else {@code 1h02m}
     */
    public static String wholeSeconds(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < MINUTE) {
            return seconds + "s";
        }
        return seconds < HOUR ? minutesAndSeconds(seconds) : hoursAndMinutes(seconds);
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
     * <p>HOCON's durations are longs of nanoseconds, as Typesafe Config reads them, which hold about 292
     * years ({@link #LONGEST_HOCON}). A duration past that can only have been written in ISO-8601, which kart
     * reads too ({@code P1000000D}), and is quoted so, whole, as {@link Duration#toString()} writes it
     * ({@code PT24000000H}): no HOCON unit would hold it, nor read it back.
     *
     * @param duration a duration
     * @return it as {@code 2h}, {@code 5m}, {@code 174s}, {@code 1500ms}, {@code 250us}, {@code 0s}; past
     *     {@link #LONGEST_HOCON}, in ISO-8601 as {@link Duration#toString()} writes it, such as {@code PT24000000H}
     *     for {@code P1000000D}
     */
    public static String configValue(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.toString();
        }
        if (nanos == 0) {
            return "0s";
        }
        for (int unit = 0; unit < UNIT_NANOS.length; unit++) {
            // a negative count's remainder is 0 exactly when its magnitude's is: no negation, which overflows at the bound
            if (nanos % UNIT_NANOS[unit] == 0) {
                return nanos / UNIT_NANOS[unit] + UNITS[unit];
            }
        }
        throw new AssertionError("a nanosecond divides every count");
    }

    /**
     * A duration kart derived from configured ones, quoted beside them as a bound (the renew interval, a third of
     * the TTL): in whole milliseconds it reads as {@link #configValue}; finer, as a third of {@code 100s} is, it
     * reads to the tenth of a second below it ({@code 33.3s}), to the millisecond under a second, or to the
     * microsecond under a millisecond (a third of {@code 1ms} is {@code 333us}), not in the nanoseconds that hold it
     * whole ({@code 33333333333ns}). HOCON reads a decimal too, and as it is rounded down a value under the quoted
     * bound is under the bound itself.
     *
     * @param duration a duration
     * @return it as {@code 1m}, {@code 1500ms}, {@code 33.3s}, {@code 333ms}, {@code 333us}
     */
    public static String derivedValue(Duration duration) {
        int nanos = duration.getNano();
        if (duration.isNegative() || nanos % 1_000_000 == 0 || duration.compareTo(Duration.ofNanos(1_000)) < 0) {
            return configValue(duration);
        }
        if (duration.compareTo(Duration.ofMillis(1)) < 0) {
            return nanos % 1_000 == 0 ? configValue(duration) : nanos / 1_000 + "us";
        }
        long seconds = duration.getSeconds();
        return seconds == 0 ? nanos / 1_000_000 + "ms" : seconds + "." + nanos / 100_000_000 + "s";
    }

    private static String minutesAndSeconds(long seconds) {
        return seconds / MINUTE + "m" + twoDigits(seconds % MINUTE) + "s";
    }

    /** Whole minutes: the seconds past the last minute are left out. */
    private static String hoursAndMinutes(long seconds) {
        return seconds / HOUR + "h" + twoDigits(seconds / MINUTE % 60) + "m";
    }

    /** As {@code %02d} for 0 to 99. */
    private static String twoDigits(long value) {
        return (value < 10 ? "0" : "") + value;
    }
}
