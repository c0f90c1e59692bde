package dev.kart.core.internal.graph;

import static dev.kart.core.internal.graph.FanInTasks.RAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.CacheWriteException;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.CountingWorkspace;
import dev.kart.core.internal.graph.FanInTasks.Item;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace that takes no new file fails a task before its run() starts, not after all its work: the
 * store is asked whether each output could be written (a local workspace creates a file in the output's
 * directory once), and its refusal is the task's failure, naming the file.
 */
class WritableBeforeRunTest {
    @TempDir
    Path directory;

    @Test
    void anOutputDirectoryThatTakesNoFileFailsTheTaskWithoutRunningIt() throws IOException {
        RAN.clear();
        try (CountingWorkspace workspace = new CountingWorkspace(directory);
                Kart kart = workspace.open(Map.of("kart.retry.count", 0))) {
            workspace.storage().beforeCheckWritable = path -> {
                throw new AccessDeniedException(path, null, "not this user's");
            };

            BuildReport<Integer> refused = kart.run(new Item(7), BuildOptions.defaults());

            assertThat(refused.succeeded()).isFalse();
            assertThat(RAN).as("run() calls").isEmpty();
            assertThat(refused.rootOutcome().failure().orElseThrow()).isInstanceOf(CacheWriteException.class)
                    .hasMessageContaining("Item_").hasMessageContaining("AccessDeniedException (permission denied)")
                    .hasMessageContaining("run() was not started, since the file could not be published");

            workspace.storage().beforeCheckWritable = path -> { };
            assertThat(kart.build(new Item(7))).isEqualTo(7);
            assertThat(RAN).containsExactly(7);
            try (Stream<Path> files = Files.walk(workspace.root())) {
                assertThat(files.map(file -> file.getFileName().toString())).as("no probe file left")
                        .noneMatch(name -> name.startsWith(".kart-write-probe"));
            }
        }
    }
}
