package dev.kart.examples.books;

import dev.kart.task.Default;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of one cleaned chapter in reading order: stop words and words shorter than
 * {@code minLength} left out, possessive {@code 's} cut ({@code darcy's} counts as {@code darcy}).
 *
 * @param text the cleaned chapter
 * @param minLength the shortest word kept, in letters
 */
public record TokenizeChapter(CleanChapter text, @Default("3") int minLength) implements Task<List<String>> {

    /** Checks the minimum length. */
    public TokenizeChapter {
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength " + minLength + " must be at least 1");
        }
    }

    /**
     * The tokenizer of one chapter with the whole chain before it.
     *
     * @param book the book
     * @param chapter the chapter, from 1
     * @param minLength the shortest word kept
     * @return the task
     */
    public static TokenizeChapter of(Book book, int chapter, int minLength) {
        return new TokenizeChapter(new CleanChapter(new SplitChapters(new ReadBook(book)), chapter), minLength);
    }

    @Override
    public List<String> run(RunContext ctx) {
        String cleaned = ctx.load(text);
        List<String> tokens = new ArrayList<>();
        for (String word : cleaned.split("\\s+")) {
            String token = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
            token = token.replace("'", "");
            if (token.length() >= minLength && !StopWords.contains(token)) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}
