package dev.kart.cli.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void durationsAreShortAndReadable() {
        assertThat(DurationText.of(Duration.ofMillis(850))).isEqualTo("850ms");
        assertThat(DurationText.of(Duration.ofMillis(3_900))).isEqualTo("3.9s");
        assertThat(DurationText.of(Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(DurationText.of(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(DurationText.of(Duration.ofMinutes(185))).isEqualTo("3h05m");
    }
}
