package dev.kart.examples.books;

import dev.kart.task.Default;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The most frequent pairs of neighbouring words in a book (stop words left out first, so
 * {@code "said Lady Catherine"} gives {@code lady catherine}). Fans in the words of every chapter;
 * stored as gzip-compressed CSV.
 *
 * @param book the book
 * @param top how many pairs
 * @param minLength the shortest word counted
 */
@OutputFormat("csv.gz")
public record TopBigrams(@Default("PRIDE_AND_PREJUDICE") Book book, @Default("20") int top,
        @Default("3") int minLength) implements Task<List<Bigram>> {

    /** Checks the numbers. */
    public TopBigrams {
        Fan.atLeastOne("top", top);
        Fan.atLeastOne("minLength", minLength);
    }

    /** @return the words of every chapter, in chapter order */
    public List<TokenizeChapter> tokens() {
        return Fan.overChapters(book, chapter -> TokenizeChapter.of(book, chapter, minLength));
    }

    @Override
    public List<Task<?>> requires() {
        return List.copyOf(tokens());
    }

    @Override
    public List<Bigram> run(RunContext ctx) {
        Map<List<String>, Long> counts = new HashMap<>();
        Map<List<String>, Set<Integer>> chapters = new HashMap<>();
        int chapter = 0;
        for (TokenizeChapter task : tokens()) {
            chapter++;
            List<String> words = ctx.load(task);
            for (int i = 1; i < words.size(); i++) {
                List<String> pair = List.of(words.get(i - 1), words.get(i));
                counts.merge(pair, 1L, Long::sum);
                chapters.computeIfAbsent(pair, ignored -> new HashSet<>()).add(chapter);
            }
        }
        List<Bigram> bigrams = new ArrayList<>();
        counts.forEach((pair, count) -> bigrams.add(new Bigram(pair.get(0), pair.get(1), count, chapters.get(pair).size())));
        bigrams.sort(Comparator.comparingLong(Bigram::count).reversed().thenComparing(Bigram::phrase));
        return List.copyOf(bigrams.subList(0, Math.min(top, bigrams.size())));
    }
}
