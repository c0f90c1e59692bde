package dev.kart.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The figures of one scenario, printed as one line:
 * {@code RESULT scenario=<name> key=value ...}, keys in the order they were added. Decimal values
 * keep four significant digits. Immutable.
 */
public final class Result {
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");
    private static final MathContext DIGITS = new MathContext(4);

    private final String scenario;
    private final Map<String, String> values;

    private Result(String scenario, Map<String, String> values) {
        this.scenario = scenario;
        this.values = values;
    }

    /**
     * @param scenario the scenario's name
     * @return a result without figures yet
     */
    public static Result of(String scenario) {
        return new Result(scenario, Map.of());
    }

    /**
     * @param key a lower-case key, such as {@code per_task_us}
     * @param value a whole number
     * @return a copy with the figure added
     */
    public Result with(String key, long value) {
        return with(key, Long.toString(value));
    }

    /**
     * @param key a lower-case key
     * @param value a decimal number, printed with four significant digits
     * @return a copy with the figure added
     */
    public Result with(String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return with(key, Double.toString(value));
        }
        return with(key, new BigDecimal(value).round(DIGITS).stripTrailingZeros().toPlainString());
    }

    /**
     * @param key a lower-case key
     * @param value a word without spaces or {@code =}
     * @return a copy with the figure added
     * @throws IllegalArgumentException when the key is malformed or used already, or the value has
     *     spaces or {@code =}
     */
    public Result with(String key, String value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("result key '" + key + "' is malformed; expected lower case and _");
        }
        if (key.equals("scenario") || values.containsKey(key)) {
            throw new IllegalArgumentException("result key '" + key + "' is given twice in scenario " + scenario);
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=')) {
            throw new IllegalArgumentException("value of '" + key + "' in scenario " + scenario + " is '" + value
                    + "'; expected a non-empty word without spaces or '='");
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new Result(scenario, copy);
    }

    /**
     * @param key a lower-case key
     * @param met whether a target was met
     * @return a copy with {@code key=yes} or {@code key=no}
     */
    public Result withVerdict(String key, boolean met) {
        return with(key, met ? "yes" : "no");
    }

    /** @return the scenario's name */
    public String scenario() {
        return scenario;
    }

    /** @return the figures, in the order added */
    public Map<String, String> values() {
        return values;
    }

    /** @return {@code RESULT scenario=<name> key=value ...} */
    public String line() {
        StringBuilder line = new StringBuilder("RESULT scenario=").append(scenario);
        values.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }

    @Override
    public String toString() {
        return line();
    }
}
