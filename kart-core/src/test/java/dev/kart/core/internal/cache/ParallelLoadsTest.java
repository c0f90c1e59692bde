package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.BuildFailedException;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.CountingStorage;
import dev.kart.core.fixtures.CountingWorkspace;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
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
 * {@code ctx.loadAll} reads the files of a batch on several threads at once ({@code kart.load-threads}; on a store
 * that is no local directory, 16 by default, a helper per file), with the same result as one at a time: the outputs in
 * the order asked, a file that cannot be read failing the task by the first such file in that order, and every lease
 * released.
 */
class ParallelLoadsTest {
    /** Above the fewest files read on several threads (32). */
    private static final int WIDTH = 40;

    record Part(int index) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return index;
        }
    }

    /** Loads its parts in one call, last first. */
    record Whole(int width) implements Task<List<Integer>> {
        @Override
        public List<Task<?>> requires() {
            return IntStream.range(0, width).<Task<?>>mapToObj(Part::new).toList();
        }

        @Override
        public List<Integer> run(RunContext ctx) {
            return ctx.loadAll(IntStream.range(0, width).map(i -> width - 1 - i).mapToObj(Part::new).toList());
        }
    }

    @TempDir
    Path directory;
    private CountingWorkspace workspace;
    private Kart kart;

    @BeforeEach
    void openCountingWorkspace() throws IOException {
        workspace = new CountingWorkspace(directory);
    }

    @AfterEach
    void close() throws IOException {
        if (kart != null) {
            kart.close();
        }
        workspace.close();
    }

    /** Builds the whole and its parts on a new counting runtime with these settings, then removes the whole's output. */
    private CountingStorage builtWithWholeRemoved(Map<String, Object> settings) throws IOException {
        kart = workspace.open(settings);
        kart.build(new Whole(WIDTH));
        kart.remove(new Whole(WIDTH));
        CountingStorage storage = workspace.storage();
        storage.resetCounts();
        return storage;
    }

    private static List<Integer> lastFirst() {
        return IntStream.range(0, WIDTH).map(i -> WIDTH - 1 - i).boxed().toList();
    }

    @Test
    void aWideLoadAllFromAnObjectStoreReadsOnSeveralThreadsAtOnceByDefault() throws IOException {
        CountingStorage storage = builtWithWholeRemoved(Map.of());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch twoAtOnce = new CountDownLatch(2);
        // each part's read waits until a second one has started: one thread alone would wait the whole bound on its
        // first part, and the assertion below fails
        storage.beforeRead = path -> {
            if (path.contains("/Part_")) {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                twoAtOnce.countDown();
                try {
                    if (!twoAtOnce.await(30, TimeUnit.SECONDS)) {
                        // one thread alone: wait no more, the assertion below fails
                        twoAtOnce.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for a second read");
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        };

        assertThat(kart.build(new Whole(WIDTH))).isEqualTo(lastFirst());

        assertThat(mostInFlight.get()).as("parts' reads in flight at once").isGreaterThanOrEqualTo(2);
        assertThat(storage.readThreads.entrySet()).filteredOn(read -> read.getKey().contains("/Part_"))
                .hasSize(WIDTH)
                .extracting(Map.Entry::getValue).as("threads of the parts' reads")
                .anyMatch(thread -> thread.startsWith("kart-load-"));
    }

    @Test
    void oneLoadThreadReadsEveryFileOnTheTasksOwnThread() throws IOException {
        CountingStorage storage = builtWithWholeRemoved(Map.of("kart.load-threads", 1));

        assertThat(kart.build(new Whole(WIDTH))).isEqualTo(lastFirst());

        assertThat(storage.readThreads.entrySet()).filteredOn(read -> read.getKey().contains("/Part_"))
                .hasSize(WIDTH)
                .extracting(Map.Entry::getValue).as("threads of the parts' reads")
                .containsOnly(storage.readThreads.get(kart.outputs(new Part(0)).get(0).relativePath()))
                .noneMatch(thread -> thread.startsWith("kart-load-"));
    }

    /**
     * Of two files that cannot be read, the failure told is the one one read at a time would have met first (the
     * later one here fails first in time): the same message whatever the threads.
     */
    @Test
    void filesThatCannotBeReadFailTheTaskByTheFirstInTheOrderAsked() throws IOException {
        CountingStorage storage = builtWithWholeRemoved(Map.of("kart.load-threads", 4));
        // asked last first: part 30 is asked before part 5
        String part30 = kart.outputs(new Part(30)).get(0).relativePath();
        String part5 = kart.outputs(new Part(5)).get(0).relativePath();
        CountDownLatch part5Failed = new CountDownLatch(1);
        storage.beforeRead = path -> {
            if (path.equals(part5)) {
                part5Failed.countDown();
                throw new IOException("the disk went away under part 5");
            }
            if (path.equals(part30)) {
                try {
                    part5Failed.await(30, TimeUnit.SECONDS);
                    // and its failure handed on (a code that kept the first failure in time would now tell part 5's);
                    // however late, the right code tells part 30's
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("the disk went away under part 30");
            }
        };

        assertThatThrownBy(() -> kart.build(new Whole(WIDTH)))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining(part30)
                .hasMessageContaining("the disk went away under part 30")
                .hasMessageNotContaining("under part 5");
    }

    /** A load that failed on several threads leaves no shared lease held: each part can be removed at once. */
    @Test
    void aFailedLoadLeavesEveryFileFreeForAWriter() throws IOException {
        CountingStorage storage = builtWithWholeRemoved(Map.of("kart.load-threads", 4, "kart.lock.cache-wait-timeout", "1s"));
        String part20 = kart.outputs(new Part(20)).get(0).relativePath();
        storage.beforeRead = path -> {
            if (path.equals(part20)) {
                throw new IOException("the disk went away under part 20");
            }
        };
        assertThatThrownBy(() -> kart.build(new Whole(WIDTH))).hasMessageContaining("under part 20");
        storage.beforeRead = path -> { };

        for (int i = 0; i < WIDTH; i++) {
            assertThat(kart.remove(new Part(i))).as("files of part %s removed under its exclusive cache lock", i).isEqualTo(1);
        }
    }
}
