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

    @Test
    void tenthsOfASecondRoundHalfUpAsPrintfDid() {
        assertThat(DurationText.of(Duration.ofMillis(1_000))).isEqualTo("1.0s");
        assertThat(DurationText.of(Duration.ofMillis(1_250))).isEqualTo("1.3s");
        assertThat(DurationText.of(Duration.ofMillis(1_249))).isEqualTo("1.2s");
        assertThat(DurationText.of(Duration.ofMillis(59_960))).isEqualTo("60.0s");
        assertThat(DurationText.of(Duration.ofSeconds(3_599))).isEqualTo("59m59s");
    }

    @Test
    void countdownsInWholeSecondsAndTheElapsedClockReadAsPeopleWriteThem() {
        assertThat(DurationText.wholeSeconds(Duration.ofMillis(900))).isEqualTo("0s");
        assertThat(DurationText.wholeSeconds(Duration.ofSeconds(9))).isEqualTo("9s");
        assertThat(DurationText.wholeSeconds(Duration.ofSeconds(171))).isEqualTo("2m51s");
        assertThat(DurationText.wholeSeconds(Duration.ofSeconds(3725))).isEqualTo("1h02m");
        assertThat(DurationText.clock(Duration.ofMillis(59_999))).isEqualTo("0:00:59");
        assertThat(DurationText.clock(Duration.ofSeconds(3 * 3600 + 7 * 60 + 5))).isEqualTo("3:07:05");
    }
}
