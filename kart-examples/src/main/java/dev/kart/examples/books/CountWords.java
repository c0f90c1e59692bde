package dev.kart.examples.books;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How often each word occurs in one chapter. Stored as JSON and loaded back as a
 * {@code Map<String, Long>}, sorted by word.
 *
 * @param tokens the chapter's words
 */
public record CountWords(TokenizeChapter tokens) implements Task<Map<String, Long>> {

    /**
     * The count of one chapter with the whole chain before it.
     *
     * @param book the book
     * @param chapter the chapter, from 1
     * @param minLength the shortest word kept
     * @return the task
     */
    public static CountWords of(Book book, int chapter, int minLength) {
        return new CountWords(TokenizeChapter.of(book, chapter, minLength));
    }

    @Override
    public Map<String, Long> run(RunContext ctx) {
        List<String> words = ctx.load(tokens);
        Map<String, Long> counts = new TreeMap<>();
        for (String word : words) {
            counts.merge(word, 1L, Long::sum);
        }
        return counts;
    }
}
