package dev.kart.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.LeaseLostException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicPublisherTest {
    @TempDir
    Path workspace;

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    @Test
    void publishesTheWholeFileAndLeavesNoTemporaryFile() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(true);
        Path target = workspace.resolve("pkg/Task_1.txt");

        AtomicPublisher.Outcome outcome = publisher.publish(target, out -> out.write("done".getBytes(StandardCharsets.UTF_8)),
                AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.KEEP_EXISTING);

        assertThat(outcome).isEqualTo(AtomicPublisher.Outcome.PUBLISHED);

        assertThat(target).hasContent("done");
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void aWriterThatCrashesHalfWayLeavesNeitherAFinalFileNorATemporaryOne() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path target = workspace.resolve("pkg/Task_2.json");

        assertThatThrownBy(() -> publisher.publish(target, out -> {
            out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            throw new IOException("simulated crash");
        }, AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.KEEP_EXISTING)).hasMessage("simulated crash");

        assertThat(target).doesNotExist();
        assertThat(filesIn(target.getParent())).isEmpty();
    }

    @Test
    void aFailedRewriteLeavesThePreviousFileIntact() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path target = workspace.resolve("pkg/Task_3.txt");
        publisher.publish(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)), AtomicPublisher.PublishCheck.NONE,
                AtomicPublisher.Mode.KEEP_EXISTING);

        assertThatThrownBy(() -> publisher.publish(target, out -> {
            out.write("second, partly".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }, AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.REPLACE)).isInstanceOf(IOException.class);

        assertThat(target).hasContent("first");
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void aLostLeaseStopsThePublishAndRemovesTheTemporaryFile() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path target = workspace.resolve("pkg/Task_4.txt");

        assertThatThrownBy(() -> publisher.publish(target, out -> out.write(1), () -> {
            throw new LeaseLostException("the lease of Task_4.txt is no longer held");
        }, AtomicPublisher.Mode.KEEP_EXISTING)).isInstanceOf(LeaseLostException.class).hasMessageContaining("lease").hasMessageContaining("Task_4.txt");

        assertThat(filesIn(target.getParent())).isEmpty();
    }

    @Test
    void aHolderPausedAfterItsLeaseCheckDoesNotReplaceTheFileTheNextHolderPublished() throws Exception {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path target = workspace.resolve("pkg/Task_6.txt");
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // The old holder's lease check passes, then it stalls (a GC pause, a frozen VM) before
            // taking the final name, while the node that took over publishes.
            Future<AtomicPublisher.Outcome> stale = pool.submit(() -> publisher.publish(target, utf8("old holder"), () -> {
                checked.countDown();
                await(resume);
            }, AtomicPublisher.Mode.KEEP_EXISTING));
            await(checked);
            AtomicPublisher.Outcome next = publisher.publish(target, utf8("next holder"), AtomicPublisher.PublishCheck.NONE,
                    AtomicPublisher.Mode.KEEP_EXISTING);
            resume.countDown();

            assertThat(next).isEqualTo(AtomicPublisher.Outcome.PUBLISHED);
            assertThat(stale.get(60, TimeUnit.SECONDS)).isEqualTo(AtomicPublisher.Outcome.KEPT_EXISTING);
            assertThat(target).hasContent("next holder");
            assertThat(filesIn(target.getParent())).containsExactly(target);
        } finally {
            resume.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void ofTwoPublishersReleasedTogetherTheFirstToPublishKeepsTheWholeFile() throws Exception {
        AtomicPublisher publisher = new AtomicPublisher(false);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 300; round++) {
                Path target = workspace.resolve("race/" + round + "/Task_1.bin");
                // Large enough that a file made of both would be seen: each publisher writes its own byte throughout.
                byte[][] contents = {filled((byte) 'a', 256 * 1024), filled((byte) 'b', 256 * 1024)};
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<AtomicPublisher.Outcome>> outcomes = new ArrayList<>();
                for (byte[] content : contents) {
                    // Both write their temporary files, then take the final name at the same moment.
                    outcomes.add(pool.submit(() -> publisher.publish(target, out -> out.write(content), () -> {
                        ready.countDown();
                        await(go);
                    }, AtomicPublisher.Mode.KEEP_EXISTING)));
                }
                await(ready);
                go.countDown();
                List<AtomicPublisher.Outcome> ended = new ArrayList<>();
                for (Future<AtomicPublisher.Outcome> outcome : outcomes) {
                    ended.add(outcome.get(60, TimeUnit.SECONDS));
                }

                assertThat(ended).as("round %d: one publishes, the other finds its file and keeps it", round)
                        .containsExactlyInAnyOrder(AtomicPublisher.Outcome.PUBLISHED, AtomicPublisher.Outcome.KEPT_EXISTING);
                byte[] first = contents[ended.indexOf(AtomicPublisher.Outcome.PUBLISHED)];
                assertThat(Files.readAllBytes(target)).as("round %d: the whole file of the first publisher", round)
                        .isEqualTo(first);
                assertThat(filesIn(target.getParent())).as("round %d: the loser's temporary file is gone", round)
                        .containsExactly(target);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReplacingPublishReplacesTheExistingFile() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(true);
        Path target = workspace.resolve("pkg/Task_7.txt");
        publisher.publish(target, utf8("first run"), AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.KEEP_EXISTING);

        AtomicPublisher.Outcome kept = publisher.publish(target, utf8("not a rerun"), AtomicPublisher.PublishCheck.NONE,
                AtomicPublisher.Mode.KEEP_EXISTING);
        AtomicPublisher.Outcome replaced = publisher.publish(target, utf8("rerun"), AtomicPublisher.PublishCheck.NONE,
                AtomicPublisher.Mode.REPLACE);

        assertThat(kept).isEqualTo(AtomicPublisher.Outcome.KEPT_EXISTING);
        assertThat(replaced).isEqualTo(AtomicPublisher.Outcome.PUBLISHED);
        assertThat(target).hasContent("rerun");
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void aStagedFileIsPublishedOnlyWhenAskedAndADiscardedOneLeavesNothing() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path published = workspace.resolve("pkg/Task_8.even.json");
        Path dropped = workspace.resolve("pkg/Task_8.odd.json");

        AtomicPublisher.Staged kept = publisher.stage(published, utf8("[2]"));
        AtomicPublisher.Staged discarded = publisher.stage(dropped, utf8("[1]"));

        assertThat(published).doesNotExist();
        assertThat(kept.temp()).hasContent("[2]");
        assertThat(AtomicPublisher.publishedPathOf(kept.temp())).contains(published);
        discarded.discard();
        assertThat(publisher.publish(kept, AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.KEEP_EXISTING))
                .isEqualTo(AtomicPublisher.Outcome.PUBLISHED);
        assertThat(published).hasContent("[2]");
        assertThat(filesIn(published.getParent())).containsExactly(published);
    }

    @Test
    void whereTheFileSystemHasNoHardLinksAnExistingFileIsStillKept() throws IOException {
        // The zip file system has no hard links (createLink is unsupported), like FAT or some network mounts.
        try (FileSystem zip = FileSystems.newFileSystem(workspace.resolve("workspace.zip"), Map.of("create", "true"))) {
            AtomicPublisher publisher = new AtomicPublisher(false);
            Path target = zip.getPath("/pkg/Task_9.txt");

            AtomicPublisher.Outcome first = publisher.publish(target, utf8("first"), AtomicPublisher.PublishCheck.NONE,
                    AtomicPublisher.Mode.KEEP_EXISTING);
            AtomicPublisher.Outcome second = publisher.publish(target, utf8("second"), AtomicPublisher.PublishCheck.NONE,
                    AtomicPublisher.Mode.KEEP_EXISTING);

            assertThat(first).isEqualTo(AtomicPublisher.Outcome.PUBLISHED);
            assertThat(second).isEqualTo(AtomicPublisher.Outcome.KEPT_EXISTING);
            assertThat(Files.readString(target)).isEqualTo("first");
            assertThat(filesIn(target.getParent())).containsExactly(target);
            publisher.publish(target, utf8("rerun"), AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.REPLACE);
            assertThat(Files.readString(target)).isEqualTo("rerun");
        }
    }

    @Test
    void aDirectoryAtTheFinalPathFailsEveryPublishNamingItAndIsLeftAsItWas() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path full = workspace.resolve("pkg/Task_10.json");
        Path empty = workspace.resolve("pkg/Task_11.json");
        Files.createDirectories(full);
        Files.writeString(full.resolve("notes.txt"), "a file of the user's");
        Files.createDirectories(empty);

        for (Path target : List.of(full, empty)) {
            for (AtomicPublisher.Mode mode : AtomicPublisher.Mode.values()) {
                assertThatThrownBy(() -> publisher.publish(target, utf8("[1]"), AtomicPublisher.PublishCheck.NONE, mode))
                        .as("%s, %s", target.getFileName(), mode)
                        .isInstanceOf(OccupiedPathException.class)
                        .hasMessageContaining(target.toString())
                        .hasMessageContaining("a directory stands where this file is to be published");
            }
        }

        assertThat(full.resolve("notes.txt")).hasContent("a file of the user's");
        assertThat(empty).isEmptyDirectory();
        assertThat(filesIn(workspace.resolve("pkg"))).containsExactlyInAnyOrder(full, empty);
    }

    @Test
    void aLinkToADirectoryOrToNothingFailsAPublishOnceWhileARerunReplacesTheLinkAlone() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(false);
        Path elsewhere = Files.createDirectories(workspace.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("notes.txt"), "a file of the user's");
        Path toDirectory = Files.createDirectories(workspace.resolve("pkg")).resolve("Task_12.json");
        Path toNothing = workspace.resolve("pkg/Task_13.json");
        Path toFile = workspace.resolve("pkg/Task_14.json");
        Files.createSymbolicLink(toDirectory, elsewhere);
        Files.createSymbolicLink(toNothing, workspace.resolve("gone"));
        Files.createSymbolicLink(toFile, Files.writeString(workspace.resolve("shared.json"), "[0]"));

        assertThatThrownBy(() -> publisher.publish(toDirectory, utf8("[1]"), AtomicPublisher.PublishCheck.NONE,
                AtomicPublisher.Mode.KEEP_EXISTING)).isInstanceOf(OccupiedPathException.class)
                .hasMessageContaining(toDirectory.toString())
                .hasMessageContaining("a symbolic link to a directory stands where this file is to be published");
        assertThatThrownBy(() -> publisher.publish(toNothing, utf8("[1]"), AtomicPublisher.PublishCheck.NONE,
                AtomicPublisher.Mode.KEEP_EXISTING)).isInstanceOf(OccupiedPathException.class)
                .hasMessageContaining("a symbolic link to nothing (" + workspace.resolve("gone") + " does not exist) stands where"
                        + " this file is to be published");
        assertThat(publisher.publish(toFile, utf8("[1]"), AtomicPublisher.PublishCheck.NONE,
                AtomicPublisher.Mode.KEEP_EXISTING)).as("a link to a file, kept as a published file")
                .isEqualTo(AtomicPublisher.Outcome.KEPT_EXISTING);
        assertThat(toFile).hasContent("[0]");

        publisher.publish(toDirectory, utf8("[2]"), AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.REPLACE);
        assertThat(toDirectory).isRegularFile().hasContent("[2]");
        assertThat(elsewhere.resolve("notes.txt")).hasContent("a file of the user's");
        assertThat(filesIn(workspace.resolve("pkg"))).containsExactlyInAnyOrder(toDirectory, toNothing, toFile);
    }

    private static AtomicPublisher.Content utf8(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] filled(byte value, int length) {
        byte[] content = new byte[length];
        Arrays.fill(content, value);
        return content;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other publisher did not arrive within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aProcessKilledWhileWritingLeavesNoFileAtTheFinalPath() throws Exception {
        Path target = workspace.resolve("pkg/Big_5.bin");
        Path started = workspace.resolve("started");
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(), workspace.toString(),
                target.toString(), started.toString())
                .redirectErrorStream(true).redirectOutput(workspace.resolve("writer.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(started) && System.nanoTime() < deadline && writer.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(started).as("the writer started writing").exists();
            writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } finally {
            writer.destroyForcibly();
        }

        assertThat(target).doesNotExist();
        assertThat(filesIn(target.getParent())).allSatisfy(file ->
                assertThat(file.getFileName().toString()).startsWith(".Big_5.bin.").endsWith(AtomicPublisher.TEMP_SUFFIX));
    }

    /** Writes a large file slowly through the publisher, so that it can be killed in the middle. */
    public static final class SlowWriter {
        private SlowWriter() {
        }

        /**
         * @param args workspace, target path, marker file created once writing has started
         * @throws Exception never expected
         */
        public static void main(String[] args) throws Exception {
            AtomicPublisher publisher = new AtomicPublisher(true);
            publisher.publish(Path.of(args[1]), out -> {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 100_000; i++) {
                    out.write(chunk);
                    out.flush();
                    if (i == 10) {
                        Files.createFile(Path.of(args[2]));
                    }
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }, AtomicPublisher.PublishCheck.NONE, AtomicPublisher.Mode.KEEP_EXISTING);
        }
    }
}
