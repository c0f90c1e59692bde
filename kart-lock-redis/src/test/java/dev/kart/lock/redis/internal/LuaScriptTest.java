package dev.kart.lock.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A script resource and its SHA-1, as EVALSHA needs it (Redis computes the same digest of the source). */
class LuaScriptTest {
    @Test
    void theSha1IsTheHexDigestOfTheSource() {
        LuaScript script = LuaScript.load("answer.lua", name -> LuaScriptTest.class.getResourceAsStream(name));
        assertThat(script.source()).isEqualTo("return 42\n");
        // printf 'return 42\n' | sha1sum
        assertThat(script.sha1()).isEqualTo("7f56514c404a51283e9b7dc68db6c96951daad64");
        assertThat(script).hasToString("answer.lua");
    }

    @Test
    void aMissingScriptIsAClearError() {
        assertThatThrownBy(() -> LuaScript.load("missing.lua", name -> LuaScriptTest.class.getResourceAsStream(name)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing.lua");
    }
}
