package dev.kart.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildFailedException;
import dev.kart.test.fixtures.WordTasks.Broken;
import dev.kart.test.fixtures.WordTasks.Words;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a test's runtime leaves behind when it is closed. */
class KartTestRuntimeTest {
    private static final Pattern TASK_INFO = Pattern.compile("task info, with every attempt's stack trace: (\\S+)");

    /** What KartExtension does after a failed test: the failure message's task info file is still there to read. */
    @Test
    void closingAfterAFailedTestKeepsTheWorkspaceWhoseTaskInfoTheFailureNames() throws Exception {
        KartTestRuntime runtime = KartTestRuntime.start(Map.of(), false);
        Path taskInfo = taskInfoNamedByFailure(runtime);

        Optional<Path> kept = runtime.closeKeepingWorkspace();

        try {
            assertThat(kept).contains(runtime.workspace());
            assertThat(taskInfo).startsWith(runtime.workspace()).isRegularFile();
            assertThat(Files.readString(taskInfo)).contains("broken on purpose");
            assertThat(runtime.closeKeepingWorkspace()).as("closed once").isEmpty();
        } finally {
            try (var paths = Files.walk(runtime.workspace())) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void closingAfterAPassingTestDeletesTheWorkspace() {
        KartTestRuntime runtime = KartTestRuntime.start(Map.of(), false);
        taskInfoNamedByFailure(runtime);

        runtime.close();

        assertThat(runtime.workspace()).doesNotExist();
    }

    private static Path taskInfoNamedByFailure(KartTestRuntime runtime) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> runtime.build(new Broken(new Words("a b", "kept-" + java.util.UUID.randomUUID()))));
        assertThat(failure).isInstanceOf(BuildFailedException.class);
        Matcher named = TASK_INFO.matcher(failure.getMessage());
        assertThat(named.find()).as(failure.getMessage()).isTrue();
        return Path.of(named.group(1));
    }
}
