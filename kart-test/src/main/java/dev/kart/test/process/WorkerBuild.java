package dev.kart.test.process;

import dev.kart.core.Kart;
import dev.kart.core.report.BuildReport;
import dev.kart.core.schedule.BuildOptions;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The build step of a worker main started with {@link WorkerJvm}: it says it is ready, waits until
 * the test lets every worker go at once, builds, and prints its result for the test to read.
 */
public final class WorkerBuild {
    /** How long a worker waits for the test's go before it gives up. */
    private static final Duration GO_GUARD = Duration.ofMinutes(3);

    private WorkerBuild() {
    }

    /**
     * Writes this process's id to {@code readyFile}, waits until {@code goFile} exists (each skipped
     * when {@code null}), builds {@code root}, and prints {@code RESULT ok VALUE}, or
     * {@code RESULT failed} and the build's summary.
     *
     * @param kart the worker's runtime
     * @param root the task to build
     * @param readyFile where to say it is ready, or {@code null}
     * @param goFile the file to wait for, or {@code null}
     * @return the exit code for the worker: 0 when the build succeeded, else 1
     * @throws InterruptedException when interrupted while waiting for the go
     * @throws IllegalStateException when the go does not come within 3 minutes
     */
    public static int run(Kart kart, Task<?> root, String readyFile, String goFile) throws InterruptedException {
        if (readyFile != null) {
            try {
                Files.writeString(Path.of(readyFile), Long.toString(ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + readyFile, e);
            }
        }
        if (goFile != null) {
            long deadline = System.nanoTime() + GO_GUARD.toNanos();
            while (!Files.exists(Path.of(goFile))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the test never created " + goFile);
                }
                Thread.sleep(10);
            }
        }
        BuildReport<?> report = kart.run(root, BuildOptions.defaults());
        if (report.succeeded()) {
            System.out.println("RESULT ok " + report.rootOutput().orElse(null));
            return 0;
        }
        System.out.println("RESULT failed");
        System.out.println(report.summary());
        return 1;
    }
}
