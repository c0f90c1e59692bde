package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.storage.LocalFileStorage;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What preparing the task info writer ahead of its first record does, and what it leaves alone. */
class TaskInfoWriterTest {
    @TempDir
    Path workspace;

    @Test
    void preparingWritesNothingToTheWorkspace() throws IOException {
        TaskInfoWriter writer = new TaskInfoWriter(new Workspace(new LocalFileStorage(workspace, false)), true,
                NodeIdentity.next());

        writer.prepare();

        try (Stream<Path> files = Files.walk(workspace)) {
            assertThat(files.filter(path -> !path.equals(workspace))).as("files and directories in the workspace").isEmpty();
        }
    }

    @Test
    void theRecordThatPreparesTheWriterFillsEveryFieldOfEveryNestedRecord() throws ReflectiveOperationException {
        List<String> empty = new ArrayList<>();

        collectEmpty("record", TaskInfoWriter.filledRecord(), empty);

        assertThat(empty).as("fields left null or empty: their writing would be prepared by no record").isEmpty();
    }

    @Test
    void theRecordThatPreparesTheWriterHasAParameterOfEachKindTaskInfoRenders() {
        Map<String, Object> parameters = TaskInfoWriter.filledRecord().parameters();

        assertThat(parameters.values()).hasAtLeastOneElementOfType(String.class).hasAtLeastOneElementOfType(Integer.class)
                .hasAtLeastOneElementOfType(Long.class).hasAtLeastOneElementOfType(Double.class)
                .hasAtLeastOneElementOfType(Boolean.class).hasAtLeastOneElementOfType(List.class)
                .hasAtLeastOneElementOfType(Map.class).containsNull();
    }

    private static void collectEmpty(String path, Object value, List<String> empty) throws ReflectiveOperationException {
        if (value == null) {
            empty.add(path);
            return;
        }
        if (value instanceof Collection<?> collection) {
            if (collection.isEmpty()) {
                empty.add(path);
            }
            for (Object element : collection) {
                collectEmpty(path + "[]", element, empty);
            }
            return;
        }
        if (!value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            if (component.getType() != Map.class) {
                collectEmpty(path + "." + component.getName(), component.getAccessor().invoke(value), empty);
            }
        }
    }
}
