package dev.kart.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultTest {

    @Test
    void printsOneLineWithKeysInTheOrderAdded() {
        Result result = Result.of("dag-cold-10k").with("tasks", 10_001).with("per_task_us", 123.456789)
                .with("ratio", 2.0).withVerdict("met", true).with("fs", "ext4");

        assertThat(result.line())
                .isEqualTo("RESULT scenario=dag-cold-10k tasks=10001 per_task_us=123.5 ratio=2 met=yes fs=ext4");
    }

    @Test
    void keepsFourSignificantDigitsWithoutExponents() {
        assertThat(Result.of("x").with("a", 2_495_123.0).with("b", 0.000123456).line())
                .isEqualTo("RESULT scenario=x a=2495000 b=0.0001235");
    }

    @Test
    void refusesValuesThatWouldBreakTheLine() {
        assertThatThrownBy(() -> Result.of("x").with("fs", "ext 4")).hasMessageContaining("'fs'");
        assertThatThrownBy(() -> Result.of("x").with("a", "b=c")).hasMessageContaining("without spaces or '='");
        assertThatThrownBy(() -> Result.of("x").with("Per Task", 1)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Result.of("x").with("a", 1).with("a", 2)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Result.of("x").with("scenario", "y")).hasMessageContaining("given twice");
    }
}
