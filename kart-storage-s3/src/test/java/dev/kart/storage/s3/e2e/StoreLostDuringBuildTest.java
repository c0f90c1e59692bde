package dev.kart.storage.s3.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskState;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import dev.kart.test.support.s3.AtomicS3Server;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A store that goes away in the middle of a build (the endpoint stops answering) fails the tasks
 * that need it, and the build ends with a report: the recording of a failed task, which asks the
 * store too, must not leave the build waiting for ever.
 */
class StoreLostDuringBuildTest {
    private static final String BUCKET = "kart-lost";
    private static volatile AtomicS3Server server;

    /** Stops the store while it runs: its own publish, and everything after, find no store. */
    record StopsTheStore(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            server.close();
            return index;
        }
    }

    record Sum(int width) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return IntStream.range(0, width).map(i -> ctx.load(new StopsTheStore(i))).sum();
        }

        @Override
        public List<Task<?>> requires() {
            return IntStream.range(0, width).<Task<?>>mapToObj(StopsTheStore::new).toList();
        }
    }

    @Test
    void aBuildWhoseStoreGoesAwayEndsWithItsTasksFailedOrNotRun() throws Exception {
        server = AtomicS3Server.start().createBucket(BUCKET);
        try (Kart kart = Kart.builder().workspace(URI.create("s3://" + BUCKET + "/lost"))
                .set("kart.storage.s3.endpoint", server.endpoint().toString())
                .set("kart.storage.s3.path-style-access", true)
                .set("kart.storage.s3.connect-timeout", "2s")
                .set("kart.retry.count", 0)
                .set("kart.durable", false)
                .workers(2)
                .build()) {
            BuildReport<Integer> report = CompletableFuture.supplyAsync(() -> kart.run(new Sum(4), BuildOptions.defaults()))
                    .get(2, TimeUnit.MINUTES);

            assertThat(report.succeeded()).isFalse();
            assertThat(report.outcomes()).allSatisfy(outcome -> assertThat(outcome.state())
                    .isIn(TaskState.FAILED, TaskState.UPSTREAM_FAILED));
            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.UPSTREAM_FAILED);
        } finally {
            server.close();
        }
    }
}
