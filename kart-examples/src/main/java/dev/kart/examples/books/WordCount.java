package dev.kart.examples.books;

/**
 * A word and how often it occurs.
 *
 * @param word the word
 * @param count its occurrences
 */
public record WordCount(String word, long count) {
}
