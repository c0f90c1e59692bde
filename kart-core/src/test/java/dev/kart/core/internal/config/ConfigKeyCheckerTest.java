package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.config.KartConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A value where kart expects an object is named in plain words, not by Typesafe Config's type names. */
class ConfigKeyCheckerTest {
    private final Config reference = ConfigFactory.defaultReference(getClass().getClassLoader());

    @Test
    void taskSectionsThatAreNoObjectSayWhatTheyAreInstead() {
        assertThatThrownBy(() -> check("kart.tasks", "abc")).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.tasks' (the command line) must be an object of task sections"
                        + " (kart.tasks.\"com.acme.Report\" { top = 5 }), found the string 'abc'");
        assertThatThrownBy(() -> check("kart.tasks", 3)).hasMessageEndingWith(", found the number 3");
        assertThatThrownBy(() -> check("kart.tasks", true)).hasMessageEndingWith(", found the boolean true");
        assertThatThrownBy(() -> check("kart.tasks", List.of("a", "b"))).hasMessageEndingWith(", found a list [ ... ]");
    }

    @Test
    void aSectionThatIsNoObjectSaysWhatItIsInstead() {
        assertThatThrownBy(() -> check("kart.retry", 3)).hasMessage("config key 'kart.retry' (the command line) must be"
                + " an object with keys [count, delay], found the number 3");
        assertThatThrownBy(() -> check("kart", "abc")).hasMessage("config key 'kart' (the command line) must be an object"
                + " ({ ... }), found the string 'abc'");
    }

    /** retry-count is how a task's section spells it, retry_count gokart's name. */
    @Test
    void aKeyWithASeparatorForADotSuggestsTheKeyItsPartsName() {
        assertThatThrownBy(() -> check("kart.retry-count", 2)).hasMessage("unknown config key 'kart.retry-count' (the"
                + " command line); did you mean 'kart.retry.count'?");
        assertThatThrownBy(() -> check("kart.retry_delay", "1s")).hasMessage("unknown config key 'kart.retry_delay'"
                + " (the command line); did you mean 'kart.retry.delay'?");
    }

    /** As kart's -D gives a value, and as a file gives a number, a boolean or a list. */
    private void check(String path, Object value) {
        ConfigKeyChecker.check(ConfigFactory.parseMap(Map.of(path, value), "the command line").withFallback(reference)
                .resolve(), reference);
    }
}
