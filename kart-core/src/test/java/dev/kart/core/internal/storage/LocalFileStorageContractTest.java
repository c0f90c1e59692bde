package dev.kart.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.storage.PublishMode;
import dev.kart.storage.PublishOutcome;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StorageProvider;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.test.support.config.MapConfigSection;
import dev.kart.test.support.storage.StorageContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract for the local file system, plus what only files have: names on disk, fsync settings, the provider. */
class LocalFileStorageContractTest extends StorageContract {
    @TempDir
    Path directory;

    @Override
    protected WorkspaceStorage openStorage() {
        return new LocalFileStorageProvider().open(directory.resolve("ws").toUri(), MapConfigSection.of("kart.storage.file").with("durable", true));
    }

    @Test
    void aStagedObjectIsATemporaryFileBesideItsTargetAndPublishingLeavesOnlyTheTarget() throws IOException {
        StagedObject staged = storage().stage("pkg/Task_1.json", out -> out.write("[1]".getBytes(StandardCharsets.UTF_8)));

        assertThat(files()).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .startsWith(".Task_1.json.").endsWith(AtomicPublisher.TEMP_SUFFIX));

        staged.publish(PublishMode.ONCE);
        assertThat(files()).containsExactly(directory.resolve("ws/pkg/Task_1.json"));
        // the directory exists now, so its URI ends with a slash, as the location's always does
        assertThat(storage().location()).isEqualTo(directory.resolve("ws").toUri());
    }

    @Test
    void aFileIsReadWholeAtEverySizeAroundTheReadersBuffersAndThenAtItsEnd() throws IOException {
        for (int size : new int[] {0, 1, 255, 256, 257, 8_191, 8_192, 8_193, 16_384, 100_003}) {
            byte[] content = new byte[size];
            for (int i = 0; i < size; i++) {
                content[i] = (byte) (i * 31 + size);
            }
            String path = "pkg/Sized_" + size + ".bin";
            storage().stage(path, out -> out.write(content)).publish(PublishMode.ONCE);
            try (InputStream in = storage().read(path)) {
                assertThat(in.readAllBytes()).as("a file of %d bytes", size).isEqualTo(content);
                assertThat(in.read()).as("after a file of %d bytes", size).isEqualTo(-1);
                assertThat(in.readAllBytes()).as("again after a file of %d bytes", size).isEmpty();
            }
            try (InputStream in = storage().read(path)) {
                int first = Math.min(size, 7);
                assertThat(in.readNBytes(first)).isEqualTo(Arrays.copyOf(content, first));
                assertThat(in.readAllBytes()).as("the rest of a file of %d bytes", size)
                        .isEqualTo(Arrays.copyOfRange(content, first, size));
            }
        }
    }

    @Test
    void removeAbandonedStagingNamesTheFilesItRemoved() throws IOException {
        storage().stage("pkg/Task_2.json", out -> out.write(new byte[10]));

        List<String> removed = storage().removeAbandonedStaging(Instant.now().plusSeconds(3600));

        assertThat(removed).singleElement().asString().startsWith("pkg/.Task_2.json.").contains(AtomicPublisher.TEMP_SUFFIX)
                .contains("10 bytes");
        assertThat(files()).isEmpty();
    }

    @Test
    void hardLinksMakePublishOnceAtomicOnThisFileSystem() {
        assertThat(storage().publishesOnceAtomically()).isTrue();
    }

    @Test
    void theProviderServesTheFileSchemeThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(StorageProvider.class).stream().map(p -> p.get().scheme())).contains("file");
    }

    @Test
    void aFileWhereTheWorkspaceShouldBeIsAConfigError() throws IOException {
        Path file = Files.writeString(directory.resolve("a-file"), "x");

        assertThatThrownBy(() -> new LocalFileStorageProvider().open(file.toUri(), MapConfigSection.of("kart.storage.file")))
                .isInstanceOf(KartConfigException.class).hasMessageContaining(file.toUri().toString())
                .hasMessageContaining("expected a directory");
    }

    @Test
    void aFileWhereADirectoryOfThePathShouldBeMeansNoObjectAndTheWriteNamesIt() throws IOException {
        Files.writeString(directory.resolve("notes.txt"), "not a directory\n");
        // the workspace under a file (kart.workspace = notes.txt/cache), as kart-reliability's bad-input case has it
        LocalFileStorage underAFile = new LocalFileStorage(directory.resolve("notes.txt/cache"), false);

        assertThat(underAFile.stat("pkg/Task_1.json")).isEmpty();
        assertThatThrownBy(() -> underAFile.stage("pkg/Task_1.json", out -> out.write(1)))
                .isInstanceOf(IOException.class).hasMessageContaining("notes.txt");
        assertThat(Files.readString(directory.resolve("notes.txt"))).isEqualTo("not a directory\n");
    }

    @Test
    void onlyAFileOrALinkToOneIsAStoredObjectAndAPublishOnceRefusesAnythingElseNamingIt() throws Exception {
        LocalFileStorage storage = new LocalFileStorage(directory.resolve("ws"), false);
        Path pkg = Files.createDirectories(directory.resolve("ws/pkg"));
        Process mkfifo = new ProcessBuilder("mkfifo", pkg.resolve("Task_1.json").toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo's exit code").isZero();
        Files.createSymbolicLink(pkg.resolve("Task_2.json"), Path.of("/dev/null"));
        Files.createDirectories(pkg.resolve("Task_3.json"));
        Files.createSymbolicLink(pkg.resolve("Task_4.json"), Files.writeString(directory.resolve("kept.json"), "[4]"));

        assertThat(storage.exists("pkg/Task_1.json")).as("a FIFO").isFalse();
        assertThat(storage.exists("pkg/Task_2.json")).as("a link to a device").isFalse();
        assertThat(storage.exists("pkg/Task_3.json")).as("a directory").isFalse();
        assertThat(storage.exists("pkg/Task_4.json")).as("a link to a file").isTrue();
        assertThatThrownBy(() -> storage.stage("pkg/Task_1.json", out -> out.write('1')).publish(PublishMode.ONCE))
                .hasMessageContaining("something other than a file (a FIFO, a socket or a device) stands where");
        assertThatThrownBy(() -> storage.stage("pkg/Task_2.json", out -> out.write('2')).publish(PublishMode.ONCE))
                .hasMessageContaining("a symbolic link to something other than a file");
        assertThat(storage.stage("pkg/Task_4.json", out -> out.write('4')).publish(PublishMode.ONCE))
                .isEqualTo(PublishOutcome.ALREADY_EXISTS);
        assertThat(directory.resolve("kept.json")).hasContent("[4]");
        try (var left = Files.list(pkg)) {
            assertThat(left.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("Task_1.json", "Task_2.json", "Task_3.json", "Task_4.json");
        }
    }

    @Test
    void aPathOutsideTheWorkspaceIsRefused() {
        assertThatThrownBy(() -> storage().read("../escape.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../escape.json");
        assertThatThrownBy(() -> storage().stat("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> files() throws IOException {
        Path root = directory.resolve("ws");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
