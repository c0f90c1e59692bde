package dev.kart.examples.books;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import org.junit.jupiter.api.Test;

@KartTest
class CleanChapterTest {

    @Test
    void lowerCasesAndDropsPunctuationAndItalicsMarkersButKeepsApostrophesInWords() {
        assertThat(CleanChapter.clean("\"_You_ want to tell me--and I don't object,\" said Mr. Bennet's wife."))
                .isEqualTo("you want to tell me and i don't object said mr bennet's wife");
        assertThat(CleanChapter.clean("'Tis the girls' fault!")).isEqualTo("tis the girls fault");
    }

    @Test
    void writesOneParagraphALineInLowerCase(KartTestRuntime kart) {
        String cleaned = kart.build(new CleanChapter(new SplitChapters(new ReadBook(Book.PRIDE_AND_PREJUDICE)), 1));

        assertThat(cleaned).startsWith("it is a truth universally acknowledged that a single man in possession of a"
                + " good fortune must be in want of a wife\n");
        assertThat(cleaned).doesNotContainPattern("[A-Z_\",.;:!?]");
        assertThat(cleaned.lines()).allSatisfy(line -> assertThat(line).isNotBlank());
    }

    @Test
    void rejectsAChapterNumberBelowOne() {
        assertThatThrownBy(() -> new CleanChapter(new SplitChapters(new ReadBook(Book.PERSUASION)), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chapter 0");
    }
}
