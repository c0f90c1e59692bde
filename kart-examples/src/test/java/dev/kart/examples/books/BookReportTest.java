package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kart.core.TaskState;
import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

@KartTest
class BookReportTest {

    @Test
    void reportsTheBooksFiguresAsTextAndAsJson(KartTestRuntime kart) throws Exception {
        BookReport report = new BookReport(Book.PERSUASION, 5, 3);

        String text = kart.build(report);
        BookSummary summary = new ObjectMapper()
                .readValue(kart.outputPath(report, BookReport.SUMMARY).toFile(), BookSummary.class);

        Map<String, Long> totals = new TreeMap<>();
        for (CountWords chapter : report.tfIdf().counts()) {
            kart.build(chapter).forEach((word, count) -> totals.merge(word, count, Long::sum));
        }
        assertThat(summary.title()).isEqualTo("Persuasion");
        assertThat(summary.chapters()).isEqualTo(24);
        assertThat(summary.vocabulary()).isEqualTo(totals.size());
        assertThat(summary.words()).isEqualTo(totals.values().stream().mapToLong(Long::longValue).sum());
        assertThat(summary.topWords()).hasSize(5).first().isEqualTo(new WordCount("anne",
                totals.values().stream().max(Long::compare).orElseThrow()));
        assertThat(summary.topBigrams()).hasSize(5);
        assertThat(text).startsWith("Persuasion\n==========\n")
                .contains("Most frequent words", "Most frequent word pairs", "Most distinctive words per chapter")
                .contains(summary.topBigrams().get(0).phrase());
        assertThat(kart.outputPath(report).getFileName().toString()).endsWith(".txt");
    }

    @Test
    void fansOutOverEveryChapterAndTheSecondBuildComesFromTheCache(KartTestRuntime kart) {
        BookReport report = new BookReport(Book.PERSUASION, 3, 3);
        kart.build(report);

        // read, split, 24 x (clean, tokenize, count), tf-idf, bigrams, report
        assertThat(kart.ran()).hasSize(2 + 24 * 3 + 3).endsWith(report);
        Set<String> extensions = new HashSet<>();
        for (var task : kart.ran()) {
            String name = kart.outputPath(task).getFileName().toString();
            extensions.add(name.substring(name.indexOf('.') + 1));
        }
        assertThat(extensions).containsExactlyInAnyOrder("txt", "json.gz", "json", "tsv", "csv.gz");

        kart.build(report);

        assertThat(kart.ran()).isEmpty();
        assertThat(kart.lastReport().outcomes()).singleElement()
                .satisfies(outcome -> assertThat(outcome.state()).isEqualTo(TaskState.ALREADY_COMPLETE));
        assertThat(kart.lastReport().summary()).contains("1 was already complete");
        assertThat(Files.exists(kart.outputPath(report, BookReport.SUMMARY))).isTrue();
    }
}
