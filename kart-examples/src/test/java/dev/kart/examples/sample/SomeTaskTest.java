package dev.kart.examples.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.task.RunWithLock;
import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import org.junit.jupiter.api.Test;

@KartTest
class SomeTaskTest {

    @Test
    void greetsUnderTheRunLock(KartTestRuntime kart) {
        assertThat(SomeTask.class).hasAnnotation(RunWithLock.class);

        assertThat(kart.build(new SomeTask("Elizabeth"))).isEqualTo("Hello, Elizabeth!\n");
        assertThat(kart.lockBackend().heldLocks()).isEmpty();
    }
}
