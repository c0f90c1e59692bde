package dev.kart.core.internal.graph;

import static dev.kart.core.internal.graph.FanInTasks.RAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.Kart;
import dev.kart.core.fixtures.CountingStorage;
import dev.kart.core.fixtures.CountingWorkspace;
import dev.kart.core.internal.graph.FanInTasks.Fan;
import dev.kart.core.internal.graph.FanInTasks.Item;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph walk checks whether the outputs of a wide fan-in exist on several threads at once
 * ({@code kart.complete-check-threads}), as luigi's {@code parallel_scheduling} does in processes,
 * with the same answers as one check at a time: a child whose output is absent runs, the others do
 * not, and a store that cannot answer fails the build naming the file.
 */
class ParallelCompletenessTest {
    /** Below the fewest targets a directory is listed for (50), above the fewest checked in parallel (32). */
    private static final int WIDTH = 40;

    @TempDir
    Path directory;
    private CountingWorkspace workspace;
    private Kart kart;

    @BeforeEach
    void openCountingWorkspace() throws IOException {
        workspace = new CountingWorkspace(directory);
        RAN.clear();
    }

    @AfterEach
    void close() throws IOException {
        if (kart != null) {
            kart.close();
        }
        workspace.close();
    }

    /** Builds the fan on a new counting runtime with these threads, removes the root's output, and forgets what ran. */
    private CountingStorage builtWithRootRemoved(int threads) throws IOException {
        kart = workspace.open(Map.of("kart.complete-check-threads", threads));
        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);
        kart.remove(new Fan(WIDTH));
        RAN.clear();
        CountingStorage storage = workspace.storage();
        storage.resetCounts();
        return storage;
    }

    @Test
    void aWideFanInsChildrenAreCheckedOnSeveralThreadsAtOnce() throws IOException {
        CountingStorage storage = builtWithRootRemoved(4);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch twoAtOnce = new CountDownLatch(2);
        // each child's check waits until a second one has started: one thread alone would wait the
        // whole timeout on its first child, and then the assertion below fails
        storage.beforeStat = path -> {
            if (path.contains("/Item_")) {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                twoAtOnce.countDown();
                try {
                    twoAtOnce.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for a second check");
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        };

        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);

        assertThat(RAN).as("children run again").isEmpty();
        assertThat(mostInFlight.get()).as("children's checks in flight at once").isBetween(2, 4);
        assertThat(storage.stats).filteredOn(path -> path.contains("/Item_")).hasSize(WIDTH);
        assertThat(storage.statThreads).anyMatch(thread -> thread.startsWith("kart-existence-check-"));
    }

    @Test
    void oneThreadChecksEveryChildOnTheWalkingThread() throws IOException {
        CountingStorage storage = builtWithRootRemoved(1);

        assertThat(kart.build(new Fan(WIDTH))).isEqualTo(WIDTH * (WIDTH - 1) / 2);

        assertThat(RAN).isEmpty();
        assertThat(storage.stats).filteredOn(path -> path.contains("/Item_")).hasSize(WIDTH);
        // the root's own task info is asked for on the worker that runs it, after the walk
        assertThat(IntStream.range(0, storage.stats.size()).filter(i -> storage.stats.get(i).contains("/Item_"))
                .mapToObj(storage.statThreads::get)).as("threads of the children's checks")
                .containsOnly(Thread.currentThread().getName());
    }

    @Test
    void onALocalWorkspaceOnlyTheChildrenWhoseOutputsAreAbsentRun() {
        int width = 300;
        kart = Kart.builder().workspace(directory.resolve("local")).set("kart.durable", false)
                .set("kart.complete-check-threads", 4).build();
        kart.build(new Fan(width));
        kart.remove(new Fan(width));
        for (int removed : List.of(3, 77, 150, 299)) {
            assertThat(kart.remove(new Item(removed))).isEqualTo(1);
        }
        RAN.clear();

        assertThat(kart.build(new Fan(width))).isEqualTo(width * (width - 1) / 2);

        assertThat(RAN).containsExactlyInAnyOrder(3, 77, 150, 299);
        assertThat(IntStream.range(0, width).allMatch(i -> kart.isComplete(new Item(i)))).isTrue();
    }

    @Test
    void aStoreThatCannotAnswerForOneChildFailsTheBuildNamingItsFile() throws IOException {
        CountingStorage storage = builtWithRootRemoved(4);
        String item17 = kart.outputs(new Item(17)).get(0).relativePath();
        storage.beforeStat = path -> {
            if (path.equals(item17)) {
                throw new IOException("the disk went away");
            }
        };

        assertThatThrownBy(() -> kart.build(new Fan(WIDTH)))
                .hasMessageContaining(item17)
                .hasMessageContaining("the disk went away");
        assertThat(RAN).as("tasks run").isEmpty();
    }
}
