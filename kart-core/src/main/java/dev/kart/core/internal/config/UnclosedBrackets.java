package dev.kart.core.internal.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Finds where a HOCON text opens a brace or bracket it never closes. Typesafe Config reports such a
 * file at its end, where nothing is to be seen; the line of the opening is where to look. Quoted
 * strings ({@code "..."}, {@code """..."""}), comments ({@code #}, {@code //}) and substitutions
 * ({@code ${...}}) are skipped, as the parser skips them.
 */
final class UnclosedBrackets {
    /** An opening never closed: {@code {}, {@code [} or {@code "} (of a {@code """} string), and its line, from 1. */
    record Opening(char bracket, int line) {
    }

    private UnclosedBrackets() {
    }

    /**
     * @param text a HOCON file's content
     * @param kind {@code {}, {@code [} or {@code "}, a {@code """} string: the kind the parser found open at the end
     * @return the first opening of that kind left unclosed at the end: the outermost, whose block holds the one
     *     that lacks its closing (itself or one opened after it); empty when every one of that kind is closed
     */
    static Optional<Opening> in(String text, char kind) {
        Deque<Opening> open = new ArrayDeque<>();
        int line = 1;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '#' || (c == '/' && i + 1 < length && text.charAt(i + 1) == '/')) {
                i = endOfLine(text, i) - 1;
            } else if (text.startsWith("\"\"\"", i)) {
                int end = text.indexOf("\"\"\"", i + 3);
                if (end < 0) {
                    // nothing after it is HOCON: the parser's error is this string's
                    return kind == '"' ? Optional.of(new Opening('"', line)) : Optional.empty();
                }
                end += 3;
                // the string ends at the last quote of a run of more than three
                while (end < length && text.charAt(end) == '"') {
                    end++;
                }
                line += newlines(text, i, end);
                i = end - 1;
            } else if (c == '"') {
                i = endOfQuoted(text, i);
            } else if (c == '$' && i + 1 < length && text.charAt(i + 1) == '{') {
                // a substitution ends on its line; one left open is the parser's to report
                int end = text.indexOf('}', i);
                i = end < 0 || end > endOfLine(text, i) ? endOfLine(text, i) - 1 : end;
            } else if (c == '{' || c == '[') {
                open.push(new Opening(c, line));
            } else if ((c == '}' || c == ']') && !open.isEmpty() && open.peek().bracket() == (c == '}' ? '{' : '[')) {
                open.pop();
            }
        }
        Opening outermost = null;
        for (Opening opening : open) {
            if (opening.bracket() == kind) {
                outermost = opening;
            }
        }
        return Optional.ofNullable(outermost);
    }

    private static int endOfLine(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }

    /** @return the index of the closing quote of the string opened at {@code from}, or of its line's end */
    private static int endOfQuoted(String text, int from) {
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                i++;
            } else if (c == '"') {
                return i;
            } else if (c == '\n') {
                // a quoted string ends with its line: the parser says so itself
                return i - 1;
            }
        }
        return text.length();
    }

    private static int newlines(String text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
