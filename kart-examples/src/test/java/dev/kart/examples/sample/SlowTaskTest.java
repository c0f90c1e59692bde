package dev.kart.examples.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.Kart;
import dev.kart.task.RunWithLock;
import dev.kart.test.KartTest;
import dev.kart.test.KartTestRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** Its log line says what took the run lock away with the key as it is written, as kart's own messages do. */
    @Test
    void saysItRanWithoutTheRunLockNamingTheKeyThatTookItAway(@TempDir Path workspace) throws IOException {
        String key = "kart.tasks.\"" + SlowTask.class.getName() + "\".lock-run";
        SlowTask task = new SlowTask("Anne", 0);
        try (Kart kart = Kart.builder().workspace(workspace).set(key, false).build()) {
            kart.build(task);

            Path record = workspace.resolve("log/dev/kart/examples/sample/SlowTask_" + kart.uniqueId(task) + ".json");
            // the task record is JSON: the key's quotes are escaped there
            assertThat(Files.readString(record)).contains("greeting Anne in 0 s, without the run lock ("
                    + key.replace("\"", "\\\"") + " = false)");
        }
    }

    @Test
    void aNegativeDurationIsRefusedNamingIt() {
        assertThatThrownBy(() -> new SlowTask("Anne", -1)).hasMessage("seconds is -1, expected 0 or more");
    }
}
