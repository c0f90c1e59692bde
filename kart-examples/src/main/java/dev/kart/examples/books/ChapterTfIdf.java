package dev.kart.examples.books;

import dev.kart.task.Default;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words that set each chapter apart from the rest of the book, by TF-IDF, {@code top} per
 * chapter. Fans in the word counts of every chapter; stored as a TSV table with a header.
 *
 * @param book the book
 * @param top how many words per chapter
 * @param minLength the shortest word counted
 */
@OutputFormat("tsv")
public record ChapterTfIdf(@Default("PRIDE_AND_PREJUDICE") Book book, @Default("5") int top,
        @Default("3") int minLength) implements Task<List<TermScore>> {

    /** Checks the numbers. */
    public ChapterTfIdf {
        Fan.atLeastOne("top", top);
        Fan.atLeastOne("minLength", minLength);
    }

    /** @return the word counts of every chapter, in chapter order */
    public List<CountWords> counts() {
        return Fan.overChapters(book, chapter -> CountWords.of(book, chapter, minLength));
    }

    @Override
    public List<Task<?>> requires() {
        return List.copyOf(counts());
    }

    @Override
    public List<TermScore> run(RunContext ctx) {
        // every chapter's cache lock taken and released together (on Redis over Jedis, one round trip each way)
        List<Map<String, Long>> chapters = ctx.loadAll(counts());
        Map<String, Integer> chaptersUsing = new HashMap<>();
        chapters.forEach(counts -> counts.keySet().forEach(word -> chaptersUsing.merge(word, 1, Integer::sum)));
        List<TermScore> scores = new ArrayList<>();
        for (int i = 0; i < chapters.size(); i++) {
            Map<String, Long> counts = chapters.get(i);
            double total = counts.values().stream().mapToLong(Long::longValue).sum();
            List<Map.Entry<String, Double>> ranked = new ArrayList<>();
            counts.forEach((word, count) -> ranked.add(Map.entry(word,
                    count / total * Math.log((double) chapters.size() / chaptersUsing.get(word)))));
            ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()));
            for (int rank = 0; rank < Math.min(top, ranked.size()); rank++) {
                Map.Entry<String, Double> entry = ranked.get(rank);
                scores.add(new TermScore(i + 1, rank + 1, entry.getKey(), counts.get(entry.getKey()),
                        Math.round(entry.getValue() * 1e6) / 1e6));
            }
        }
        ctx.log().info("{}: {} distinctive words over {} chapters", book.title(), scores.size(), chapters.size());
        return scores;
    }
}
