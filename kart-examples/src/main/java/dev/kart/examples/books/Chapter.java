package dev.kart.examples.books;

import java.util.Objects;

/**
 * One chapter of a book.
 *
 * @param number its position in the book, from 1, counted across volumes
 * @param heading its heading as printed, such as {@code Chapter 12}
 * @param text its body, lines separated by {@code \n}
 */
public record Chapter(int number, String heading, String text) {
    /** Checks the values. */
    public Chapter {
        if (number < 1) {
            throw new IllegalArgumentException("chapter number " + number + " must be at least 1");
        }
        Objects.requireNonNull(heading, "heading");
        Objects.requireNonNull(text, "text");
    }
}
