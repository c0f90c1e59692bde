package dev.kart.core.internal.config;

import java.util.regex.Pattern;

/**
 * Tells a duration written as a number alone, such as {@code 30}, {@code 1.5} or {@code 1e3}: Typesafe
 * Config reads it as milliseconds and luigi's {@code TimeDeltaParameter} as seconds, so kart asks for
 * the unit, in config values ({@code kart.retry.delay}) and task parameters alike.
 */
public final class UnitlessNumber {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern ZERO = Pattern.compile("[+-]?0*(\\.0*)?([eE][+-]?\\d+)?");

    private UnitlessNumber() {
    }

    /**
     * @param text a duration as written
     * @return whether it is a number other than zero (which needs no unit) without a unit, once stripped of
     *     the spaces Typesafe Config strips too: Unicode white space and spaces, the no-break ones and a
     *     byte-order mark among them
     */
    public static boolean isNonZero(String text) {
        String number = strip(text);
        return NUMBER.matcher(number).matches() && !ZERO.matcher(number).matches();
    }

    /**
     * @param text a duration as written
     * @return {@code text} without the leading and trailing spaces {@link #isNonZero} ignores
     */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }
}
