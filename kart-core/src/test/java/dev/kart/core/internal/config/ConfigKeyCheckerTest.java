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

    /**
     * What a gokart user writes: a key of the section around the one it was put in, and the Python system's
     * own names; a name that means something else in an unrelated section is not suggested.
     */
    @Test
    void aKeyOfTheSectionAroundOrAPythonNameSuggestsKartsKey() {
        assertThatThrownBy(() -> check("kart.retry.workers", 2)).hasMessage("unknown config key 'kart.retry.workers'"
                + " (the command line); did you mean 'kart.workers'?");
        assertThatThrownBy(() -> check("kart.lock.should_lock_run", true)).hasMessage("unknown config key"
                + " 'kart.lock.should_lock_run' (the command line); did you mean 'kart.lock.run-all'?");
        assertThatThrownBy(() -> check("kart.lock.redis_fail_on_collision", true)).hasMessage("unknown config key"
                + " 'kart.lock.redis_fail_on_collision' (the command line); did you mean 'kart.lock.fail-on-collision'?");
        assertThatThrownBy(() -> check("kart.workspace_directory", "/data")).hasMessage("unknown config key"
                + " 'kart.workspace_directory' (the command line); did you mean 'kart.workspace'?");
        assertThatThrownBy(() -> check("kart.retry.prefix", "x")).as("kart.lock.prefix is in no section around it")
                .hasMessage("unknown config key 'kart.retry.prefix' (the command line); known keys here: [count, delay]");
        assertThatThrownBy(() -> check("kart.lock.redis_host", "h")).as("kart.lock.redis.host's module is not here")
                .hasMessageEndingWith("(the settings of lock backend 'redis_host' are known only when its module is on"
                        + " the class path; see docs/locks.md)");
    }

    /** As kart's -D gives a value, and as a file gives a number, a boolean or a list. */
    private void check(String path, Object value) {
        ConfigKeyChecker.check(ConfigFactory.parseMap(Map.of(path, value), "the command line").withFallback(reference)
                .resolve(), reference, List.of());
    }
}
