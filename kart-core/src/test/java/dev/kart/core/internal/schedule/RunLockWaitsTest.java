package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskRef;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.Internals;
import dev.kart.core.fixtures.RunLockOverride;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.NodeIdentity;
import dev.kart.core.internal.info.ProcessIdentity;
import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import dev.kart.lock.LockBackend;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a build's listener hears while a task waits for its run lock, which another node holds
 * (another backend over the same in-memory lock table): the holder's owner, fencing token and lease
 * expiry when the wait starts, again when a long wait sees the lease renewed, and the wait's end,
 * for {@code wait} and {@code defer}; and that nobody looks the holder up when nobody listens.
 */
class RunLockWaitsTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final String OTHER_NODE = "other-node:4170";

    @TempDir
    Path workspace;

    /**
     * Runs under its run lock and returns its name.
     *
     * @param name what it returns
     */
    @RunWithLock
    record Guarded(String name) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return name;
        }
    }

    @Test
    void aWaitingTaskIsToldWithItsHoldersOwnerTokenAndLeaseExpiryThenItsEnd() throws Exception {
        InMemoryLockBackend other = InMemoryLockBackend.isolated(LeaseSettings.of("kart", TTL, OTHER_NODE), LockClock.system());
        Events events = new Events();
        try (Kart kart = node(other.sharingTableWith(LeaseSettings.of("kart", TTL, "this-node:1")), CollisionPolicy.WAIT)) {
            Guarded task = new Guarded("wait-" + System.nanoTime());
            Instant before = Instant.now();
            Lease held = other.runLock().tryAcquire(kart.uniqueId(task)).orElseThrow();
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(task, BuildOptions.defaults().withListener(events)));

            RunLockWait wait = events.awaitWait(w -> true);
            Instant after = Instant.now();
            held.close();
            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(report.rootOutput()).contains(task.name());
            assertThat(wait.task().uniqueId()).isEqualTo(kart.uniqueId(task));
            assertThat(wait.policy()).isEqualTo(CollisionPolicy.WAIT);
            assertThat(wait.since()).isBetween(before, after);
            RunLockWait.Holder holder = wait.holder().orElseThrow();
            assertThat(holder.owner()).isEqualTo(OTHER_NODE);
            assertThat(holder.fencingToken()).isEqualTo(held.fencingToken());
            assertThat(holder.leaseExpires()).as("the holder's lease: taken before the wait, for the TTL")
                    .isBetween(before.plus(TTL).minusSeconds(1), after.plus(TTL));
            assertThat(events.names()).containsExactly("started", "waiting", "wait ended", "finished DONE");
        } finally {
            other.close();
        }
    }

    @Test
    void aDeferredTaskIsToldParkedWithItsHolderThenItsEndBeforeItStartsAgain() throws Exception {
        InMemoryLockBackend other = InMemoryLockBackend.isolated(LeaseSettings.of("kart", TTL, OTHER_NODE), LockClock.system());
        Events events = new Events();
        try (Kart kart = node(other.sharingTableWith(LeaseSettings.of("kart", TTL, "this-node:1")), CollisionPolicy.DEFER)) {
            Guarded task = new Guarded("defer-" + System.nanoTime());
            Lease held = other.runLock().tryAcquire(kart.uniqueId(task)).orElseThrow();
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(task, BuildOptions.defaults().withListener(events)));

            RunLockWait wait = events.awaitWait(w -> true);
            held.close();
            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(report.rootOutput()).contains(task.name());
            assertThat(wait.policy()).isEqualTo(CollisionPolicy.DEFER);
            assertThat(wait.holder()).map(RunLockWait.Holder::owner).contains(OTHER_NODE);
            assertThat(events.names()).as("the holder released without making the output: the task runs itself")
                    .containsExactly("started", "waiting", "wait ended", "started", "finished DONE");
        } finally {
            other.close();
        }
    }

    @Test
    void aParkedTaskWhoseBuildIsInterruptedIsToldItStoppedWaitingNotThatItsLockLooksFree() throws Exception {
        InMemoryLockBackend other = InMemoryLockBackend.isolated(LeaseSettings.of("kart", TTL, OTHER_NODE), LockClock.system());
        Lookups watched = new Lookups(other.sharingTableWith(LeaseSettings.of("kart", TTL, "this-node:1")));
        Events events = new Events();
        try (Kart kart = node(watched, CollisionPolicy.DEFER)) {
            Guarded task = new Guarded("interrupted-" + System.nanoTime());
            other.runLock().tryAcquire(kart.uniqueId(task)).orElseThrow();
            CompletableFuture<BuildReport<String>> build = new CompletableFuture<>();
            Thread caller = new Thread(() -> build.complete(kart.run(task, BuildOptions.defaults().withListener(events))));
            caller.start();

            events.awaitWait(w -> true);
            caller.interrupt();
            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);
            // as Redis's watch of the key ends when its client closes after the build: no sign the lock is free
            watched.watchEnds.complete(null);

            assertThat(report.interrupted()).as(report.summary()).isTrue();
            assertThat(other.runLock().holder(kart.uniqueId(task))).map(HeldLock::owner).contains(OTHER_NODE);
            assertThat(events.names()).as("stopped by the interrupt, never ended as if the lock looked free")
                    .containsExactly("started", "waiting", "wait stopped", "finished PARKED");
        } finally {
            other.close();
        }
    }

    @Test
    void aWaitOverBeforeItsFirstLookIsToldOfNeitherAsStartedNorAsEnded() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void taskWaitingForRunLock(RunLockWait wait) {
                heard.add("waiting");
            }

            @Override
            public void runLockWaitEnded(TaskRef task, boolean lockTaken) {
                heard.add("wait ended");
            }
        };
        CountDownLatch looking = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger looks = new AtomicInteger();
        try (Internals runtime = Runtimes.internals(workspace);
                WorkerPool pool = oneWorker(runtime)) {
            TaskNode node = runtime.graph(new Guarded("over-early"), false).nodes().get(0);
            RunLockWaits waits = new RunLockWaits(listener, pool);

            RunLockWaits.Wait wait = waits.started(node, CollisionPolicy.DEFER, Optional.empty(), () -> {
                looks.incrementAndGet();
                looking.countDown();
                awaitQuietly(answer);
                return Optional.empty();
            });
            assertThat(looking.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("the first look started").isTrue();
            // the holder released while the look was on its way
            wait.ended(false);
            answer.countDown();

            assertThat(ForkJoinPool.commonPool().awaitQuiescence(GUARD.toSeconds(), TimeUnit.SECONDS))
                    .as("the look is over").isTrue();
            assertThat(looks).hasValue(1);
            assertThat(heard).as("a wait never told of has no end to tell either").isEmpty();
        }
    }

    /**
     * The Redisson binding's holder writes the record that names it a moment after Redisson grants the lock; a first
     * look in between finds token 0. The next look comes well before {@link RunLockWaits#LOOK_AGAIN}, so what
     * {@code kart run} says after a second names the node rather than that gap.
     */
    @Test
    void aFirstLookThatCannotNameTheHolderIsFollowedSoonByAnotherThatCan() throws Exception {
        List<RunLockWait> heard = new CopyOnWriteArrayList<>();
        CountDownLatch named = new CountDownLatch(1);
        BuildListener listener = new BuildListener() {
            @Override
            public void taskWaitingForRunLock(RunLockWait wait) {
                heard.add(wait);
                if (wait.holder().filter(RunLockWait.Holder::known).isPresent()) {
                    named.countDown();
                }
            }
        };
        List<Long> lookedAt = new CopyOnWriteArrayList<>();
        try (Internals runtime = Runtimes.internals(workspace);
                WorkerPool pool = oneWorker(runtime)) {
            TaskNode node = runtime.graph(new Guarded("unrecorded-at-first"), false).nodes().get(0);
            RunLockWaits waits = new RunLockWaits(listener, pool);

            RunLockWaits.Wait wait = waits.started(node, CollisionPolicy.DEFER, Optional.empty(), () -> {
                lookedAt.add(System.nanoTime());
                // the first look comes between the grant and the record; every later one finds the record
                return Optional.of(lookedAt.size() == 1
                        ? new HeldLock("kart:run:x", LockMode.EXCLUSIVE, "redisson-id:77", 0, Duration.ZERO, TTL)
                        : new HeldLock("kart:run:x", LockMode.EXCLUSIVE, OTHER_NODE + "#3", 3, Duration.ZERO, TTL));
            });
            assertThat(named.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("a look named the holder: " + heard).isTrue();
            wait.ended(true);

            assertThat(heard).hasSize(2);
            assertThat(heard.get(0).holder().orElseThrow().known()).isFalse();
            assertThat(heard.get(1).holder().orElseThrow().owner()).isEqualTo(OTHER_NODE);
            // a bound seconds wide, not a timing of the half second: the look again after a named holder is 5 s on
            assertThat(Duration.ofNanos(lookedAt.get(1) - lookedAt.get(0)))
                    .as("the second look came sooner than the usual look again").isLessThan(RunLockWaits.LOOK_AGAIN);
        }
    }

    @Test
    void aLongWaitIsToldAgainWithTheExpiryOfTheRenewedLease() throws Exception {
        // renewed every second (a renewal may come seconds late on a busy machine, the lease still holds):
        // the look again, five seconds on, sees a later expiry
        InMemoryLockBackend other = InMemoryLockBackend.isolated(LeaseSettings.of("kart", Duration.ofSeconds(6), OTHER_NODE)
                .withRenewInterval(Duration.ofSeconds(1)), LockClock.system());
        Events events = new Events();
        try (Kart kart = node(other.sharingTableWith(LeaseSettings.of("kart", TTL, "this-node:1")), CollisionPolicy.WAIT)) {
            Guarded task = new Guarded("renewed-" + System.nanoTime());
            Lease held = other.runLock().tryAcquire(kart.uniqueId(task)).orElseThrow();
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(task, BuildOptions.defaults().withListener(events)));

            RunLockWait first = events.awaitWait(w -> true);
            RunLockWait renewed = events.awaitWait(w -> w != first);
            held.close();
            BuildReport<String> report = build.get(GUARD.toSeconds(), TimeUnit.SECONDS);

            assertThat(report.succeeded()).as(report.summary()).isTrue();
            assertThat(renewed.since()).as("the same wait").isEqualTo(first.since());
            assertThat(renewed.holder().orElseThrow().leaseExpires())
                    .isAfter(first.holder().orElseThrow().leaseExpires());
            assertThat(renewed.holder().orElseThrow().fencingToken()).isEqualTo(held.fencingToken());
        } finally {
            other.close();
        }
    }

    @Test
    void nobodyListeningMeansTheHolderIsNeverLookedUp() throws Exception {
        InMemoryLockBackend other = InMemoryLockBackend.isolated(LeaseSettings.of("kart", TTL, OTHER_NODE), LockClock.system());
        Lookups counted = new Lookups(other.sharingTableWith(LeaseSettings.of("kart", TTL, "this-node:1")));
        try (Kart kart = node(counted, CollisionPolicy.WAIT)) {
            Guarded free = new Guarded("free-" + System.nanoTime());
            assertThat(kart.run(free, BuildOptions.defaults().withListener(new Events())).succeeded()).isTrue();
            assertThat(counted.holderLookups.get()).as("lookups for a lock that was free").isZero();

            Guarded task = new Guarded("unheard-" + System.nanoTime());
            Lease held = other.runLock().tryAcquire(kart.uniqueId(task)).orElseThrow();
            CompletableFuture<BuildReport<String>> build = CompletableFuture.supplyAsync(
                    () -> kart.run(task, BuildOptions.defaults()));
            assertThat(counted.waiting.await(GUARD.toSeconds(), TimeUnit.SECONDS)).as("the task waits").isTrue();
            held.close();

            assertThat(build.get(GUARD.toSeconds(), TimeUnit.SECONDS).succeeded()).isTrue();
            assertThat(counted.holderLookups.get()).as("lookups with BuildListener.NONE").isZero();
        } finally {
            other.close();
        }
    }

    private Kart node(LockBackend locks, CollisionPolicy policy) {
        return Kart.builder().workspace(workspace).set("kart.durable", false)
                .set("kart.lock.on-collision", policy.name().toLowerCase(Locale.ROOT)).lockBackend(locks).build();
    }

    /** What the listener heard, in order. */
    private static final class Events implements BuildListener {
        private final List<Object> heard = new CopyOnWriteArrayList<>();

        @Override
        public void taskStarted(TaskRef task) {
            heard.add("started");
        }

        @Override
        public void taskWaitingForRunLock(RunLockWait wait) {
            heard.add(wait);
        }

        @Override
        public void runLockWaitEnded(TaskRef task) {
            heard.add("wait ended");
        }

        @Override
        public void runLockWaitStopped(TaskRef task) {
            heard.add("wait stopped");
        }

        @Override
        public void taskFinished(TaskOutcome outcome) {
            heard.add("finished " + outcome.state());
        }

        RunLockWait awaitWait(Predicate<RunLockWait> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + GUARD.toNanos();
            while (System.nanoTime() < deadline) {
                for (Object event : heard) {
                    if (event instanceof RunLockWait wait && wanted.test(wait)) {
                        return wait;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such taskWaitingForRunLock within " + GUARD + "; heard " + heard);
        }

        /** @return the events by name, the repeated waiting events of one wait (a renewed lease) read as one */
        List<String> names() {
            List<String> names = new ArrayList<>();
            for (Object event : heard) {
                String name = event instanceof RunLockWait ? "waiting" : (String) event;
                if (!name.equals("waiting") || names.isEmpty() || !names.get(names.size() - 1).equals("waiting")) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    /**
     * The in-memory backend, counting holder lookups and saying when a task waits for its run lock;
     * its watches of a lock also end when {@link #watchEnds} completes, as a Redis client's do when it closes.
     */
    private static final class Lookups extends RunLockOverride {
        final AtomicInteger holderLookups = new AtomicInteger();
        final CountDownLatch waiting = new CountDownLatch(1);
        final CompletableFuture<Void> watchEnds = new CompletableFuture<>();

        Lookups(InMemoryLockBackend delegate) {
            super(delegate);
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
            waiting.countDown();
            return super.acquire(uniqueId, timeout);
        }

        @Override
        public CompletionStage<Void> whenFree(String uniqueId) {
            return super.whenFree(uniqueId).applyToEither(watchEnds, ignored -> null);
        }

        @Override
        public Optional<HeldLock> holder(String uniqueId) {
            holderLookups.incrementAndGet();
            return super.holder(uniqueId);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A pool of one worker, as a node with {@code kart.workers = 1} runs: the waits' looks queue behind its task. */
    private static WorkerPool oneWorker(Internals runtime) {
        return new WorkerPool(1,
                new TaskOrder(runtime.settings(), new NodeIdentity(new ProcessIdentity("this-node", 1), 1)));
    }
}
