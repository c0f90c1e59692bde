package dev.kart.test.support.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

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
     * What a worker's build gave.
     *
     * @param succeeded whether the build succeeded
     * @param value the root's output (printed after {@code RESULT ok}), or the execution summary of a
     *     failed build
     */
    public record Result(boolean succeeded, Object value) {
    }

    /**
     * Writes this process's id to {@code readyFile}, waits until {@code goFile} exists (each skipped
     * when {@code null}), builds, and prints {@code RESULT ok VALUE}, or {@code RESULT failed} and
     * the build's summary.
     *
     * @param readyFile where to say it is ready, or {@code null}
     * @param goFile the file to wait for, or {@code null}
     * @param build runs the build, such as
     *     {@code () -> { var r = kart.run(root, BuildOptions.defaults());
     *     return new Result(r.succeeded(), r.succeeded() ? r.rootOutput().orElse(null) : r.summary()); }}
     * @return the exit code for the worker: 0 when the build succeeded, else 1
     * @throws Exception what the build throws; {@link IllegalStateException} when the go does not
     *     come within 3 minutes
     */
    public static int run(String readyFile, String goFile, Callable<Result> build) throws Exception {
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
        Result result = build.call();
        if (result.succeeded()) {
            System.out.println("RESULT ok " + result.value());
            return 0;
        }
        System.out.println("RESULT failed");
        System.out.println(result.value());
        return 1;
    }
}
