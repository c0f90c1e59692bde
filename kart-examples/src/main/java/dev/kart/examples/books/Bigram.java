package dev.kart.examples.books;

/**
 * A pair of neighbouring words (after stop words are left out) and how often it occurs.
 *
 * @param first the first word
 * @param second the second word
 * @param count occurrences in the whole book
 * @param chapters how many chapters it occurs in
 */
public record Bigram(String first, String second, long count, int chapters) {
    /** @return the pair as text, such as {@code lady catherine} */
    public String phrase() {
        return first + " " + second;
    }
}
