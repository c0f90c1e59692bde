package dev.kart.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> KNOWN = List.of("--top", "--book", "--min-length", "--workers", "--workspace", "--set",
            "-D", "-h");

    @Test
    void suggestsTheNameOneEditOrOneSwapAway() {
        assertThat(DidYouMean.closest("--tp", KNOWN)).contains("--top");
        assertThat(DidYouMean.closest("--tpo", KNOWN)).contains("--top");
        assertThat(DidYouMean.closest("--worker", KNOWN)).contains("--workers");
        assertThat(DidYouMean.closest("--wokrers", KNOWN)).contains("--workers");
        assertThat(DidYouMean.closest("--workspaces", KNOWN)).contains("--workspace");
        assertThat(DidYouMean.closest("--MIN-LENGHT", KNOWN)).contains("--min-length");
    }

    @Test
    void givesNoHintForNamesFurtherAwayOrTooShortToTell() {
        assertThat(DidYouMean.closest("--text", KNOWN)).isEmpty();
        assertThat(DidYouMean.closest("--chapter", KNOWN)).isEmpty();
        assertThat(DidYouMean.closest("-t", KNOWN)).isEmpty();
        assertThat(DidYouMean.closest("-d", KNOWN)).isEmpty();
    }

    @Test
    void theHintReadsAsAnAsideOrIsEmpty() {
        assertThat(DidYouMean.hint("--tpo", KNOWN)).isEqualTo(" (did you mean --top?)");
        assertThat(DidYouMean.hint("--text", KNOWN)).isEmpty();
    }

    @Test
    void aLongOptionInOtherLetterCaseIsSuggestedHoweverShort() {
        assertThat(DidYouMean.hint("--N", List.of("--n", "--top"))).isEqualTo(" (did you mean --n?)");
        assertThat(DidYouMean.hint("--M", List.of("--n", "--top"))).as("one letter, no case slip").isEmpty();
    }

    @Test
    void aNameNoSlipAwayGetsTheNamesStartingWithItsFirstWord() {
        List<String> options = List.of("--rerun", "--rerun-all", "--rerun-task", "--report", "--workers", "-D", "--set");

        assertThat(DidYouMean.hintOrSameFirstWord("--rerun-everything", options))
                .isEqualTo(" (did you mean one of --rerun, --rerun-all, --rerun-task?)");
        assertThat(DidYouMean.hintOrSameFirstWord("--workers-per-node", options)).isEqualTo(" (did you mean --workers?)");
        assertThat(DidYouMean.hintOrSameFirstWord("--rerun-alll", options)).as("a slip first")
                .isEqualTo(" (did you mean --rerun-all?)");
        assertThat(DidYouMean.hintOrSameFirstWord("--se-x", options)).as("a first word too short to tell").isEmpty();
        assertThat(DidYouMean.hintOrSameFirstWord("--text", options)).isEmpty();
    }
}
