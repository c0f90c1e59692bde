package dev.kart.examples.books;

/**
 * A word's TF-IDF score in one chapter: how much more the chapter uses it than the book does.
 *
 * @param chapter the chapter, from 1
 * @param rank the word's rank in the chapter, from 1 (highest score)
 * @param term the word
 * @param count how often the chapter uses it
 * @param tfIdf term frequency in the chapter times the log of (chapters / chapters using the word)
 */
public record TermScore(int chapter, int rank, String term, long count, double tfIdf) {
}
