package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import dev.kart.task.CollisionPolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed reads of config values that turn Typesafe's exceptions into {@link KartConfigException}s naming
 * the key and where its value was set ({@link ConfigValueError}).
 */
final class Settings {
    private static final Pattern ISO = Pattern.compile("[+-]?[Pp]");
    /** What a duration key takes, as its errors say it. */
    static final String DURATION = "a duration such as 30s or 5m (units: ns, us, ms, s, m, h, d)";
    /** A HOCON duration: a number, then its unit, as Typesafe Config splits it. */
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("\\s*([+-]?[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\\s*([a-zA-Z]+)\\s*");
    /** Past it, either way, Typesafe Config reads a duration as the longest it holds, or refuses a count no long holds. */
    private static final BigDecimal LONGEST_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);
    /** What Typesafe Config reads a negative duration past the bound as: the most negative long of nanoseconds. */
    private static final Duration MOST_NEGATIVE_HOCON = Duration.ofNanos(Long.MIN_VALUE);

    private Settings() {
    }

    static <T> T read(Config config, String path, Supplier<T> reader) {
        return read(config, path, path, reader);
    }

    /**
     * @param config the configuration {@code reader} reads
     * @param path the value's path in {@code config}
     * @param shownPath its full path, as an error names it
     * @param reader reads it
     * @return what it read
     * @throws KartConfigException naming the key, where it was set and, for a string of the wrong type, the string
     */
    static <T> T read(Config config, String path, String shownPath, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            throw ConfigValueError.of(config, path, shownPath, e);
        }
    }

    /** Whose text {@link #written} gives back: which origins of a value it accepts. */
    enum SetIn {
        /** Anywhere but a reference.conf, kart's own or another jar's, as {@code ConfigSection#written} promises. */
        NO_REFERENCE_CONF,
        /**
         * Anywhere but kart's own reference.conf: a task jar's counts, as the user can find and change it there,
         * while only kart's defaults are worded as kart's ({@link ConfigOrigins#isKartDefault}).
         */
        NOT_KARTS_DEFAULTS,
        /** Kart's own reference.conf: a default, as that file and docs/configuration.md write it. */
        KARTS_DEFAULTS;

        boolean holds(ConfigOrigin origin) {
            // plain code, no switch on the enum: that would load a class of its own on every start
            if (this == NO_REFERENCE_CONF) {
                return !ConfigOrigins.isDefault(origin);
            }
            return ConfigOrigins.isKartDefault(origin) == (this == KARTS_DEFAULTS);
        }
    }

    /**
     * @param config the loaded configuration
     * @param path the key
     * @param from the origins whose text is wanted
     * @return the value at {@code path} as it was written, such as {@code 60s}, for a message to quote back rather
     *     than the {@code 1m} it equals, stripped of the spaces around it; empty when it is missing, null, blank, no
     *     text (a number) or was set where {@code from} does not hold
     */
    static Optional<String> written(Config config, String path, SetIn from) {
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(path);
        return value.unwrapped() instanceof String text && !text.isBlank() && from.holds(value.origin())
                ? Optional.of(text.strip()) : Optional.empty();
    }

    static int intAtLeast(Config config, String path, int minimum) {
        return intBetween(config, path, minimum, Integer.MAX_VALUE);
    }

    /**
     * @return the whole number at {@code path}, from {@code minimum} to {@code maximum}
     * @throws KartConfigException naming the key when the value is not a number, has a fraction
     *     (Typesafe's {@code getInt} would cut 1.5 to 1 unsaid) or is out of range
     */
    static int intBetween(Config config, String path, int minimum, int maximum) {
        int value = wholeNumber(config, path, path);
        if (value > maximum) {
            throw ConfigValueError.of(config, path, "is " + value + ", expected at most " + maximum);
        }
        if (value < minimum) {
            throw ConfigValueError.of(config, path, "is " + value + ", expected at least " + minimum);
        }
        return value;
    }

    /**
     * @param config the configuration to read
     * @param path the value's path in {@code config}
     * @param shownPath its full path, as an error names it
     * @return the whole number at {@code path}
     * @throws KartConfigException naming the key when the value is not a number or has a fraction (Typesafe's
     *     {@code getInt} would cut 1.5 to 1 unsaid)
     */
    static int wholeNumber(Config config, String path, String shownPath) {
        Number number = read(config, path, shownPath, () -> config.getNumber(path));
        double asDouble = number.doubleValue();
        if (asDouble != Math.rint(asDouble)) {
            throw ConfigValueError.of(config, path, shownPath, "is " + number + ", expected a whole number", null);
        }
        return read(config, path, shownPath, () -> config.getInt(path));
    }

    /**
     * Reads a duration written with its unit. HOCON takes a bare number for milliseconds, while the Python
     * system's {@code redis_timeout = 180} and {@code retry_delay} count seconds: read either way, a user's
     * 180 would silently mean the other unit, so a number other than 0 without one is refused.
     *
     * @param config the loaded configuration
     * @param path the key
     * @param shownPath the key as messages name it
     * @return the duration
     * @throws KartConfigException when the value is no duration, a number without a unit, or longer than
     *     {@link DurationText#LONGEST_HOCON} either way in HOCON's units (a longer one is written in ISO-8601)
     */
    static Duration duration(Config config, String path, String shownPath) {
        Duration read = durationUpToTheLongest(config, path, shownPath);
        if (read.equals(MOST_NEGATIVE_HOCON)) {
            String text = UnitlessNumber.strip(String.valueOf(config.getValue(path).unwrapped()));
            if (longerThanHoconHolds(text)) {
                throw tooLong(config, path, shownPath, text, null);
            }
        }
        return read;
    }

    /**
     * {@link #duration}, but a negative duration past the bound is read as Typesafe Config reads it, the most
     * negative it holds: for a key that takes no negative duration, whose range check then names what it takes.
     */
    private static Duration durationUpToTheLongest(Config config, String path, String shownPath) {
        Object written = read(config, path, shownPath, () -> config.getValue(path)).unwrapped();
        String text = UnitlessNumber.strip(String.valueOf(written));
        // a negative number is left to the range check, which says a duration must not be negative
        if ((written instanceof Number || written instanceof String) && !text.startsWith("-")
                && UnitlessNumber.isNonZero(text)) {
            throw ConfigValueError.of(config, path, shownPath, "is " + text + " without a unit, which would be read as "
                    + text + " milliseconds; write the unit, such as " + text + "s or " + text + "ms", null);
        }
        if (written instanceof String && ISO.matcher(text).lookingAt()) {
            // ISO-8601 (PT5M), as task parameters take it: Typesafe Config reads HOCON's units only
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw ConfigValueError.of(config, path, shownPath, "is '" + text + "', which is no ISO-8601 duration"
                        + " such as PT5M (or write 5m)", e);
            }
        }
        try {
            Duration read = config.getDuration(path);
            if (read.equals(DurationText.LONGEST_HOCON) && longerThanHoconHolds(text)) {
                throw tooLong(config, path, shownPath, text, null);
            }
            return read;
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            if (written instanceof String && longerThanHoconHolds(text)) {
                throw tooLong(config, path, shownPath, text, e);
            }
            // the library's words (No number in duration value 'abc') say what is wrong, not what would be right
            ConfigValue value = config.getValue(path);
            String found = value.valueType() != ConfigValueType.STRING ? ConfigValueError.described(value)
                    : text.isEmpty() ? "empty" : "'" + text + "'";
            throw ConfigValueError.of(config, path, shownPath, "is " + found + ", expected " + DURATION, e);
        } catch (ConfigException e) {
            throw ConfigValueError.of(config, path, shownPath, e);
        }
    }

    /**
     * Whether a HOCON duration counts more nanoseconds than a long holds, either way: Typesafe Config reads
     * {@code 1000000d} as the longest duration it holds (about 292 years) without a word, {@code -1000000d} as the
     * most negative, and refuses a count no long holds ({@code 9223372036854775808ns}) as no number. The bound is
     * the same both ways, so the one count a long holds only as a negative, {@code -9223372036854775808ns}, is
     * past it too.
     */
    private static boolean longerThanHoconHolds(String text) {
        Matcher parts = NUMBER_AND_UNIT.matcher(text);
        if (!parts.matches()) {
            return false;
        }
        Duration unit;
        try {
            // the unit as the library reads it (d, days, nanos...): one of it is far from the bound
            unit = ConfigFactory.empty().withValue("unit", ConfigValueFactory.fromAnyRef("1 " + parts.group(2)))
                    .getDuration("unit");
        } catch (ConfigException e) {
            return false;
        }
        return new BigDecimal(parts.group(1)).abs().multiply(BigDecimal.valueOf(unit.toNanos()))
                .compareTo(LONGEST_NANOS) > 0;
    }

    private static KartConfigException tooLong(Config config, String path, String shownPath, String text, Throwable cause) {
        // ISO-8601 is read by java.time, whole: the way to a longer duration, which a negative one has no use for
        String bound = text.startsWith("-")
                ? "at least -" + DurationText.LONGEST_HOCON.toDays() + "d (durations are read in nanoseconds, which a"
                        + " long counts up to " + DurationText.configValue(DurationText.LONGEST_HOCON)
                        + " either way, about 292 years)"
                : "at most " + DurationText.LONGEST_HOCON.toDays() + "d (durations are read in nanoseconds, which a long"
                        + " counts up to " + DurationText.configValue(DurationText.LONGEST_HOCON) + ", about 292 years;"
                        + " ISO-8601 holds a longer one, such as P1000000D)";
        return ConfigValueError.of(config, path, shownPath, "is '" + text + "', expected " + bound, cause);
    }

    static Duration positiveDuration(Config config, String path, boolean zeroAllowed) {
        // a negative one past the bound is negative all the same: refused below as what it is, not for its length
        Duration value = durationUpToTheLongest(config, path, path);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw ConfigValueError.of(config, path, "is " + config.getValue(path).unwrapped() + ", expected a "
                    + (zeroAllowed ? "non-negative" : "positive") + " duration such as 30s or 5m");
        }
        return value;
    }

    /** A positive duration, or empty when the key is null or absent (no limit). */
    static java.util.Optional<Duration> optionalPositiveDuration(Config config, String path) {
        if (!config.hasPath(path)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(positiveDuration(config, path, false));
    }

    static CollisionPolicy policy(Config config, String path) {
        String text = read(config, path, () -> config.getString(path));
        try {
            return CollisionPolicy.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigValueError.of(config, path, path, "is " + ConfigValueError.quoted(text) + ", expected "
                    + KeyExpectations.COLLISION_POLICY, e);
        }
    }

    /**
     * A list of strings; a string value, as {@code -D KEY=VALUE} gives every value on the command line, is read as
     * its elements separated by commas ({@code java.lang.*,trial.*}), as the Redis node lists are.
     */
    static List<String> strings(Config config, String path) {
        if (config.hasPath(path) && config.getValue(path).valueType() == ConfigValueType.STRING) {
            return Arrays.stream(config.getString(path).split(",")).map(String::strip).filter(element -> !element.isEmpty())
                    .toList();
        }
        return read(config, path, () -> config.getStringList(path));
    }
}
