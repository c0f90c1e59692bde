package dev.kart.core.internal.graph;

import static dev.kart.core.internal.graph.FanInTasks.RAN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.CountingStorage;
import dev.kart.core.fixtures.CountingWorkspace;
import dev.kart.core.internal.graph.FanInTasks.Fan;
import dev.kart.core.internal.graph.FanInTasks.Item;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm check of a wide fan-in against a store that is not local asks for its children with one
 * listing of their directory, not one {@code stat} each, and never takes a child whose output is
 * absent for complete.
 */
class ListingCompletenessTest {
    private static final int WIDTH = 300;

    @TempDir
    Path directory;
    private CountingWorkspace workspace;
    private Kart kart;
    private CountingStorage storage;

    @BeforeEach
    void openCountingWorkspace() throws IOException {
        workspace = new CountingWorkspace(directory);
        kart = countingKart(Map.of());
        RAN.clear();
    }

    /** A runtime on the counting workspace, with these settings; {@link #storage} becomes its storage. */
    private Kart countingKart(Map<String, Object> settings) throws IOException {
        Kart runtime = workspace.open(settings);
        storage = workspace.storage();
        return runtime;
    }

    @AfterEach
    void close() throws IOException {
        kart.close();
        workspace.close();
    }

    @Test
    void aWarmCheckListsTheChildrensDirectoryOnceInsteadOfAStatEach() {
        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);
        assertThat(RAN).hasSize(WIDTH);
        kart.remove(new Fan(WIDTH));
        RAN.clear();
        storage.resetCounts();

        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);

        assertThat(RAN).as("children run again").isEmpty();
        String itemDirectory = Item.class.getPackageName().replace('.', '/') + "/";
        // and the root's publish, which replaced its record, asks for the records earlier builds left beside it
        // (EarlierBuildRecords): a store that lists no key prefix lists the root's log directory for that
        assertThat(storage.lists).containsExactly(itemDirectory, "log/" + itemDirectory);
        assertThat(storage.stats).as("stats of the children's outputs").noneMatch(path -> path.contains("/Item_"));
    }

    @Test
    void aChildWhoseOutputIsAbsentWhenListedIsNotTakenForComplete() {
        kart.build(new Fan(WIDTH));
        kart.remove(new Fan(WIDTH));
        assertThat(kart.remove(new Item(7))).isEqualTo(1);
        RAN.clear();

        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);

        assertThat(RAN).containsExactly(7);
        assertThat(kart.isComplete(new Item(7))).isTrue();
    }

    @Test
    void aChildPublishedRightAfterTheListingRunsWithinTheRecheckWindowAndKeepsTheObjectPublishedFirst()
            throws IOException {
        Path item7 = publishItem7AfterTheNextListing(kart);

        assertThat(kart.build(new Fan(WIDTH))).as("the sum, with the other node's 1007 loaded for item 7")
                .isEqualTo(WIDTH * (WIDTH - 1) / 2 + 1000);

        // the walk's "not complete" was seconds old, younger than kart.complete-recheck-after: item 7
        // ran without another stat, and its publish (once) kept what the other node had published
        assertThat(storage.stats).doesNotContain(kart.outputs(new Item(7)).get(0).relativePath());
        assertThat(RAN).containsExactly(7);
        assertThat(Files.readString(item7)).isEqualTo("1007");
        // item 7's publish met the other node; on a store whose check is a round trip that does not make the
        // root be asked again before its attempt: its output was asked about once, by the walk
        String root = kart.outputs(new Fan(WIDTH)).get(0).relativePath();
        assertThat(storage.stats).filteredOn(root::equals).as("checks of the root's output").hasSize(1);
    }

    @Test
    void aChildPublishedRightAfterTheListingIsFoundBeforeItRunsWhenEveryAnswerIsRechecked() throws IOException {
        kart.close();
        kart = countingKart(Map.of("kart.complete-recheck-after", "0s"));
        Path item7 = publishItem7AfterTheNextListing(kart);

        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2 + 1000);

        // absent from the listing, item 7 was not complete for the walk; the check right before its
        // run (a stat) found the other node's object, so it did not run and the object was kept
        assertThat(storage.stats).contains(kart.outputs(new Item(7)).get(0).relativePath());
        assertThat(RAN).isEmpty();
        assertThat(Files.readString(item7)).isEqualTo("1007");
    }

    @Test
    void aCheckBeforeAnAttemptThatFailsLeavesTheAnswerToTheAttempt() throws IOException {
        String item7 = item7RemovedUnderARuntimeAskingBeforeEveryAttempt();
        AtomicInteger failed = new AtomicInteger();
        storage.beforeStat = path -> {
            if (path.equals(item7) && failed.getAndIncrement() == 0) {
                throw new IOException("simulated: the store did not answer");
            }
        };

        // the walk listed the items' directory; the stat right before item 7's attempt failed once: the attempt
        // ran, rather than the task failing for good without one
        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);
        assertThat(failed).as("stats of item 7 that failed or came after").hasValueGreaterThanOrEqualTo(1);
        assertThat(RAN).containsExactly(7);
    }

    @Test
    void aCheckBeforeAnAttemptCutShortByTheBuildsInterruptEndsTheTaskWithoutRunningIt() throws Exception {
        String item7 = item7RemovedUnderARuntimeAskingBeforeEveryAttempt();
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        storage.beforeStat = path -> {
            if (path.equals(item7)) {
                checking.countDown();
                try {
                    interrupted.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // an object store's client that throws for the interrupt, its flag cleared
                }
                throw new IOException("simulated: the request was cut short by an interrupt");
            }
        };
        CompletableFuture<BuildReport<Integer>> build = CompletableFuture.supplyAsync(
                () -> kart.run(new Fan(WIDTH), BuildOptions.defaults()));
        assertThat(checking.await(60, TimeUnit.SECONDS)).as("item 7 checked before its attempt").isTrue();

        kart.close();
        interrupted.countDown();

        BuildReport<Integer> report = build.get(60, TimeUnit.SECONDS);
        assertThat(report.interrupted()).as(report.summary()).isTrue();
        assertThat(RAN).as("items run after the build was interrupted").isEmpty();
    }

    /**
     * Opens a runtime that asks before every attempt ({@code kart.complete-recheck-after = 0s}), builds the fan with
     * it and removes the root's and item 7's outputs.
     *
     * @return item 7's output, workspace-relative
     */
    private String item7RemovedUnderARuntimeAskingBeforeEveryAttempt() throws IOException {
        kart.close();
        kart = countingKart(Map.of("kart.complete-recheck-after", "0s"));
        kart.build(new Fan(WIDTH));
        kart.remove(new Fan(WIDTH));
        String item7 = kart.outputs(new Item(7)).get(0).relativePath();
        kart.remove(new Item(7));
        RAN.clear();
        return item7;
    }

    /**
     * Builds the fan, removes the root's and item 7's outputs, and makes "another node" publish
     * item 7 (as 1007, so that whose object is kept shows) right after the next listing.
     */
    private Path publishItem7AfterTheNextListing(Kart runtime) throws IOException {
        runtime.build(new Fan(WIDTH));
        runtime.remove(new Fan(WIDTH));
        String relative = runtime.outputs(new Item(7)).get(0).relativePath();
        assertThat(relative).as("an Integer output is JSON").endsWith(".json");
        Path item7 = workspace.root().resolve(relative);
        runtime.remove(new Item(7));
        storage.afterList = () -> {
            try {
                Files.writeString(item7, "1007");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        RAN.clear();
        storage.resetCounts();
        return item7;
    }

    @Test
    void aFewChildrenAreStillCheckedOneByOne() {
        kart.build(new Fan(3));
        assertThat(storage.lists).as("listings of a cold build, which created every task's record").isEmpty();
        kart.remove(new Fan(3));
        storage.resetCounts();

        kart.build(new Fan(3));

        assertThat(storage.lists).as("the root's log directory, for records of earlier builds beside its record")
                .containsExactly("log/" + Fan.class.getPackageName().replace('.', '/') + "/");
        assertThat(storage.stats).filteredOn(path -> path.contains("/Item_")).hasSize(3);
    }
}
