package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void countsInsertionsDeletionsAndReplacements() {
        assertThat(EditDistance.between("workers", "workers")).isZero();
        assertThat(EditDistance.between("workrs", "workers")).isEqualTo(1);
        assertThat(EditDistance.between("", "ttl")).isEqualTo(3);
    }

    @Test
    void aSwapOfNeighboursIsOneEdit() {
        assertThat(EditDistance.between("tpo", "top")).isEqualTo(1);
        assertThat(EditDistance.between("krat", "kart")).isEqualTo(1);
        assertThat(EditDistance.between("wrokesr", "workers")).isEqualTo(2);
        // no character is edited twice: "ca" to "abc" is three edits, not two
        assertThat(EditDistance.between("ca", "abc")).isEqualTo(3);
    }

    @Test
    void aSlipIsTwoEditsOrAThirdOfTheTypedNameIfMore() {
        assertThat(EditDistance.mostForSlip("tpo")).isEqualTo(2);
        assertThat(EditDistance.mostForSlip("books.bookrepot")).isEqualTo(5);
    }

    @Test
    void theNearestKnownNameIsSuggestedOnlyWhenItIsASlip() {
        List<String> known = List.of("retry-count", "retry-delay", "size");

        assertThat(EditDistance.nearest("sise", known)).contains("size");
        assertThat(EditDistance.nearest("retry-cont", known)).contains("retry-count");
        assertThat(EditDistance.nearest("colour", known)).isEmpty();
        assertThat(EditDistance.nearest("anything", List.of())).isEmpty();
    }

    @Test
    void onATieTheFirstKnownNameWins() {
        assertThat(EditDistance.nearest("ab", List.of("ax", "ay"))).contains("ax");
    }
}
