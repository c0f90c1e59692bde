package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

@KartTest
class TopBigramsTest {

    @Test
    void findsTheBooksCharactersAsItsMostFrequentPairs(KartTestRuntime kart) {
        List<Bigram> bigrams = kart.build(new TopBigrams(Book.PRIDE_AND_PREJUDICE, 10, 3));

        assertThat(bigrams).hasSize(10);
        assertThat(bigrams).extracting(Bigram::count).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(bigrams).extracting(Bigram::phrase).startsWith("mrs bennet", "lady catherine", "miss bingley");
        assertThat(bigrams).allSatisfy(bigram -> assertThat(bigram.chapters()).isBetween(1, 61));
    }

    @Test
    void countsAPairWhereverItsWordsAreNeighbours(KartTestRuntime kart) {
        TopBigrams bigrams = new TopBigrams(Book.PERSUASION, 3, 3);
        Bigram top = kart.build(bigrams).get(0);

        long counted = 0;
        for (TokenizeChapter chapter : bigrams.tokens()) {
            List<String> words = kart.build(chapter);
            for (int i = 1; i < words.size(); i++) {
                if (words.get(i - 1).equals(top.first()) && words.get(i).equals(top.second())) {
                    counted++;
                }
            }
        }
        assertThat(top.count()).isEqualTo(counted);
    }

    @Test
    void isStoredAsGzippedCsv(KartTestRuntime kart) throws Exception {
        TopBigrams bigrams = new TopBigrams(Book.PERSUASION, 5, 3);
        kart.build(bigrams);

        assertThat(kart.outputPath(bigrams).getFileName().toString()).endsWith(".csv.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(kart.outputPath(bigrams)))) {
            String csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(csv.lines().findFirst()).hasValue("first,second,count,chapters");
            assertThat(csv.lines().count()).isEqualTo(6);
        }
    }
}
