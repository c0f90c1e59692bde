package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.lock.HeldLock;
import dev.kart.lock.LockMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The holder record {@code token acquired-ms holder}, and the listing entries made from it. */
class HolderRecordTest {
    @Test
    void aRecordBecomesAListingEntry() {
        HolderRecord record = HolderRecord.parse("42 1700000000000 host:123#7").orElseThrow();
        assertThat(record).isEqualTo(new HolderRecord(42, 1_700_000_000_000L, "host:123#7"));
        HeldLock held = record.toHeldLock("kart:run:ab", LockMode.EXCLUSIVE, 1_700_000_002_500L, 900);
        assertThat(held).isEqualTo(new HeldLock("kart:run:ab", LockMode.EXCLUSIVE, "host:123#7", 42, Duration.ofMillis(2500),
                Duration.ofMillis(900)));
    }

    @Test
    void holderNamesMayHaveSpaces() {
        assertThat(HolderRecord.parse("1 2 node one#3").orElseThrow().holder()).isEqualTo("node one#3");
    }

    @Test
    void whatKartDidNotWriteIsNoRecord() {
        assertThat(HolderRecord.parse(null)).isEmpty();
        assertThat(HolderRecord.parse("someone-else")).isEmpty();
        assertThat(HolderRecord.parse("x 1 holder")).isEmpty();
    }

    @Test
    void negativeAgesAndTtlsShowAsZero() {
        HeldLock held = HolderRecord.parse("1 2000 h").orElseThrow().toHeldLock("k", LockMode.SHARED, 1000, -1);
        assertThat(held.age()).isZero();
        assertThat(held.ttlLeft()).isZero();
    }

    @Test
    void theServerTimeReplyInTextOrBytes() {
        assertThat(HolderRecord.serverMillis(List.of("1700000000", "123456"))).isEqualTo(1_700_000_000_123L);
        assertThat(HolderRecord.serverMillis(List.of("1700000000".getBytes(StandardCharsets.UTF_8),
                "999".getBytes(StandardCharsets.UTF_8)))).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void listingsGoByKeyThenToken() {
        List<HeldLock> held = new ArrayList<>(List.of(entry("b", 1), entry("a", 5), entry("a", 2)));
        held.sort(HolderRecord.ORDER);
        assertThat(held).extracting(lock -> lock.key() + lock.fencingToken()).containsExactly("a2", "a5", "b1");
    }

    private static HeldLock entry(String key, long token) {
        return new HeldLock(key, LockMode.SHARED, "h", token, Duration.ZERO, Duration.ZERO);
    }
}
