package dev.kart.core.internal.config;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts what is said about config keys in the order of the files that set them. Typesafe Config keeps an
 * object's keys in a hash map, so walking a parsed file meets them in no order of the file's, and a user
 * reading the warnings beside the file would have to hunt for each. Keys a file sets come first, the files in
 * the order kart loads them ({@link LoadOrder}: application.conf, then the {@code --config} file, a file one of
 * them includes with it), then by line; keys that no line sets ({@code -D}, JVM system properties, environment
 * variables) after them, by name, so that each run says them in the same order. Two keys on one line are said
 * by name.
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
    record KeyMessage(ConfigOrigin origin, String key, String message) {
    }

    /**
     * @param messages messages about keys of one source (one file and what it includes), in any order
     * @return the messages, in the order of the files' lines
     */
    static List<String> sorted(List<KeyMessage> messages) {
        List<KeyMessage> ordered = new ArrayList<>(messages);
        if (ordered.size() > 1) {
            ordered.sort(new ByLine(LoadOrder.NONE));
        }
        List<String> texts = new ArrayList<>(ordered.size());
        for (KeyMessage one : ordered) {
            texts.add(one.message());
        }
        return texts;
    }

    /**
     * @param messages messages about keys, at least one
     * @param sources the order in which the files that set them were loaded
     * @return the one about the key set first: in the source loaded first, then by file and line
     */
    static KeyMessage first(List<KeyMessage> messages, LoadOrder sources) {
        KeyMessage first = messages.get(0);
        ByLine byLine = new ByLine(sources);
        for (KeyMessage one : messages) {
            if (byLine.compare(one, first) < 0) {
                first = one;
            }
        }
        return first;
    }

    /** A class rather than a lambda: the comparator is made only when there are two messages to order. */
    private static final class ByLine implements Comparator<KeyMessage> {
        private final LoadOrder sources;

        ByLine(LoadOrder sources) {
            this.sources = sources;
        }

        @Override
        public int compare(KeyMessage a, KeyMessage b) {
            boolean aLined = a.origin().lineNumber() >= 0;
            boolean bLined = b.origin().lineNumber() >= 0;
            if (aLined != bLined) {
                return aLined ? -1 : 1;
            }
            if (aLined) {
                int source = Integer.compare(sources.rank(file(a.origin())), sources.rank(file(b.origin())));
                if (source != 0) {
                    return source;
                }
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
    }

    /**
     * @param origin where a value was set
     * @return the file it names, as {@link LoadOrder} tells files apart; empty for none
     */
    static String file(ConfigOrigin origin) {
        if (origin.url() != null) {
            return origin.url().toExternalForm();
        }
        if (origin.filename() != null) {
            return origin.filename();
        }
        return origin.resource() != null ? origin.resource() : "";
    }
}
