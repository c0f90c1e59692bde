package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.util.List;
import org.junit.jupiter.api.Test;

@KartTest
class TokenizeChapterTest {

    @Test
    void leavesOutStopWordsAndShortWordsAndCutsPossessives(KartTestRuntime kart) {
        List<String> words = kart.build(TokenizeChapter.of(Book.PRIDE_AND_PREJUDICE, 1, 3));

        assertThat(words).startsWith("truth", "universally", "acknowledged", "single", "man", "possession", "good",
                "fortune", "want", "wife");
        assertThat(words).allSatisfy(word -> assertThat(word).hasSizeGreaterThanOrEqualTo(3).doesNotContain("'"));
        assertThat(words).doesNotContain("the", "and", "that", "her");
        assertThat(words).contains("bennet").doesNotContain("bennet's");
    }

    @Test
    void aLongerMinimumLengthKeepsFewerWordsAndIsAnotherCacheFile(KartTestRuntime kart) {
        TokenizeChapter three = TokenizeChapter.of(Book.PERSUASION, 3, 3);
        TokenizeChapter six = TokenizeChapter.of(Book.PERSUASION, 3, 6);

        List<String> short3 = kart.build(three);
        List<String> long6 = kart.build(six);

        assertThat(long6).isNotEmpty().allSatisfy(word -> assertThat(word).hasSizeGreaterThanOrEqualTo(6));
        assertThat(short3).containsAll(long6).hasSizeGreaterThan(long6.size());
        assertThat(kart.outputPath(six)).isNotEqualTo(kart.outputPath(three));
        assertThat(kart.ran()).containsExactly(six);
    }
}
