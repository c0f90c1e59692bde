package dev.kart.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
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
        assertThat(DurationText.of(Duration.ofMillis(59_949))).isEqualTo("59.9s");
        assertThat(DurationText.of(Duration.ofSeconds(3_599))).isEqualTo("59m59s");
    }

    /** A measured time reads to its nearest value in every unit, and none reads full: never 60.0s nor 60m. */
    @Test
    void aMeasuredTimeRoundsToTheNearestInEveryUnitAndCarriesIntoTheNextUnit() {
        assertThat(DurationText.of(Duration.ofMillis(59_950))).isEqualTo("1m00s");
        assertThat(DurationText.of(Duration.ofMillis(59_999))).isEqualTo("1m00s");
        assertThat(DurationText.of(Duration.ofMillis(60_000))).isEqualTo("1m00s");
        assertThat(DurationText.of(Duration.ofNanos(999_500_000))).isEqualTo("1.0s");
        assertThat(DurationText.of(Duration.ofNanos(999_499_999))).isEqualTo("999ms");
        // above a minute as below it: 2m05.9s is nearer 2m06s
        assertThat(DurationText.of(Duration.ofMillis(125_900))).isEqualTo("2m06s");
        assertThat(DurationText.of(Duration.ofMillis(125_499))).isEqualTo("2m05s");
        assertThat(DurationText.of(Duration.ofMillis(3_599_500))).isEqualTo("1h00m");
        assertThat(DurationText.of(Duration.ofSeconds(3_600 + 5 * 60 + 30))).isEqualTo("1h06m");
        assertThat(DurationText.of(Duration.ofMillis((3_600 + 5 * 60 + 29) * 1000L + 999))).isEqualTo("1h05m");
    }

    /** A countdown never shows more time than is left: each unit truncated, unlike a measured time. */
    @Test
    void aCountdownTruncatesInEveryUnit() {
        assertThat(DurationText.wholeSeconds(Duration.ofMillis(59_999))).isEqualTo("59s");
        assertThat(DurationText.wholeSeconds(Duration.ofMillis(125_900))).isEqualTo("2m05s");
        assertThat(DurationText.wholeSeconds(Duration.ofMillis(3_599_999))).isEqualTo("59m59s");
        assertThat(DurationText.wholeSeconds(Duration.ofSeconds(3_600 + 5 * 60 + 59))).isEqualTo("1h05m");
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

    @Test
    void aConfiguredValueReadsAsHoconWritesItInItsLargestWholeUnit() {
        assertThat(DurationText.configValue(Duration.ofMillis(5_000))).isEqualTo("5s");
        assertThat(DurationText.configValue(Duration.ofMillis(1_000))).isEqualTo("1s");
        assertThat(DurationText.configValue(Duration.ofMillis(1_500))).isEqualTo("1500ms");
        assertThat(DurationText.configValue(Duration.ofSeconds(174))).isEqualTo("174s");
        assertThat(DurationText.configValue(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(DurationText.configValue(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.configValue(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(DurationText.configValue(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(DurationText.configValue(Duration.ofNanos(250_000))).isEqualTo("250us");
        assertThat(DurationText.configValue(Duration.ofNanos(1_000_000_001))).isEqualTo("1000000001ns");
        assertThat(DurationText.configValue(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationText.configValue(Duration.ofMillis(-1_500))).isEqualTo("-1500ms");
    }

    /**
     * Up to the longest duration HOCON holds, a long of nanoseconds (about 292 years), in the unit that holds it
     * whole however close to the bound; past it, whole in ISO-8601, the only form it can have been written in.
     */
    @Test
    void aConfiguredValueReadsWholeUpToTheLongestHoconHoldsAndInIsoPastIt() {
        assertThat(DurationText.configValue(DurationText.LONGEST_HOCON)).isEqualTo("9223372036854775807ns");
        assertThat(DurationText.configValue(Duration.ofNanos(Long.MAX_VALUE - 807))).isEqualTo("9223372036854775us");
        assertThat(DurationText.configValue(Duration.ofSeconds(9_223_372_036L))).isEqualTo("9223372036s");
        assertThat(DurationText.configValue(Duration.ofDays(106_751))).isEqualTo("106751d");
        assertThat(DurationText.configValue(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo("-9223372036854775808ns");
        assertThat(DurationText.configValue(Duration.ofDays(-106_751))).isEqualTo("-106751d");

        // 2e10 s is about 634 years: no HOCON duration holds it, ISO-8601 holds it to the nanosecond
        assertThat(DurationText.configValue(Duration.ofSeconds(20_000_000_000L, 1))).isEqualTo("PT5555555H33M20.000000001S");
        assertThat(DurationText.configValue(DurationText.LONGEST_HOCON.plusNanos(1))).isEqualTo("PT2562047H47M16.854775808S");
        assertThat(DurationText.configValue(Duration.ofDays(1_000_000))).isEqualTo("PT24000000H");
        assertThat(DurationText.configValue(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)))
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999).toString());
        assertThat(DurationText.configValue(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo("PT-2562047788015215H-30M-8S");
        for (Duration value : List.of(Duration.ofSeconds(20_000_000_000L, 1), Duration.ofDays(1_000_000),
                Duration.ofSeconds(Long.MIN_VALUE), Duration.ofSeconds(-20_000_000_000L, -1_000))) {
            assertThat(Duration.parse(DurationText.configValue(value))).as("read back as kart reads ISO-8601").isEqualTo(value);
        }
    }

    @Test
    void aConfiguredValueReadsBackAsTheSameDurationInHocon() {
        for (Duration value : List.of(Duration.ofMillis(1_500), Duration.ofSeconds(174), Duration.ofMinutes(2),
                Duration.ofMinutes(90), Duration.ofDays(7), Duration.ofNanos(250_000), Duration.ofNanos(1_000_000_001),
                Duration.ZERO, DurationText.LONGEST_HOCON, Duration.ofDays(106_751), Duration.ofSeconds(9_223_372_036L))) {
            String text = DurationText.configValue(value);
            assertThat(ConfigFactory.parseString("kart.interrupt-grace = " + text).getDuration("kart.interrupt-grace"))
                    .as(text).isEqualTo(value);
        }
    }

    /** A third of a TTL is no whole number of milliseconds: it reads to its tenth of a second, not in nanoseconds. */
    @Test
    void aDerivedValueReadsRoundedDownUnlessItIsWholeInMilliseconds() {
        assertThat(DurationText.derivedValue(Duration.ofSeconds(100).dividedBy(3))).isEqualTo("33.3s");
        assertThat(DurationText.derivedValue(Duration.ofSeconds(2).dividedBy(3))).isEqualTo("666ms");
        assertThat(DurationText.derivedValue(Duration.ofSeconds(1000).dividedBy(3))).isEqualTo("333.3s");
        assertThat(DurationText.derivedValue(Duration.ofMinutes(3).dividedBy(3))).isEqualTo("1m");
        assertThat(DurationText.derivedValue(Duration.ofMillis(4_500).dividedBy(3))).isEqualTo("1500ms");
        assertThat(DurationText.derivedValue(Duration.ofNanos(333))).isEqualTo("333ns");
        // a third of kart.lock.ttl = 1ms, not 333333ns
        assertThat(DurationText.derivedValue(Duration.ofMillis(1).dividedBy(3))).isEqualTo("333us");
        assertThat(DurationText.derivedValue(Duration.ofNanos(1_500))).isEqualTo("1us");
        assertThat(DurationText.derivedValue(Duration.ofNanos(250_000))).isEqualTo("250us");
        // HOCON reads it back (as a double: 33.299999999s), under the value it stands for
        Duration third = Duration.ofSeconds(100).dividedBy(3);
        assertThat(ConfigFactory.parseString("kart.lock.renew-interval = " + DurationText.derivedValue(third))
                .getDuration("kart.lock.renew-interval")).isBetween(Duration.ofMillis(33_299), third);
    }
}
