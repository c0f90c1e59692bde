package dev.kart.core.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CausesTest {
    @Test
    void findsTheFirstWantedErrorAmongAnErrorAndItsCauses() {
        IOException disk = new IOException("no space");
        RuntimeException wrapped = new RuntimeException("write failed", new IllegalStateException("publish", disk));

        assertThat(Causes.find(wrapped, IOException.class::isInstance)).containsSame(disk);
        assertThat(Causes.find(wrapped, RuntimeException.class::isInstance)).containsSame(wrapped);
        assertThat(Causes.find(wrapped, ClassNotFoundException.class::isInstance)).isEmpty();
        assertThat(Causes.find(null, error -> true)).isEmpty();
    }

    @Test
    void causesInACircleEndTheSearch() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(Causes.find(first, IOException.class::isInstance)).isEmpty();
        assertThat(Causes.find(first, error -> error.getMessage().equals("second"))).containsSame(second);
    }

    @Test
    void theDeepestCauseIsTheLastOneBeforeAChainEndsOrComesBack() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        IOException alone = new IOException("alone");
        IOException wrapped = new IOException("wrapped", new IllegalArgumentException("deep"));

        assertThat(Causes.deepest(first)).isSameAs(second);
        assertThat(Causes.deepest(second)).isSameAs(first);
        assertThat(Causes.deepest(alone)).isSameAs(alone);
        assertThat(Causes.deepest(wrapped)).hasMessage("deep");
    }
}
