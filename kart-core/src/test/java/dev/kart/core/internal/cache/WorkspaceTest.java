package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.model.TaskType;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import dev.kart.core.internal.storage.LocalFileStorage;
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
        Workspace workspace = new Workspace(new LocalFileStorage(directory.resolve("ws"), false));
        TaskType type = TaskType.of(Report.class);

        String main = workspace.mainOutput(type, "0123abcd", "txt");
        String named = workspace.namedOutput(type, "0123abcd", "summary", "json");

        assertThat(main).isEqualTo("dev/kart/core/internal/cache/Report_0123abcd.txt");
        assertThat(named).isEqualTo("dev/kart/core/internal/cache/Report_0123abcd.summary.json");
        assertThat(workspace.display(main)).isEqualTo(directory.resolve("ws/dev/kart/core/internal/cache/Report_0123abcd.txt").toString());
        assertThat(workspace.taskInfo(type, "0123abcd")).isEqualTo("log/dev/kart/core/internal/cache/Report_0123abcd.json");
        assertThat(workspace.taskInfoOfNode(type, "0123abcd", "host-12"))
                .isEqualTo("log/dev/kart/core/internal/cache/Report_0123abcd.node-host-12.json");
        assertThat(workspace.isTaskInfoOfNode(type, "0123abcd", "log/dev/kart/core/internal/cache/Report_0123abcd.node-host-12.json")).isTrue();
        assertThat(workspace.isTaskInfoOfNode(type, "0123abcd", "log/dev/kart/core/internal/cache/Report_0123abcd.json")).isFalse();
    }
}
