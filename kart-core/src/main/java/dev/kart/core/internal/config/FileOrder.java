package dev.kart.core.internal.config;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts what is said about config keys in the order of the files that set them. Typesafe Config keeps an
 * object's keys in a hash map, so walking a parsed file meets them in no order of the file's, and a user
 * reading the warnings beside the file would have to hunt for each. Keys a file sets come first, by file,
 * then by line; keys that no line sets ({@code -D}, JVM system properties, environment variables) after
 * them, by name, so that each run says them in the same order. Two keys on one line are said by name.
 */
final class FileOrder {
    private FileOrder() {
    }

    /**
     * A message about a key, and where the value it is about was set.
     *
     * @param origin where the value was set, as the message names it
     * @param key the key's full path
     * @param message what is said
     */
    record Said(ConfigOrigin origin, String key, String message) {
    }

    /**
     * @param said messages about keys, in any order
     * @return the messages, in the order of the files' lines
     */
    static List<String> sorted(List<Said> said) {
        List<Said> ordered = new ArrayList<>(said);
        if (ordered.size() > 1) {
            ordered.sort(ByLine.INSTANCE);
        }
        List<String> messages = new ArrayList<>(ordered.size());
        for (Said one : ordered) {
            messages.add(one.message());
        }
        return messages;
    }

    /**
     * @param said messages about keys, at least one
     * @return the one about the key set first, in the order of {@link #sorted}
     */
    static Said first(List<Said> said) {
        Said first = said.get(0);
        for (Said one : said) {
            if (ByLine.INSTANCE.compare(one, first) < 0) {
                first = one;
            }
        }
        return first;
    }

    /** A class rather than a lambda: the comparator is made only when there are two warnings to order. */
    private static final class ByLine implements Comparator<Said> {
        static final ByLine INSTANCE = new ByLine();

        @Override
        public int compare(Said a, Said b) {
            boolean aLined = a.origin().lineNumber() >= 0;
            boolean bLined = b.origin().lineNumber() >= 0;
            if (aLined != bLined) {
                return aLined ? -1 : 1;
            }
            if (aLined) {
                int file = file(a.origin()).compareTo(file(b.origin()));
                if (file != 0) {
                    return file;
                }
                int line = Integer.compare(a.origin().lineNumber(), b.origin().lineNumber());
                if (line != 0) {
                    return line;
                }
            }
            return a.key().compareTo(b.key());
        }

        private static String file(ConfigOrigin origin) {
            if (origin.url() != null) {
                return origin.url().toExternalForm();
            }
            if (origin.filename() != null) {
                return origin.filename();
            }
            return origin.resource() != null ? origin.resource() : "";
        }
    }
}
