package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.BuildFailedException;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.RunLock;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunContextTest {
    private static final int BUILDS = 300;

    @TempDir
    Path workspace;

    record Leaf(int i) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return i;
        }
    }

    /**
     * Requires {@code leaves} leaves and loads them from the threads of a parallel stream, each by an
     * equal new instance (found by unique id); {@code round} only makes each build's root a new task.
     */
    record ParallelSum(int round, int leaves) implements Task<Long> {
        @Override
        public List<Task<?>> requires() {
            return leavesUpTo(leaves);
        }

        @Override
        public Long run(RunContext ctx) {
            return IntStream.range(0, leaves).parallel().mapToLong(i -> ctx.load(new Leaf(i))).sum();
        }
    }

    /** Requires {@code leaves} leaves and loads the one past them, which it does not require. */
    record LoadsOnePastItsLeaves(int leaves) implements Task<Integer> {
        @Override
        public List<Task<?>> requires() {
            return leavesUpTo(leaves);
        }

        @Override
        public Integer run(RunContext ctx) {
            return ctx.load(new Leaf(leaves));
        }
    }

    /** Loads its leaves by the very instances it required and by equal new ones. */
    record LoadsBothWays(int leaves) implements Task<Long> {
        @Override
        public List<Task<?>> requires() {
            return leavesUpTo(leaves);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Long run(RunContext ctx) {
            long sum = 0;
            for (Task<?> required : requires()) {
                sum += ctx.load((Task<Integer>) required);
            }
            for (int i = 0; i < leaves; i++) {
                sum += ctx.load(new Leaf(i));
            }
            return sum;
        }
    }

    /** Requires {@code leaves} leaves and loads those {@code asked} names, by equal new instances, in one call. */
    record LoadsAll(int leaves, List<Integer> asked) implements Task<List<Integer>> {
        @Override
        public List<Task<?>> requires() {
            return leavesUpTo(leaves);
        }

        @Override
        public List<Integer> run(RunContext ctx) {
            return ctx.loadAll(asked.stream().map(Leaf::new).toList());
        }
    }

    private static List<Task<?>> leavesUpTo(int count) {
        List<Task<?>> required = new ArrayList<>(count);
        IntStream.range(0, count).forEach(i -> required.add(new Leaf(i)));
        return required;
    }

    @Test
    void loadsFromManyThreadsOfOneTaskFindEveryDependency() {
        int leaves = 400;
        long expected = (long) leaves * (leaves - 1) / 2;
        List<String> failures = new ArrayList<>();
        try (Kart kart = Runtimes.kart(workspace)) {
            for (int round = 0; round < BUILDS; round++) {
                try {
                    assertThat(kart.build(new ParallelSum(round, leaves))).isEqualTo(expected);
                } catch (RuntimeException | AssertionError e) {
                    failures.add("build " + round + ": " + e.getMessage());
                }
            }
        }
        assertThat(failures).as("%s of %s builds failed; the first: %s", failures.size(), BUILDS,
                failures.isEmpty() ? "" : failures.get(0)).isEmpty();
    }

    @Test
    void loadsFindDependenciesByInstanceAndByUniqueIdWhetherFewOrMany() {
        try (Kart kart = Runtimes.kart(workspace)) {
            for (int leaves : new int[] {1, 8, 9, 400}) {
                assertThat(kart.build(new LoadsBothWays(leaves))).as("%s leaves", leaves)
                        .isEqualTo((long) leaves * (leaves - 1));
            }
        }
    }

    @Test
    void loadAllReturnsEachOutputInTheOrderAskedRepeatsIncluded() {
        // more than one batch of leases (CacheStore.LOAD_BATCH)
        List<Integer> reversed = IntStream.range(0, 1_100).map(i -> 1_099 - i).boxed().toList();
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThat(kart.build(new LoadsAll(3, List.of(2, 0, 2, 1)))).isEqualTo(List.of(2, 0, 2, 1));
            assertThat(kart.build(new LoadsAll(1_100, reversed))).isEqualTo(reversed);
            assertThat(kart.build(new LoadsAll(2, List.of()))).isEmpty();
        }
    }

    @Test
    void loadAllOfATaskThatIsNoDependencyNamesItAndLoadsNothing() {
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThatThrownBy(() -> kart.build(new LoadsAll(3, List.of(0, 3, 1))))
                    .isInstanceOf(BuildFailedException.class)
                    .hasMessageContaining("loadAll, task 2 of 3: ")
                    .hasMessageContaining("Leaf[i=3] is not a dependency of")
                    .hasMessageContaining("LoadsAll(leaves=3");
        }
    }

    /**
     * A dependency another node is publishing (it holds the exclusive cache lock of its output) is waited for on its
     * own, after the others were read: while the load waits for it, this node holds none of the batch's leases, which
     * could keep a writer of one of them waiting in turn. The other node's release ends the wait.
     */
    @Test
    void loadAllWaitsForAnOutputBeingPublishedHoldingNoOtherLease() throws Exception {
        InMemoryLockBackend otherNode = InMemoryLockBackend.isolated(LeaseSettings.of("kart", Duration.ofMinutes(1),
                "build-2:4170"), LockClock.system());
        CountingLeases thisNode = new CountingLeases(otherNode.sharingTableWith(LeaseSettings.of("kart",
                Duration.ofMinutes(1), "build-1:17")));
        try (otherNode; Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.lock.cache-wait-timeout", "1m").lockBackend(thisNode).build()) {
            for (int i = 0; i < 3; i++) {
                kart.build(new Leaf(i));
            }
            Lease publishing = otherNode.cacheLock().tryAcquire(kart.outputs(new Leaf(1)).get(0).relativePath(),
                    LockMode.EXCLUSIVE).orElseThrow();
            CompletableFuture<List<Integer>> build = CompletableFuture.supplyAsync(() -> kart.build(new LoadsAll(3,
                    List.of(0, 1, 2))));
            int heldWhileWaiting = thisNode.waiting.get(1, TimeUnit.MINUTES);
            publishing.close();

            assertThat(build.get(1, TimeUnit.MINUTES)).isEqualTo(List.of(0, 1, 2));
            assertThat(heldWhileWaiting).as("leases this node held while it waited for the one being published").isZero();
        }
    }

    /**
     * The shared cache locks of a {@code loadAll} go to the lock backend in one call each way, the same file's lock once
     * however often it is asked for; nothing waits when nothing is held by others.
     */
    @Test
    void loadAllTakesAndReleasesTheLocksOfItsFilesInOneCallEach() {
        CountingLeases thisNode = new CountingLeases(InMemoryLockBackend.isolated(LeaseSettings.of("kart",
                Duration.ofMinutes(1), "build-1:17"), LockClock.system()));
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).lockBackend(thisNode).build()) {
            for (int i = 0; i < 3; i++) {
                kart.build(new Leaf(i));
            }
            thisNode.batches.clear();
            thisNode.releases.clear();

            assertThat(kart.build(new LoadsAll(3, List.of(2, 0, 2, 1)))).isEqualTo(List.of(2, 0, 2, 1));

            assertThat(thisNode.batches).as("the targets of each tryAcquireAll")
                    .singleElement().satisfies(targets -> assertThat(targets).hasSize(3)
                            .allSatisfy(target -> assertThat(target).contains("Leaf_")));
            assertThat(thisNode.releases).as("the number of leases of each releaseAll").containsExactly(3);
            assertThat(thisNode.waiting).as("no load waited").isNotDone();
        }
    }

    /** This node's locks, counting the cache leases it holds; its first waiting load tells how many that were. */
    private static final class CountingLeases implements LockBackend {
        private final LockBackend backend;
        private final AtomicInteger held = new AtomicInteger();
        final CompletableFuture<Integer> waiting = new CompletableFuture<>();
        /** The targets of each tryAcquireAll, and how many leases each releaseAll was given. */
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<Integer> releases = new CopyOnWriteArrayList<>();

        CountingLeases(LockBackend backend) {
            this.backend = backend;
        }

        @Override
        public CacheLock cacheLock() {
            CacheLock lock = backend.cacheLock();
            return new CacheLock() {
                @Override
                public Optional<Lease> tryAcquire(String target, LockMode mode) {
                    return lock.tryAcquire(target, mode).map(this::counted);
                }

                @Override
                public List<Optional<Lease>> tryAcquireAll(List<String> targets, LockMode mode) {
                    batches.add(List.copyOf(targets));
                    return CacheLock.super.tryAcquireAll(targets, mode);
                }

                @Override
                public void releaseAll(List<? extends Lease> leases) {
                    releases.add(leases.size());
                    CacheLock.super.releaseAll(leases);
                }

                @Override
                public Optional<Lease> acquire(String target, LockMode mode, Duration timeout) throws InterruptedException {
                    if (mode == LockMode.SHARED) {
                        // a load's wait (the leaves' publishes wait for exclusive leases)
                        waiting.complete(held.get());
                    }
                    return lock.acquire(target, mode, timeout).map(this::counted);
                }

                private Lease counted(Lease lease) {
                    held.incrementAndGet();
                    return new Lease() {
                        private final AtomicBoolean closed = new AtomicBoolean();

                        @Override
                        public String key() {
                            return lease.key();
                        }

                        @Override
                        public LockMode mode() {
                            return lease.mode();
                        }

                        @Override
                        public long fencingToken() {
                            return lease.fencingToken();
                        }

                        @Override
                        public boolean isHeld() {
                            return lease.isHeld();
                        }

                        @Override
                        public void close() {
                            if (closed.compareAndSet(false, true)) {
                                held.decrementAndGet();
                            }
                            lease.close();
                        }
                    };
                }
            };
        }

        @Override
        public RunLock runLock() {
            return backend.runLock();
        }

        @Override
        public List<HeldLock> heldLocks() {
            return backend.heldLocks();
        }

        @Override
        public void close() {
            backend.close();
        }
    }

    @Test
    void loadingATaskThatIsNoDependencyNamesItWhetherDependenciesAreFewOrMany() {
        try (Kart kart = Runtimes.kart(workspace)) {
            for (int leaves : new int[] {0, 3, 400}) {
                assertThatThrownBy(() -> kart.build(new LoadsOnePastItsLeaves(leaves))).as("%s leaves", leaves)
                        .isInstanceOf(BuildFailedException.class)
                        .hasMessageContaining("Leaf[i=" + leaves + "] is not a dependency of")
                        .hasMessageContaining("LoadsOnePastItsLeaves(leaves=" + leaves + ")");
            }
        }
    }
}
