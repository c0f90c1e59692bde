package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.lock.LeaseLostException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        AtomicPublisher publisher = new AtomicPublisher(new Workspace(workspace), true);
        Path target = workspace.resolve("pkg/Task_1.txt");

        publisher.publish(target, out -> out.write("done".getBytes(StandardCharsets.UTF_8)), AtomicPublisher.PublishCheck.NONE);

        assertThat(target).hasContent("done");
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void aWriterThatCrashesHalfWayLeavesNeitherAFinalFileNorATemporaryOne() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(new Workspace(workspace), false);
        Path target = workspace.resolve("pkg/Task_2.json");

        assertThatThrownBy(() -> publisher.publish(target, out -> {
            out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            throw new IOException("simulated crash");
        }, AtomicPublisher.PublishCheck.NONE)).hasMessage("simulated crash");

        assertThat(target).doesNotExist();
        assertThat(filesIn(target.getParent())).isEmpty();
    }

    @Test
    void aFailedRewriteLeavesThePreviousFileIntact() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(new Workspace(workspace), false);
        Path target = workspace.resolve("pkg/Task_3.txt");
        publisher.publish(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)), AtomicPublisher.PublishCheck.NONE);

        assertThatThrownBy(() -> publisher.publish(target, out -> {
            out.write("second, partly".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }, AtomicPublisher.PublishCheck.NONE)).isInstanceOf(IOException.class);

        assertThat(target).hasContent("first");
        assertThat(filesIn(target.getParent())).containsExactly(target);
    }

    @Test
    void aLostLeaseStopsThePublishAndRemovesTheTemporaryFile() throws IOException {
        AtomicPublisher publisher = new AtomicPublisher(new Workspace(workspace), false);
        Path target = workspace.resolve("pkg/Task_4.txt");

        assertThatThrownBy(() -> publisher.publish(target, out -> out.write(1), () -> {
            throw new LeaseLostException("the lease of Task_4.txt is no longer held");
        })).isInstanceOf(LeaseLostException.class).hasMessageContaining("lease").hasMessageContaining("Task_4.txt");

        assertThat(filesIn(target.getParent())).isEmpty();
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
                assertThat(file.getFileName().toString()).startsWith(".Big_5.bin.").endsWith(Workspace.TEMP_SUFFIX));
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
            AtomicPublisher publisher = new AtomicPublisher(new Workspace(Path.of(args[0])), true);
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
            }, AtomicPublisher.PublishCheck.NONE);
        }
    }
}
