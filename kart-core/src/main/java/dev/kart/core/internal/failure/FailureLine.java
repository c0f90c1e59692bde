package dev.kart.core.internal.failure;

import dev.kart.KartException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * A failure in one line, as the build summary, the retry warning and {@code kart info} show it; the
 * whole stack trace is kept in task info and printed with {@code -v}.
 */
public final class FailureLine {
    // a client library's or a task's message can be a page long (a script, a query, a document); the
    // line keeps the first line of it
    private static final int FOREIGN_MESSAGE_CHARS = 200;
    private static final int QUOTED_START_CHARS = 32;

    private FailureLine() {
    }

    /**
     * @param error a failed task's error
     * @return one line: for kart's own errors ({@link KartException}), the class and message, which
     *     name the thing at fault, then the deepest cause that has a message when the message does not
     *     quote it already;
     *     for any other error, the deepest cause's class and message, which is what a user has to
     *     fix, then the message of the outermost error with words of its own in parentheses; when that
     *     message holds the whole of the cause's (a wrapper's "could not load input /x" around "/x"), the
     *     cause's class and that message, which says more. A wrapper that only repeats its cause's text,
     *     or has no message, is passed over; errors between the outermost with words and the deepest
     *     cause are not shown (task info and {@code -v} keep them)
     */
    public static String of(Throwable error) {
        Throwable root = rootCause(error);
        if (error instanceof KartException) {
            String message = firstLine(error.getMessage(), Integer.MAX_VALUE);
            String text = error.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
            // the cause with words, deepest first: one without a message (a closed channel) adds only its class
            Throwable cause = error.getCause() == null ? null : deepestWithMessage(error.getCause()).orElse(root);
            if (cause == null || quotesAnyCause(message, error.getCause())) {
                return text;
            }
            String causeMessage = firstLine(cause.getMessage(), FOREIGN_MESSAGE_CHARS);
            return text + ": " + cause.getClass().getSimpleName() + (causeMessage.isEmpty() ? "" : ": " + causeMessage);
        }
        String rootMessage = firstLine(root.getMessage(), FOREIGN_MESSAGE_CHARS);
        String rootText = root.getClass().getSimpleName() + (rootMessage.isEmpty() ? "" : ": " + rootMessage);
        // new RuntimeException(cause) takes the cause's text as its message, and one without a message has no
        // words: the outermost error with words of its own speaks for the task
        Throwable wrapper = Causes.find(error, e -> e == root || !repeatsItsCause(e) && !firstLine(e.getMessage(),
                FOREIGN_MESSAGE_CHARS).isEmpty()).orElse(root);
        String message = wrapper == root ? "" : firstLine(wrapper.getMessage(), FOREIGN_MESSAGE_CHARS);
        if (message.isEmpty() || message.equals(rootMessage)) {
            return rootText;
        }
        String rootWhole = firstLine(root.getMessage(), Integer.MAX_VALUE);
        if (quotesAsWords(message, rootWhole, true)) {
            // "could not load input /x" around the cause's "/x": the task's words hold all of the cause's, and more
            return root.getClass().getSimpleName() + ": " + message;
        }
        String start = quotedStart(root);
        if (quotesAsWords(message, start, start.length() == rootWhole.length())) {
            // the task's words quote the cause's, cut at the line's end: the cause's own text says it whole
            return rootText;
        }
        return rootText + " (" + message + ")";
    }

    /**
     * Whether a line holds a text as words of its own ({@code "closed"} is not in {@code "closed_orders.csv"}).
     *
     * @param wholeText whether the text ends where its words do; a text cut short may end inside a word
     */
    private static boolean quotesAsWords(String line, String text, boolean wholeText) {
        if (text.isEmpty()) {
            return false;
        }
        for (int at = line.indexOf(text); at >= 0; at = line.indexOf(text, at + 1)) {
            int end = at + text.length();
            if ((at == 0 || !isWordPart(line.charAt(at - 1)))
                    && (!wholeText || end == line.length() || !isWordPart(line.charAt(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Whether an error's message is only its cause's text, as {@code new RuntimeException(cause)} makes it. */
    private static boolean repeatsItsCause(Throwable error) {
        return error.getCause() != null && firstLine(error.getMessage(), Integer.MAX_VALUE)
                .equals(firstLine(error.getCause().toString(), Integer.MAX_VALUE));
    }

    /**
     * Whether a message quotes a cause already, as kart's messages do with what a library said: its
     * start is enough, since kart keeps only the first words of a library's long messages.
     */
    private static boolean saysAlready(String message, Throwable cause) {
        return message.contains(quotedStart(cause));
    }

    /** The start of a cause's message that a quote of it holds, or its class's name when it has no message. */
    private static String quotedStart(Throwable cause) {
        String causeMessage = firstLine(cause.getMessage(), Integer.MAX_VALUE);
        // without a closing full stop, which a quote in the middle of kart's sentence drops
        return causeMessage.isEmpty() ? cause.getClass().getSimpleName()
                : causeMessage.substring(0, Math.min(causeMessage.length(), QUOTED_START_CHARS)).replaceAll("[.!]+$", "");
    }

    /**
     * Whether kart's message quotes any error of the chain already, a suppressed one included: Jedis
     * keeps the socket's "Connection refused" as a suppressed error of its "Failed to connect to
     * host:port.", and kart's lock messages quote the socket's words (kart-lock-redis RedisFailures).
     */
    private static boolean quotesAnyCause(String message, Throwable cause) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = cause; current != null && seen.add(current); current = current.getCause()) {
            if (saysAlready(message, current)) {
                return true;
            }
            for (Throwable suppressed : current.getSuppressed()) {
                if (saysAlready(message, suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Throwable> deepestWithMessage(Throwable error) {
        Throwable found = null;
        // each error once: a task's exceptions may chain their causes in a circle
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = error; current != null && seen.add(current); current = current.getCause()) {
            if (!firstLine(current.getMessage(), Integer.MAX_VALUE).isEmpty()) {
                found = current;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Throwable rootCause(Throwable error) {
        return Causes.deepest(error);
    }

    private static String firstLine(String message, int maxChars) {
        String line = message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                .orElse("");
        return line.length() <= maxChars ? line : line.substring(0, maxChars) + "...";
    }
}
