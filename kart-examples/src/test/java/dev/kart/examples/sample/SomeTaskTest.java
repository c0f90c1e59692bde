package dev.kart.examples.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.model.TaskType;
import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import org.junit.jupiter.api.Test;

@KartTest
class SomeTaskTest {

    @Test
    void greetsUnderTheRunLock(KartTestRuntime kart) {
        assertThat(TaskType.of(SomeTask.class).runWithLock()).isTrue();

        assertThat(kart.build(new SomeTask("Elizabeth"))).isEqualTo("Hello, Elizabeth!\n");
        assertThat(kart.lockBackend().heldLocks()).isEmpty();
    }
}
