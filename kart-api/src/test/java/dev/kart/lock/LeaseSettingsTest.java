package dev.kart.lock;

import static org.assertj.core.api.Assertions.assertThat;

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
}
