package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * holder.lua's reply read as a run key: what a lock of either binding leaves there, and what another application's value
 * is told as, in the words of the acquire's refusals.
 */
class HolderReplyTest {
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void aMissingKeyOrALockOfEitherBindingIsNoOtherApplicationsValue() {
        assertThat(runKey(List.of(NOW, "none"))).as("missing").isNull();
        assertThat(runKey(List.of(NOW, "string", 5_000L, "42 1699999999000 host:12#3"))).as("the Jedis binding's lock").isNull();
        assertThat(runKey(List.of(NOW, "hash", 5_000L, "0f9e8d7c-6b5a-4321-8765-0123456789ab:281474976710657", "1")))
                .as("Redisson's lock").isNull();
        assertThat(runKey(List.of(NOW, "hash", 5_000L, "42 1699999999000 host:12#3", Long.toString(NOW + 5_000))))
                .as("kart's shared holders").isNull();
    }

    @Test
    void whatNoBindingWritesIsToldAsTheAcquireRefusesIt() {
        assertThat(runKey(List.of(NOW, "list"))).isEqualTo("holds a list");
        assertThat(runKey(List.of(NOW, "string", -1L, "42 1699999999000 host:12#3"))).isEqualTo("holds a string without expiry");
        assertThat(runKey(List.of(NOW, "string", 5_000L, "someone else's text")))
                .isEqualTo("holds a string that is no kart holder id");
        assertThat(runKey(List.of(NOW, "hash", 5_000L, "field", "value"))).isEqualTo("is a hash of no lock holders");
        assertThat(runKey(List.of(NOW, "hash", -1L, "0f9e8d7c-6b5a-4321-8765-0123456789ab:42", "1")))
                .as("Redisson's shape, but Redisson's lock always expires").isEqualTo("holds a hash without expiry");
    }

    @Test
    void aKeyOfAnotherKindHasNoHolders() {
        HolderReply reply = HolderReply.parse(List.of(NOW, "set"));
        assertThat(reply.kind()).isEqualTo("set");
        assertThat(reply.holdings()).isEmpty();
        assertThat(reply.holders("kart:run:ab")).isEmpty();
    }

    private static String runKey(List<?> reply) {
        return HolderReply.parse(reply).anotherApplicationsRunKeyValue().orElse(null);
    }
}
