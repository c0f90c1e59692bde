package dev.kart.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesTest {

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(Samples.of(List.of(5.0, 1.0, 3.0)).median()).isEqualTo(3.0);
        assertThat(Samples.of(List.of(4.0, 1.0, 3.0, 100.0)).median()).isEqualTo(3.5);
        assertThat(Samples.of(List.of(4.0, 1.0, 3.0, 100.0)).max()).isEqualTo(100.0);
        assertThat(Samples.of(List.of(4.0, 1.0, 3.0, 100.0)).min()).isEqualTo(1.0);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> Samples.of(List.of())).hasMessageContaining("no measurements");
    }

    @Test
    void theIoBaselineLeavesOneFilePerPublishAndNoTemporaryFile(@TempDir Path directory) throws Exception {
        double micros = IoBaseline.microsPerPublish(directory, "Baseline", 25);

        assertThat(micros).isPositive();
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .hasSize(25).allSatisfy(name -> assertThat(name).startsWith("Baseline_").endsWith(".json"));
        }
    }

    @Test
    void deletingATempDirectoryRemovesItsTree() throws Exception {
        Path directory = TempDirectories.create("test");
        Files.createDirectories(directory.resolve("a/b"));
        Files.writeString(directory.resolve("a/b/c.txt"), "x");

        TempDirectories.delete(directory);

        assertThat(directory).doesNotExist();
    }

    @Test
    void aBatchDeletesEveryDirectoryItMadeWhenClosed() throws Exception {
        Path first;
        Path second;
        try (TempDirectories.Batch batch = TempDirectories.batch("test")) {
            first = batch.create("a");
            second = batch.create("a");
            Files.writeString(first.resolve("x.txt"), "x");
            assertThat(first).isDirectory().isNotEqualTo(second);
            assertThat(first.getParent()).isEqualTo(second.getParent());
        }

        assertThat(first).doesNotExist();
        assertThat(first.getParent()).doesNotExist();
    }
}
