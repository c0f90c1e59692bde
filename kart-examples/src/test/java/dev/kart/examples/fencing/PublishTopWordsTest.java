package dev.kart.examples.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.examples.books.Book;
import dev.kart.test.KartExtension;
import dev.kart.test.KartTestRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PublishTopWords} built by kart, writing to a real PostgreSQL server: with the fencing
 * token of its run lease, and refused when it resumes after another node took its lease over.
 */
class PublishTopWordsTest {
    private static final Duration GUARD = Duration.ofSeconds(60);

    @RegisterExtension
    final PostgresSchema postgres = new PostgresSchema();

    /** Leases are not renewed, so moving the clock past the TTL ends them, as when a node stalls. */
    @RegisterExtension
    final KartExtension nodes = KartExtension.create().withoutLeaseRenewal().with("kart.retry.count", 0);

    @Test
    void writesTheTopWordsWithTheFencingTokenOfItsRunLease(KartTestRuntime kart) throws Exception {
        PublishTopWords task = new PublishTopWords(Book.PERSUASION, 2, 5, postgres.url());

        FencedWrite write = kart.build(task);

        long runLeaseToken = kart.lastReport().rootOutcome().lock().runLeaseTokens().get(0);
        assertThat(write.fencingToken()).isEqualTo(runLeaseToken);
        assertThat(write.resource()).isEqualTo("top-words/PERSUASION/chapter-2");
        assertThat(postgres.row(write.resource())).contains(write);
        Map<String, Long> counts = kart.build(task.counts());
        long mostFrequent = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(write.value().lines()).hasSize(5).first().asString().endsWith(" " + mostFrequent);
    }

    @Test
    void withoutTheRunLockItRefusesToWriteAndSaysWhy(@TempDir Path workspace) throws Exception {
        PublishTopWords task = new PublishTopWords(Book.PERSUASION, 4, 5, postgres.url());
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.tasks.\"" + PublishTopWords.class.getName() + "\".lock-run", false).build()) {
            BuildReport<FencedWrite> report = kart.run(task, BuildOptions.defaults());

            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.FAILED);
            assertThat(report.rootOutcome().failure()).get(InstanceOfAssertFactories.THROWABLE)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs the fencing token of its run lease")
                    .hasMessageContaining("lock-run = false");
        }
        assertThat(postgres.row(task.resource())).isEmpty();
    }

    /**
     * Node 1 takes the run lock and stalls inside run(), its connection to the store held by a proxy,
     * until its lease ran out; node 2 takes the task over and writes; then node 1's link recovers and
     * its write, with the older token, is refused. The newer row stays.
     */
    @Test
    void aHolderThatStalledPastItsLeaseIsRefusedAfterTheNodeThatTookOverWrote(KartTestRuntime first) throws Exception {
        KartTestRuntime second = first.anotherNode();
        try (StallingProxy link = StallingProxy.to(postgres.url())) {
            PublishTopWords stalled = new PublishTopWords(Book.PERSUASION, 3, 5, link.route(postgres.url()));
            PublishTopWords direct = new PublishTopWords(Book.PERSUASION, 3, 5, postgres.url());
            assertThat(first.kart().uniqueId(stalled)).as("one task, reached by two routes")
                    .isEqualTo(second.kart().uniqueId(direct));

            CompletableFuture<BuildReport<FencedWrite>> firstBuild = CompletableFuture.supplyAsync(() -> first.run(stalled));
            link.awaitClient(GUARD);
            String runLock = first.lease().prefix() + ":run:" + first.kart().uniqueId(stalled);
            assertThat(first.lockBackend().heldLocks()).as("locks held while node 1 is stalled in run()")
                    .anySatisfy(held -> assertThat(held.key()).isEqualTo(runLock));
            first.clock().advance(first.lease().ttl().plusSeconds(1));

            FencedWrite takenOver = second.build(direct);
            link.release();
            BuildReport<FencedWrite> firstReport = firstBuild.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            link.awaitDisconnected(GUARD);

            long firstToken = firstReport.rootOutcome().lock().runLeaseTokens().get(0);
            assertThat(takenOver.fencingToken()).isGreaterThan(firstToken);
            assertThat(postgres.row(direct.resource())).as("the row after both writes").contains(takenOver);
            TaskOutcome refused = firstReport.rootOutcome();
            assertThat(refused.state()).as(firstReport.summary()).isEqualTo(TaskState.FAILED);
            // kart reports the refusal itself, or as the cause of its "run lease lost" error when
            // its watchdog saw the lease go first: either way run() threw it.
            assertThat(causes(refused.failure().orElseThrow())).as(firstReport.summary())
                    .filteredOn(StaleFencingTokenException.class::isInstance).singleElement()
                    .isInstanceOfSatisfying(StaleFencingTokenException.class, refusal -> {
                        assertThat(refusal.refused().fencingToken()).isEqualTo(firstToken);
                        assertThat(refusal.storedFencingToken()).contains(takenOver.fencingToken());
                    });
            assertThat(first.kart().load(direct)).as("the output in the shared workspace").isEqualTo(takenOver);
        }
    }

    /** @return the error and its causes, outermost first */
    private static List<Throwable> causes(Throwable error) {
        return Stream.iterate(error, Objects::nonNull, Throwable::getCause).toList();
    }
}
