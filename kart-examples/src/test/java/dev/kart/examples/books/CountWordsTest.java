package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@KartTest
class CountWordsTest {

    @Test
    void countsEveryWordOfTheChapterOnce(KartTestRuntime kart) {
        CountWords counts = CountWords.of(Book.PRIDE_AND_PREJUDICE, 1, 3);

        Map<String, Long> byWord = kart.build(counts);
        List<String> words = kart.build(counts.tokens());

        assertThat(byWord.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(words.size());
        assertThat(byWord).containsEntry("bennet", words.stream().filter("bennet"::equals).count());
        assertThat(List.copyOf(byWord.keySet())).isSorted();
    }

    @Test
    void aSecondBuildIsAnsweredFromTheCacheWithTheSameTypedValue(KartTestRuntime kart) {
        CountWords counts = CountWords.of(Book.PERSUASION, 2, 3);
        Map<String, Long> first = kart.build(counts);
        assertThat(kart.ran()).hasSize(5).endsWith(counts);

        Map<String, Long> second = kart.build(counts);

        assertThat(second).isEqualTo(first);
        assertThat(second.values()).allSatisfy(count -> assertThat(count).isInstanceOf(Long.class));
        assertThat(kart.ran()).isEmpty();
        assertThat(kart.lastReport().summary()).contains("1 was already complete");
    }
}
