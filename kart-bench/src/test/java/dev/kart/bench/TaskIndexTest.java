package dev.kart.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.bench.contention.ContendedSum;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark classes carry kart's task index, so that {@code kart run ContendedSum --classpath kart-bench.jar}, as
 * the spawn scenarios and docs/benchmarks.md run it, finds its task without scanning the jar.
 */
class TaskIndexTest {
    @Test
    void theCompiledClassesListTheBenchmarkTasksInKartsTaskIndex() throws IOException {
        List<String> listed = new ArrayList<>();
        URL classes = ContendedSum.class.getProtectionDomain().getCodeSource().getLocation();
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/kart/tasks"))) {
            if (index.toString().startsWith(classes.toString())) {
                try (InputStream in = index.openStream()) {
                    listed.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                }
            }
        }

        assertThat(listed).as("the index beside %s", classes).contains(ContendedSum.class.getName(),
                "dev.kart.bench.nodes.Sleeper");
    }
}
