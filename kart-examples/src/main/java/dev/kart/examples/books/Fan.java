package dev.kart.examples.books;

import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.List;

/** Builds one task per chapter of a book: the fan-out of the pipeline. */
final class Fan {
    private Fan() {
    }

    /**
     * @param book the book
     * @param perChapter creates the task of one chapter, given its number from 1
     * @param <T> the task type
     * @return one task per chapter, in chapter order
     */
    static <T> List<T> overChapters(Book book, IntFunction<T> perChapter) {
        return IntStream.rangeClosed(1, book.chapters()).mapToObj(perChapter).toList();
    }

    /**
     * @param name the parameter's name
     * @param value its value
     * @return the value
     * @throws IllegalArgumentException when it is below 1
     */
    static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " is " + value + ", expected at least 1");
        }
        return value;
    }
}
