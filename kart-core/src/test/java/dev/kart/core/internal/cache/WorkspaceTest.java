package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.model.TaskType;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    record Report(String name) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return name;
        }
    }

    @TempDir
    Path directory;

    @Test
    void outputsLieUnderThePackagesDirectoriesAndTheirLockNamesAreTheirPathsInsideTheWorkspace() {
        Workspace workspace = new Workspace(directory.resolve("ws"));
        TaskType type = TaskType.of(Report.class);

        Path main = workspace.mainOutput(type, "0123abcd", "txt");
        Path named = workspace.namedOutput(type, "0123abcd", "summary", "json");

        assertThat(main).isEqualTo(directory.resolve("ws/dev/kart/core/internal/cache/Report_0123abcd.txt"));
        assertThat(named).isEqualTo(directory.resolve("ws/dev/kart/core/internal/cache/Report_0123abcd.summary.json"));
        assertThat(workspace.relativeOutput(type, main)).isEqualTo(workspace.relative(main))
                .isEqualTo("dev/kart/core/internal/cache/Report_0123abcd.txt");
        assertThat(workspace.relativeOutput(type, named)).isEqualTo(workspace.relative(named));
        assertThat(workspace.taskInfo(type, "0123abcd"))
                .isEqualTo(directory.resolve("ws/log/dev/kart/core/internal/cache/Report_0123abcd.json"));
    }
}
