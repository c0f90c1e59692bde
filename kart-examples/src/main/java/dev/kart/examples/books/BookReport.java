package dev.kart.examples.books;

import dev.kart.task.Default;
import dev.kart.task.NamedOutput;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The pipeline's end: a plain-text report on a book (size, vocabulary, most frequent words and
 * word pairs, and the three most distinctive words of each chapter by TF-IDF), and its figures as JSON in the
 * named output {@link #SUMMARY}. Run it with {@code kart run books.BookReport}.
 *
 * @param book the book
 * @param top how many words and word pairs the report lists
 * @param minLength the shortest word counted
 */
@OutputFormat("txt")
public record BookReport(@Default("PRIDE_AND_PREJUDICE") Book book, @Default("10") int top,
        @Default("3") int minLength) implements Task<String> {

    /** The report's figures, next to the text as {@code BookReport_{id}.summary.json}. */
    public static final NamedOutput<BookSummary> SUMMARY = NamedOutput.of("summary", "json", BookSummary.class);

    private static final int DISTINCTIVE_PER_CHAPTER = 3;

    /** Checks the numbers. */
    public BookReport {
        Fan.atLeastOne("top", top);
        Fan.atLeastOne("minLength", minLength);
    }

    /** @return the TF-IDF table this report draws on */
    public ChapterTfIdf tfIdf() {
        return new ChapterTfIdf(book, DISTINCTIVE_PER_CHAPTER, minLength);
    }

    /** @return the word pairs this report draws on */
    public TopBigrams bigrams() {
        return new TopBigrams(book, top, minLength);
    }

    @Override
    public List<Task<?>> requires() {
        List<Task<?>> dependencies = new ArrayList<>();
        dependencies.add(tfIdf());
        dependencies.add(bigrams());
        dependencies.addAll(tfIdf().counts());
        return dependencies;
    }

    @Override
    public List<NamedOutput<?>> namedOutputs() {
        return List.of(SUMMARY);
    }

    @Override
    public String run(RunContext ctx) {
        Map<String, Long> totals = new TreeMap<>();
        for (CountWords chapter : tfIdf().counts()) {
            ctx.load(chapter).forEach((word, count) -> totals.merge(word, count, Long::sum));
        }
        List<WordCount> topWords = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(top).map(e -> new WordCount(e.getKey(), e.getValue())).toList();
        List<Bigram> topBigrams = ctx.load(bigrams());
        long words = totals.values().stream().mapToLong(Long::longValue).sum();
        BookSummary summary = new BookSummary(book.title(), book.chapters(), words, totals.size(), topWords, topBigrams);
        ctx.dump(SUMMARY, summary);
        return render(summary, ctx.load(tfIdf()));
    }

    private String render(BookSummary summary, List<TermScore> distinctive) {
        StringBuilder out = new StringBuilder();
        out.append(summary.title()).append('\n').append("=".repeat(summary.title().length())).append("\n\n");
        out.append(String.format(Locale.ROOT, "%d chapters, %,d words counted, %,d distinct%n", summary.chapters(),
                summary.words(), summary.vocabulary()));
        out.append(String.format(Locale.ROOT, "(words of at least %d letters, common English function words left out)%n%n",
                minLength));
        out.append("Most frequent words\n");
        int rank = 0;
        for (WordCount word : summary.topWords()) {
            out.append(String.format(Locale.ROOT, "%4d. %-20s %,7d%n", ++rank, word.word(), word.count()));
        }
        out.append("\nMost frequent word pairs\n");
        rank = 0;
        for (Bigram bigram : summary.topBigrams()) {
            out.append(String.format(Locale.ROOT, "%4d. %-28s %,5d in %d chapters%n", ++rank, bigram.phrase(),
                    bigram.count(), bigram.chapters()));
        }
        out.append("\nMost distinctive words per chapter (TF-IDF)\n");
        Map<Integer, String> byChapter = distinctive.stream().collect(Collectors.groupingBy(TermScore::chapter,
                TreeMap::new, Collectors.mapping(TermScore::term, Collectors.joining(", "))));
        byChapter.forEach((chapter, terms) -> out.append(String.format(Locale.ROOT, "%4d  %s%n", chapter, terms)));
        return out.toString();
    }
}
