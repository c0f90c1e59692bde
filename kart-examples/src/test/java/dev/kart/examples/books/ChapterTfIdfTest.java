package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@KartTest
class ChapterTfIdfTest {

    @Test
    void ranksTheTopWordsOfEveryChapterByScore(KartTestRuntime kart) {
        List<TermScore> scores = kart.build(new ChapterTfIdf(Book.PERSUASION, 4, 3));

        Map<Integer, List<TermScore>> byChapter = scores.stream().collect(Collectors.groupingBy(TermScore::chapter));
        assertThat(byChapter).hasSize(Book.PERSUASION.chapters());
        byChapter.forEach((chapter, rows) -> {
            assertThat(rows).extracting(TermScore::rank).containsExactly(1, 2, 3, 4);
            assertThat(rows).extracting(TermScore::tfIdf).isSortedAccordingTo(Comparator.reverseOrder());
            assertThat(rows).allSatisfy(row -> assertThat(row.tfIdf()).isPositive());
        });
    }

    @Test
    void aWordThatEveryChapterUsesIsNeverDistinctive(KartTestRuntime kart) {
        ChapterTfIdf tfIdf = new ChapterTfIdf(Book.PERSUASION, 5, 3);
        List<TermScore> scores = kart.build(tfIdf);
        List<Map<String, Long>> counts = tfIdf.counts().stream().map(kart::build).toList();

        List<String> everywhere = counts.get(0).keySet().stream()
                .filter(word -> counts.stream().allMatch(chapter -> chapter.containsKey(word))).toList();

        assertThat(everywhere).isNotEmpty();
        assertThat(scores).extracting(TermScore::term).doesNotContainAnyElementsOf(everywhere);
        assertThat(scores).allSatisfy(row -> assertThat(row.count()).isEqualTo(counts.get(row.chapter() - 1).get(row.term())));
    }

    @Test
    void isStoredAsATsvTableWithAHeader(KartTestRuntime kart) throws Exception {
        ChapterTfIdf tfIdf = new ChapterTfIdf(Book.PERSUASION, 2, 3);
        kart.build(tfIdf);

        Path file = kart.outputPath(tfIdf);
        assertThat(file.getFileName().toString()).endsWith(".tsv");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("chapter\trank\tterm\tcount\ttfIdf");
        assertThat(lines).hasSize(1 + 2 * Book.PERSUASION.chapters());
    }
}
