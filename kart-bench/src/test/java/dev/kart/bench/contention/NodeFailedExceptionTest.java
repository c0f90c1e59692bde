package dev.kart.bench.contention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodeFailedExceptionTest {
    @Test
    void namesEachExceptionOfAGokartNodesTracebacksOnceInOrder() throws IOException {
        // the stderr of a gokart node whose root's rename failed in a round of contention-spawn-defer
        String stderr;
        try (InputStream in = getClass().getResourceAsStream("gokart-root-rename-failed.err")) {
            stderr = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        String lines = new NodeFailedException("node-2 failed", Path.of("gokart-spawn-8"), stderr).exceptionLines();

        assertThat(lines.split(" \\| ")).containsExactly(
                "gokart.conflict_prevention_lock.task_lock.TaskLockException: Lock already taken by other task.",
                "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/kart-bench-contention-spawn-defer-1/"
                        + "gokart-spawn-8/workspace/__main__/ContendedSum_3005300f771506fc43cedd78cca0b719.pkl-luigi-tmp-"
                        + "9240203469' -> '/tmp/kart-bench-contention-spawn-defer-1/gokart-spawn-8/workspace/__main__/"
                        + "ContendedSum_3005300f771506fc43cedd78cca0b719.pkl'",
                "gokart.build.GokartBuildError:");
    }

    @Test
    void saysSoWhenTheNodePrintedNoTraceback() {
        assertThat(new NodeFailedException("node-0 failed", Path.of("gokart-spawn-1"), "killed\n").exceptionLines())
                .isEqualTo("(no exception line on stderr)");
    }
}
