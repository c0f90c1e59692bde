package dev.kart.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.BuildOptions;
import dev.kart.CacheWriteException;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.Mounts;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.disk.Filler;
import dev.kart.reliability.fixtures.elsewhere.Elsewhere;
import dev.kart.task.Task;
import dev.kart.test.support.redis.RedisServerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk refuses a dump: a workspace on a small tmpfs that fills up, and a workspace mounted
 * read-only, which fails the task before its run() starts. The task fails with an error naming its
 * target file and the cause, nothing appears at
 * a final path, no temporary file is left, and nothing cached is lost or changed, not even the file a
 * rerun was about to replace. Builds use Redis locks.
 */
class DiskFaultTest {
    /** How a workspace that takes no new file fails a task: before its run(), not after all its work. */
    private static final String NOT_STARTED = "run() was not started, since the file could not be published";

    @RegisterExtension
    static final RedisServerExtension REDIS = RedisServerExtension.any();

    @TempDir
    Path directory;
    private final List<Path> mounted = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        Collections.reverse(mounted);
        for (Path mountPoint : mounted) {
            Mounts.unmount(mountPoint);
        }
    }

    @Test
    void aFullDiskFailsTheDumpNamingTheTargetAndKeepsEveryCachedFile() throws Exception {
        Path workspace = Files.createDirectories(directory.resolve("small-disk"));
        Mounts.tmpfs(workspace, "512k");
        mounted.add(workspace);
        try (Kart kart = kart(workspace)) {
            Filler kept = new Filler("kept", 64);
            assertThat(kart.build(kept)).isEqualTo(Filler.expected("kept", 64));
            kart.build(new Elsewhere("kept"));
            Map<Path, String> cached = WorkspaceFiles.cacheSnapshot(workspace);

            Filler big = new Filler("big", 1024);
            assertDumpRefused(kart, big, BuildOptions.defaults(), "No space left on device");
            assertThat(WorkspaceFiles.temporaryFiles(workspace)).as("temporary files left").isEmpty();
            assertThat(WorkspaceFiles.cacheSnapshot(workspace)).as("cached files after the failed dump").isEqualTo(cached);

            // the disk is full to the last block: a rerun that would replace a cached file fails, and the
            // file it was to replace stays as it was
            Path ballast = fill(workspace.resolve("ballast.bin"));
            cached = WorkspaceFiles.cacheSnapshot(workspace);
            assertDumpRefused(kart, kept, BuildOptions.defaults().withRerun(true), "No space left on device");
            assertThat(WorkspaceFiles.cacheSnapshot(workspace)).as("cached files after the failed rerun").isEqualTo(cached);
            assertThat(WorkspaceFiles.temporaryFiles(workspace)).as("temporary files left").isEmpty();

            // space again: the rerun succeeds, and a task that fits is built
            Files.delete(ballast);
            assertThat(kart.run(kept, BuildOptions.defaults().withRerun(true)).succeeded()).isTrue();
            assertThat(kart.build(new Filler("fits", 128))).isEqualTo(Filler.expected("fits", 128));
        }
    }

    @Test
    void aReadOnlyWorkspaceServesItsCacheAndRefusesDumpsNamingTheTarget() throws Exception {
        Path writable = Files.createDirectories(directory.resolve("workspace"));
        try (Kart kart = kart(writable)) {
            kart.build(new Filler("kept", 4));
        }
        Map<Path, String> cached = WorkspaceFiles.cacheSnapshot(writable);
        Path readOnly = Files.createDirectories(directory.resolve("read-only-view"));
        Mounts.readOnlyView(writable, readOnly);
        mounted.add(readOnly);

        try (Kart kart = kart(readOnly)) {
            assertThat(kart.build(new Filler("kept", 4))).as("a cached output read from the read-only workspace")
                    .isEqualTo(Filler.expected("kept", 4));
            // its package directory exists: no file can be created in it, which is found before run() starts
            assertRefused(kart, new Filler("new", 4), BuildOptions.defaults(), "Read-only file system", NOT_STARTED);
            // its package directory does not exist yet: the directory cannot be created
            assertRefused(kart, new Elsewhere("new"), BuildOptions.defaults(), "Read-only file system", NOT_STARTED);
        }
        // kart run finds the workspace unwritable before its build: one error, exit 2, not a failure per task
        KartJar.Result run = KartJar.run(directory, "run", Filler.class.getName(), "--name=new", "--kib=4",
                "--workspace", readOnly.toString(), "--classpath", KartJar.testClasses().toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.err()).as("%s", run).contains("kart: cannot write to the workspace " + readOnly
                + " (kart.workspace): this user may not create files there").doesNotContain("CacheWriteException");
        // a cached root writes nothing: kart run answers it from the read-only workspace
        KartJar.Result cachedRun = KartJar.run(directory, "run", Filler.class.getName(), "--name=kept", "--kib=4",
                "--workspace", readOnly.toString(), "--classpath", KartJar.testClasses().toString());
        assertThat(cachedRun.exitCode()).as("%s", cachedRun).isZero();
        assertThat(WorkspaceFiles.temporaryFiles(writable)).as("temporary files left").isEmpty();
        assertThat(WorkspaceFiles.cacheSnapshot(writable)).as("cached files").isEqualTo(cached);
    }

    private static void assertDumpRefused(Kart kart, Task<?> task, BuildOptions options, String cause) {
        assertRefused(kart, task, options, cause, "the file was not published");
    }

    private static void assertRefused(Kart kart, Task<?> task, BuildOptions options, String cause, String outcome) {
        Path target = Path.of(kart.outputs(task).get(0).uri());
        BuildReport<?> report = kart.run(task, options);
        assertThat(report.succeeded()).as("build of %s", task).isFalse();
        Throwable failure = report.rootOutcome().failure().orElseThrow();
        assertThat(failure).as("failure of %s", task).isInstanceOf(CacheWriteException.class)
                .hasMessageContaining(target.toString())
                .hasMessageContaining(task.getClass().getName())
                .hasMessageContaining(cause)
                .hasMessageContaining(outcome);
        if (!options.rerun()) {
            assertThat(target).as("final path of %s", task).doesNotExist();
        }
        assertThat(report.summary()).as("the summary the user sees").contains(target.toString(), cause);
    }

    /** Fills the file system with one file until it is full. */
    private static Path fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return file;
    }

    private static Kart kart(Path workspace) {
        return Kart.builder().workspace(workspace).set("kart.retry.count", 0).set("kart.lock.backend", "redis")
                .set("kart.lock.prefix", "disk-" + UUID.randomUUID())
                .set("kart.lock.redis.host", REDIS.server().host()).set("kart.lock.redis.port", REDIS.server().port())
                .build();
    }
}
