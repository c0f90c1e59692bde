package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.kart.config.KartConfigException;
import dev.kart.internal.text.DurationText;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Typed reads of config values. Durations: Typesafe Config reads HOCON's in nanoseconds, a long of them, and reads
 * one past that bound as the bound without a word; kart refuses it, either way, with the bound.
 */
class SettingsTest {
    private static final String KEY = "kart.lock.ttl";

    @Test
    void aDurationLongerThanALongOfNanosecondsIsRefusedWithTheBoundAndTheIsoFormThatHoldsIt() {
        assertThatThrownBy(() -> duration("1000000d")).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.ttl' (a test, line 1) is '1000000d', expected at most 106751d"
                        + " (durations are read in nanoseconds, which a long counts up to 9223372036854775807ns, about 292"
                        + " years; ISO-8601 holds a longer one, such as P1000000D)");
        assertThatThrownBy(() -> duration("9223372036854775808ns")).as("a count no long holds")
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("is '9223372036854775808ns', expected at most 106751d (");
    }

    @Test
    void theBoundIsReadAndIsoPastItIsReadWhole() {
        assertThat(duration("9223372036854775807ns")).isEqualTo(DurationText.LONGEST_HOCON);
        assertThat(duration("106751d")).isEqualTo(Duration.ofDays(106_751));
        assertThat(duration("P1000000D")).as("as the bound's message says").isEqualTo(Duration.ofDays(1_000_000));
    }

    /** Typesafe Config would read -1000000d as the most negative duration it holds, about -292 years. */
    @Test
    void aNegativeDurationPastTheBoundIsRefusedWithTheBound() {
        assertThatThrownBy(() -> duration("-1000000d")).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.ttl' (a test, line 1) is '-1000000d', expected at least -106751d"
                        + " (durations are read in nanoseconds, which a long counts up to 9223372036854775807ns either way,"
                        + " about 292 years)");
        assertThatThrownBy(() -> duration("-1e30s")).isInstanceOf(KartConfigException.class)
                .hasMessageContaining("is '-1e30s', expected at least -106751d (");
        assertThatThrownBy(() -> duration("-9223372036854775809ns")).as("a count no long holds")
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("is '-9223372036854775809ns', expected at least -106751d (");
        assertThat(duration("-106751d")).isEqualTo(Duration.ofDays(-106_751));
    }

    /** Where the key takes no negative duration, that it is negative is what the user is told. */
    @Test
    void aNegativeDurationPastTheBoundForAKeyThatTakesAPositiveOneIsRefusedAsNegative() {
        assertThatThrownBy(() -> Settings.positiveDuration(config("-1000000d"), KEY, false))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.lock.ttl' (a test, line 1) is -1000000d, expected a positive duration such"
                        + " as 30s or 5m");
    }

    private static Duration duration(String value) {
        return Settings.duration(config(value), KEY, KEY);
    }

    private static Config config(String value) {
        return ConfigFactory.parseString(KEY + " = \"" + value + "\"",
                ConfigParseOptions.defaults().setOriginDescription("a test"));
    }
}
