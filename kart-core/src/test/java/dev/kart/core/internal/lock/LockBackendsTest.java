package dev.kart.core.internal.lock;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.inmemory.InMemoryLockBackendProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sections of the backends a run does not choose are checked by their providers, whose failures name them. */
class LockBackendsTest {
    private static final Config CONFIG = ConfigFactory.parseString("kart.lock.backend = in-memory");
    private final LockBackendProvider chosen = new InMemoryLockBackendProvider();

    @Test
    void aKeysErrorOfAnotherBackendReachesTheUserAsItIs() {
        KartConfigException thrown = new KartConfigException("config key 'kart.lock.other.port' is 0, expected 1 to 65535");

        assertThatThrownBy(() -> LockBackends.checkOthers(chosen, List.of(chosen, checking("other", thrown)), CONFIG))
                .isSameAs(thrown);
    }

    /** A bug in a backend the run does not use would otherwise stop it with a trace naming nothing the user set. */
    @Test
    void anyOtherFailureOfAnotherBackendsCheckIsAConfigErrorNamingTheBackendAndItsSection() {
        IllegalStateException thrown = new IllegalStateException("client library refused\n\tat a long trace");
        LockBackendProvider broken = checking("broken", thrown);

        assertThatThrownBy(() -> LockBackends.checkOthers(chosen, List.of(broken, chosen), CONFIG))
                .isInstanceOf(KartConfigException.class).hasCause(thrown)
                .hasMessage("lock backend 'broken' (" + broken.getClass().getName() + ") failed checking its section"
                        + " kart.lock.broken, though this run uses lock backend 'in-memory': java.lang.IllegalStateException:"
                        + " client library refused; expected its check to pass or to name a key of kart.lock.broken (remove"
                        + " the backend's module from the class path if this run does not need it, and report the failure"
                        + " to its authors)");
    }

    @Test
    void theChosenBackendsSectionIsLeftToItsPrepare() {
        LockBackendProvider chosenButBroken = checking("in-memory", new IllegalStateException("not to be called"));

        assertThatCode(() -> LockBackends.checkOthers(chosenButBroken, List.of(chosenButBroken), CONFIG))
                .doesNotThrowAnyException();
    }

    private static LockBackendProvider checking(String name, RuntimeException error) {
        return new LockBackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public LockBackend open(LeaseSettings lease, ConfigSection section) {
                throw new AssertionError("a backend not chosen is never opened");
            }

            @Override
            public void check(ConfigSection section) {
                throw error;
            }
        };
    }
}
