package dev.kart.examples.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.task.RunWithLock;
import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import org.junit.jupiter.api.Test;

@KartTest
class SlowTaskTest {

    @Test
    void greetsUnderTheRunLockAndItsDurationIsNotPartOfItsUniqueId(KartTestRuntime kart) {
        assertThat(SlowTask.class).hasAnnotation(RunWithLock.class);

        assertThat(kart.build(new SlowTask("Anne", 0))).isEqualTo("Hello, Anne!\n");
        assertThat(kart.kart().uniqueId(new SlowTask("Anne", 30))).isEqualTo(kart.kart().uniqueId(new SlowTask("Anne", 0)));
        assertThat(kart.kart().uniqueId(new SlowTask("Emma", 0))).isNotEqualTo(kart.kart().uniqueId(new SlowTask("Anne", 0)));
        assertThat(kart.lockBackend().heldLocks()).isEmpty();
    }

    @Test
    void aNegativeDurationIsRefusedNamingIt() {
        assertThatThrownBy(() -> new SlowTask("Anne", -1)).hasMessage("seconds is -1, expected 0 or more");
    }
}
