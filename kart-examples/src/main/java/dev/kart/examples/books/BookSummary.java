package dev.kart.examples.books;

import java.util.List;

/**
 * The figures of a {@link BookReport}, as JSON for other programs.
 *
 * @param title the book's title
 * @param chapters its number of chapters
 * @param words how many words were counted (after stop words and short words were left out)
 * @param vocabulary how many distinct words
 * @param topWords the most frequent words, most frequent first
 * @param topBigrams the most frequent word pairs, most frequent first
 */
public record BookSummary(String title, int chapters, long words, int vocabulary, List<WordCount> topWords,
        List<Bigram> topBigrams) {
    /** Copies the lists. */
    public BookSummary {
        topWords = List.copyOf(topWords);
        topBigrams = List.copyOf(topBigrams);
    }
}
