package dev.kart.examples.books;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/** The English stop words left out of counts, read once from {@code stop-words.txt}. */
final class StopWords {
    private static final Set<String> WORDS = load();

    private StopWords() {
    }

    /**
     * @param word a lower-case word
     * @return whether it is a stop word
     */
    static boolean contains(String word) {
        return WORDS.contains(word);
    }

    private static Set<String> load() {
        try (InputStream in = StopWords.class.getResourceAsStream("stop-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("stop-words.txt is missing next to " + StopWords.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stop-words.txt", e);
        }
    }
}
