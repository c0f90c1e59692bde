package dev.kart.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseSettingsTest {
    /** The renew interval kart derives, a third of the TTL, reads rounded; one set reads as it was written. */
    @Test
    void aDerivedRenewIntervalReadsRoundedAndASetOneAsWritten() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofSeconds(100), "node-1");

        assertThat(lease).hasToString("prefix kart, ttl 100s, renew every 33.3s, owner node-1");
        assertThat(lease.withRenewInterval(Duration.ofMillis(1_500)))
                .hasToString("prefix kart, ttl 100s, renew every 1500ms, owner node-1");
    }

    /** What a message quoting the TTL names: kart.lock.ttl, unless a backend's own key replaced the TTL. */
    @Test
    void theTtlGoesWithTheKeyThatSetIt() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1");
        assertThat(lease.ttlKey()).isEqualTo("kart.lock.ttl");
        assertThat(lease.ttlSetting()).isEqualTo("kart.lock.ttl = 3m");

        LeaseSettings redis = lease.withTtl(Duration.ofMillis(1_500), "kart.lock.redis.timeout");
        assertThat(redis.ttlSetting()).isEqualTo("kart.lock.redis.timeout = 1500ms");
        assertThat(redis.renewInterval()).as("a renew interval not set follows the TTL").isEqualTo(Duration.ofMillis(500));
        assertThat(redis).hasToString("prefix kart, ttl 1500ms (kart.lock.redis.timeout), renew every 500ms, owner node-1");
        assertThat(redis.withPrefix("app").withOwner("node-2").withRenewInterval(Duration.ofMillis(200)).ttlKey())
                .as("the other copies keep it").isEqualTo("kart.lock.redis.timeout");
        assertThat(redis.withTtl(Duration.ofMinutes(3)).ttlSetting())
                .as("a TTL set without a key is kart.lock.ttl's").isEqualTo("kart.lock.ttl = 3m");

        assertThat(redis).isNotEqualTo(lease.withTtl(Duration.ofMillis(1_500)))
                .isEqualTo(lease.withTtl(Duration.ofMillis(1_500), "kart.lock.redis.timeout"))
                .hasSameHashCodeAs(lease.withTtl(Duration.ofMillis(1_500), "kart.lock.redis.timeout"));
        assertThatThrownBy(() -> lease.withTtl(Duration.ofSeconds(1), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TTL key ' '");
    }

    /** A TTL read from a config file is quoted as written there: 60s, not the 1m it equals. */
    @Test
    void aTtlReadFromAConfigIsQuotedAsWritten() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1");
        LeaseSettings written = lease.withTtl(Duration.ofSeconds(60), "kart.lock.ttl", " 60s ");

        assertThat(written.ttlSetting()).isEqualTo("kart.lock.ttl = 60s");
        assertThat(written).hasToString("prefix kart, ttl 60s, renew every 20s, owner node-1");
        assertThat(written.withOwner("node-2").withPrefix("p").withRenewInterval(Duration.ofSeconds(5)).ttlSetting())
                .as("the other copies keep it").isEqualTo("kart.lock.ttl = 60s");
        assertThat(written.withTtl(Duration.ofSeconds(60)).ttlSetting()).as("a TTL set in code is worded by kart")
                .isEqualTo("kart.lock.ttl = 1m");
        assertThat(written).isNotEqualTo(lease.withTtl(Duration.ofSeconds(60)))
                .isEqualTo(lease.withTtl(Duration.ofSeconds(60), "kart.lock.ttl", "60s"));
    }

    /** A plug-in that hands over blank text learns which key's text it was, and what it passed; null is an NPE. */
    @Test
    void aBlankTextAsWrittenIsRefusedNamingTheKeyAndTheTextReceived() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1");

        assertThatThrownBy(() -> lease.withTtl(Duration.ofSeconds(1), "kart.lock.redis.timeout", "   "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the text of kart.lock.redis.timeout as written must not be blank, got '   '");
        assertThatThrownBy(() -> lease.withTtl(Duration.ofSeconds(1), "kart.lock.redis.timeout", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("written");
    }

    /** A TTL left at its default is quoted as the defaults file writes it, saying so, until a key sets another. */
    @Test
    void aDefaultTtlSaysItIsTheDefault() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1")
                .withDefaultTtl(Duration.ofMinutes(3), " 180s ");

        assertThat(lease.ttlSetting()).isEqualTo("the default kart.lock.ttl = 180s");
        assertThat(lease.withOwner("node-2").withRenewInterval(Duration.ofSeconds(5)).endingWithProcess().ttlSetting())
                .as("the other copies keep it").isEqualTo("the default kart.lock.ttl = 180s");
        assertThat(lease.withTtl(Duration.ofSeconds(60), "kart.lock.redis.timeout", "60s").ttlSetting())
                .as("a backend's key that replaced it is no default").isEqualTo("kart.lock.redis.timeout = 60s");
        assertThat(lease.withTtl(Duration.ofMinutes(3)).ttlSetting()).isEqualTo("kart.lock.ttl = 3m");
        LeaseSettings set = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1")
                .withTtl(Duration.ofMinutes(3), "kart.lock.ttl", "180s");
        assertThat(lease).isNotEqualTo(set);
        assertThat(lease).as("unequal leases print unlike").hasToString("prefix kart, ttl 180s (default), renew every 1m,"
                + " owner node-1");
        assertThat(set).hasToString("prefix kart, ttl 180s, renew every 1m, owner node-1");
    }

    /** The default TTL's marker stands outside the setting, which stays one a config file takes back as it is. */
    @Test
    void aDefaultTtlSettingCanBePastedBackIntoAConfigFile() {
        String setting = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1")
                .withDefaultTtl(Duration.ofMinutes(3), "180s").ttlSetting();

        assertThat(setting).startsWith("the default ");
        assertThat(ConfigFactory.parseString(setting.substring("the default ".length()))
                .getDuration("kart.lock.ttl")).isEqualTo(Duration.ofMinutes(3));
    }

    /**
     * A renew interval set to a third of the TTL is not one that follows the TTL: they part when the TTL changes, and
     * messages ask to change different keys, so the two are unequal.
     */
    @Test
    void aRenewIntervalSetToAThirdOfTheTtlIsNotEqualToOneThatFollowsIt() {
        LeaseSettings following = LeaseSettings.of("kart", Duration.ofSeconds(60), "node-1");
        LeaseSettings set = following.withRenewInterval(Duration.ofSeconds(20));

        assertThat(set.renewInterval()).isEqualTo(following.renewInterval());
        assertThat(set).isNotEqualTo(following);
        assertThat(set.hashCode()).isNotEqualTo(following.hashCode());
        assertThat(set.withTtl(Duration.ofSeconds(90)).renewInterval())
                .isNotEqualTo(following.withTtl(Duration.ofSeconds(90)).renewInterval());
        assertThat(following.withRenewInterval(Duration.ofSeconds(20))).isEqualTo(set).hasSameHashCodeAs(set);
    }

    /** withDefaultTtl names what it refuses, as withTtl does. */
    @Test
    void aDefaultTtlWithoutTextIsRefusedNamingIt() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1");

        assertThatThrownBy(() -> lease.withDefaultTtl(Duration.ofMinutes(3), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("written");
        assertThatThrownBy(() -> lease.withDefaultTtl(Duration.ofMinutes(3), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the text of kart.lock.ttl as written must not be blank, got ' '");
    }

    /** Whether the renew interval was set, not whether it happens to equal a third of the TTL. */
    @Test
    void aRenewIntervalSetIsKnownEvenWhenItEqualsAThirdOfTheTtl() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofSeconds(60), "node-1");
        assertThat(lease.renewIntervalSet()).isFalse();
        assertThat(lease.withRenewInterval(Duration.ofSeconds(20)).renewIntervalSet()).isTrue();
        assertThat(lease.withoutRenewal().renewIntervalSet()).isTrue();
        assertThat(lease.withRenewInterval(Duration.ofSeconds(20)).withTtl(Duration.ofSeconds(90)).renewIntervalSet())
                .as("it does not follow the TTL").isTrue();
    }

    /** The in-memory backend's leases end with the process, and every copy keeps saying so. */
    @Test
    void leasesEndingWithTheProcessStaySoInEveryCopy() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofMinutes(3), "node-1");
        assertThat(lease.endsWithProcess()).as("a lock server's, by default").isFalse();

        LeaseSettings ending = lease.endingWithProcess();
        assertThat(ending.endsWithProcess()).isTrue();
        assertThat(ending.withTtl(Duration.ofSeconds(30)).withOwner("node-2").withPrefix("p").withoutRenewal()
                .endsWithProcess()).isTrue();
        assertThat(ending).isNotEqualTo(lease).isEqualTo(lease.endingWithProcess());
    }
}
