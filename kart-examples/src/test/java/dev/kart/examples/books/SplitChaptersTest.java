package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@KartTest
class SplitChaptersTest {

    @ParameterizedTest
    @EnumSource(Book.class)
    void findsAsManyChaptersAsTheBookDeclaresNumberedFromOne(Book book, KartTestRuntime kart) {
        List<Chapter> chapters = kart.build(new SplitChapters(new ReadBook(book)));

        assertThat(chapters).hasSize(book.chapters());
        for (int i = 0; i < chapters.size(); i++) {
            assertThat(chapters.get(i).number()).isEqualTo(i + 1);
            assertThat(chapters.get(i).heading()).matches("(?i)chapter \\d+");
            assertThat(chapters.get(i).text()).isNotBlank().doesNotContainPattern("(?im)^chapter \\d+$");
        }
    }

    @Test
    void dropsTheFrontMatterAndTheClosingFinis(KartTestRuntime kart) {
        List<Chapter> pride = kart.build(new SplitChapters(new ReadBook(Book.PRIDE_AND_PREJUDICE)));
        List<Chapter> persuasion = kart.build(new SplitChapters(new ReadBook(Book.PERSUASION)));

        assertThat(pride.get(0).text()).startsWith("It is a truth universally acknowledged");
        assertThat(pride.get(60).text()).endsWith("had been the means of uniting them.");
        assertThat(persuasion.get(0).text()).startsWith("Sir Walter Elliot, of Kellynch Hall");
        assertThat(persuasion.get(23).text()).doesNotContain("Finis");
    }

    @Test
    void storesTheChaptersAsGzippedJson(KartTestRuntime kart) {
        SplitChapters split = new SplitChapters(new ReadBook(Book.PERSUASION));
        kart.build(split);

        assertThat(kart.outputPath(split).getFileName().toString()).endsWith(".json.gz");
        assertThat(kart.outputPath(new ReadBook(Book.PERSUASION)).getFileName().toString()).endsWith(".txt");
    }
}
