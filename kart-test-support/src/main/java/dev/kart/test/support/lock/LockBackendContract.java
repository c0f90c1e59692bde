package dev.kart.test.support.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kart.lock.HeldLock;
import dev.kart.lock.Lease;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import dev.kart.lock.LeaseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every lock backend meets. A backend's test extends this class and says how to open
 * the backend; the tests here run unchanged against it. Backends on a real server keep the default
 * {@link #letTimePass}, which sleeps; an in-process backend on a manual clock advances the clock.
 *
 * <p>The tests assert invariants, never durations: mutual exclusion is checked by counting holders
 * inside the critical section, and waits are bounded only by generous hang guards. Each test works
 * under a fresh key prefix, so tests never see each other's locks, even on one shared server. The
 * only lease times that matter are {@link #shortTtl()} (for leases that expire unrenewed),
 * {@link #renewedTtl()} (for leases kept by renewal, among them that of a shared holder in another
 * process, {@link #startHolder}, that dies beside a long-TTL one), and a long TTL that never runs out
 * during a test.
 */
public abstract class LockBackendContract {
    /** A TTL no test outlives, for tests where expiry must not interfere. */
    private static final Duration LONG_TTL = Duration.ofSeconds(60);
    /** How long a waiting acquire may wait in tests where it is expected to be woken earlier. */
    private static final Duration LONG_WAIT = Duration.ofSeconds(60);
    /** The most any single step of a test may take before the test fails as hung. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    /**
     * How far past an unrenewed lease's TTL a test looks for it to have ended: the wait starts after
     * the lease was granted, so the key's expiry lies behind it whatever the machine's load (a slow
     * machine only makes the wait longer); the slack covers the server's expiry resolution.
     */
    private static final Duration PAST_EXPIRY = Duration.ofMillis(500);
    private static final String TARGET = "dev/kart/sample/Sample_0123abcd.json";
    private static final String UNIQUE_ID = "0123456789abcdef0123456789abcdef";

    private final List<LockBackend> opened = new ArrayList<>();
    private final List<Thread> started = new ArrayList<>();
    private final List<LeaseHolderProcess> holders = new ArrayList<>();
    private String prefix;

    /** For a backend's test class, which says how to open the backend. */
    protected LockBackendContract() {
    }

    /**
     * Opens the backend under test. Every call with the same prefix must see the same locks, as two
     * processes of one application would.
     *
     * @param lease prefix, TTL, renew interval and owner; the backend adds its own settings (such
     *     as where its server is)
     * @return an open backend; closed after each test
     */
    protected abstract LockBackend openBackend(LeaseSettings lease);

    /**
     * Lease settings for a test: a fresh prefix and the given TTL, renewed every third of it.
     *
     * @param prefix the key prefix
     * @param ttl the TTL
     * @return the settings
     */
    protected LeaseSettings settings(String prefix, Duration ttl) {
        return LeaseSettings.of(prefix, ttl, "test:" + ProcessHandle.current().pid());
    }

    /**
     * Lets lease time pass.
     *
     * @param duration how much
     * @throws InterruptedException when interrupted
     */
    protected void letTimePass(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /**
     * The TTL of the leases a test lets expire unrenewed: a lease granted under it stays held through
     * a slow round trip. Each test that lets one expire waits this TTL.
     *
     * @return a TTL of a few seconds
     */
    protected Duration shortTtl() {
        return Duration.ofSeconds(3);
    }

    /**
     * The TTL of the leases a test keeps by renewal, every third of it: that of
     * {@link #renewalKeepsALeaseHeldPastItsTtl}, and that of the holder that dies in
     * {@link #aLiveSharedHolderKeepsItsKeyWhenAShorterTtlHolderDies}. A renewal may then come over a
     * third of it late on a busy machine and the lease still holds. Override it when a backend needs a
     * longer renew interval than {@link #shortTtl()} gives, such as one whose client waits for each
     * command less than the renew interval; those two tests last one and a half and four times it.
     *
     * @return a TTL of a few seconds; {@link #shortTtl()} unless overridden
     */
    protected Duration renewedTtl() {
        return shortTtl();
    }

    /**
     * @param lease the lease settings
     * @return an open backend, closed after the test
     */
    protected final LockBackend open(LeaseSettings lease) {
        LockBackend backend = openBackend(lease);
        opened.add(backend);
        return backend;
    }

    /**
     * @return the key prefix of the current test: fresh for each test, shared by every backend the
     *     test opens through {@link #backend(Duration)}
     */
    protected final String prefix() {
        return prefix;
    }

    /**
     * Opens one more backend of the current test's application (its prefix), as another process
     * of it would.
     *
     * @param ttl the lease TTL
     * @return an open backend renewing every third of the TTL, closed after the test
     */
    protected final LockBackend backend(Duration ttl) {
        return open(settings(prefix, ttl));
    }

    /**
     * Starts another process of the current test's application that takes a cache lease without
     * waiting and holds it, and returns once it holds it. The default runs it in this JVM, over a
     * backend of its own from {@link #openBackend}: killing it closes that backend without closing
     * the lease, which stops the lease's renewals as the death of a process would. A backend that
     * several JVMs share overrides it to start a real JVM with {@link LeaseHolderJvm}, which is
     * killed with SIGKILL.
     *
     * @param name a name for messages
     * @param lease its lease settings: the test's prefix, its own TTL and owner
     * @param target the cache target
     * @param mode shared or exclusive
     * @return the holder, holding its lease; ended after the test
     * @throws AssertionError when it could not take the lease
     * @throws InterruptedException when interrupted while it starts
     */
    protected LeaseHolderProcess startHolder(String name, LeaseSettings lease, String target, LockMode mode)
            throws InterruptedException {
        return InProcessLeaseHolder.start(openBackend(lease), target, mode);
    }

    private LeaseHolderProcess holder(String name, Duration ttl, LockMode mode) throws InterruptedException {
        LeaseHolderProcess holder = startHolder(name, settings(prefix, ttl).withOwner(name + ":" + ProcessHandle.current().pid()),
                TARGET, mode);
        holders.add(holder);
        return holder;
    }

    @BeforeEach
    final void choosePrefix() {
        prefix = "contract-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @AfterEach
    final void closeBackends() {
        // threads a failed test left waiting must not hold on to the backends closed below
        for (Thread thread : started) {
            thread.interrupt();
            try {
                thread.join(HANG_GUARD.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        started.clear();
        holders.forEach(LeaseHolderProcess::close);
        holders.clear();
        opened.forEach(LockBackend::close);
        opened.clear();
    }

    // ----- keys and leases

    /**
     * Lease keys are {@code {prefix}:cache:{target}} and {@code {prefix}:run:{uniqueId}}; a lease is
     * held until closed, and closing it twice is harmless.
     */
    @Test
    public void leaseKeysNamePrefixKindAndTarget() {
        LockBackend backend = backend(LONG_TTL);
        Lease run = take(backend.runLock().tryAcquire(UNIQUE_ID));
        try (Lease cache = take(backend.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
                Lease shared = take(backend.cacheLock().tryAcquire("other/Target_1.csv", LockMode.SHARED))) {
            assertEquals(prefix + ":cache:" + TARGET, cache.key());
            assertEquals(LockMode.EXCLUSIVE, cache.mode());
            assertEquals(prefix + ":cache:other/Target_1.csv", shared.key());
            assertEquals(LockMode.SHARED, shared.mode());
            assertEquals(prefix + ":run:" + UNIQUE_ID, run.key());
            assertEquals(LockMode.EXCLUSIVE, run.mode());
            assertTrue(cache.isHeld() && shared.isHeld() && run.isHeld(), "fresh leases are held");

            run.close();
            run.close();
            assertFalse(run.isHeld(), "a closed lease is not held");
            try (Lease again = take(backend.runLock().tryAcquire(UNIQUE_ID))) {
                assertTrue(again.isHeld(), "a closed lease frees its key");
            }
        }
    }

    // ----- mutual exclusion

    /**
     * However many threads of two processes contend, at most one holds the exclusive cache lock of a
     * target at a time: a counter incremented without atomicity inside the lock loses no update.
     *
     * @throws Exception when a thread fails
     */
    @Test
    public void exclusiveCacheLockAdmitsOneHolderAtATime() throws Exception {
        LockBackend first = backend(LONG_TTL);
        LockBackend second = backend(LONG_TTL);
        assertMutualExclusion(thread -> (thread % 2 == 0 ? first : second).cacheLock()
                .acquire(TARGET, LockMode.EXCLUSIVE, LONG_WAIT));
    }

    /**
     * However many threads of two processes contend, at most one holds the run lock of a task at a
     * time: a counter incremented without atomicity inside the lock loses no update.
     *
     * @throws Exception when a thread fails
     */
    @Test
    public void runLockAdmitsOneHolderAtATime() throws Exception {
        LockBackend first = backend(LONG_TTL);
        LockBackend second = backend(LONG_TTL);
        assertMutualExclusion(thread -> (thread % 2 == 0 ? first : second).runLock().acquire(UNIQUE_ID, LONG_WAIT));
    }

    /**
     * Shared holders coexist, an exclusive holder is alone: a shared holder blocks an exclusive
     * taker, two shared holders coexist, and an exclusive holder blocks shared and exclusive takers.
     */
    @Test
    public void sharedHoldersCoexistAndAnExclusiveHolderIsAlone() {
        LockBackend first = backend(LONG_TTL);
        LockBackend second = backend(LONG_TTL);

        Lease reader = take(first.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        Lease otherReader = take(second.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        assertAbsent(second.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE), "an exclusive lease while shared ones are held");
        reader.close();
        assertAbsent(first.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE), "an exclusive lease while one shared is held");
        otherReader.close();

        Lease writer = take(first.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
        assertAbsent(second.cacheLock().tryAcquire(TARGET, LockMode.SHARED), "a shared lease while an exclusive one is held");
        assertAbsent(second.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE), "a second exclusive lease");
        writer.close();

        take(second.cacheLock().tryAcquire(TARGET, LockMode.SHARED)).close();
    }

    /**
     * Under many threads mixing loads and dumps, readers are never inside while a writer is, and
     * writers are alone.
     *
     * @throws Exception when a thread fails
     */
    @Test
    public void readersAndWritersKeepTheirInvariantUnderContention() throws Exception {
        LockBackend first = backend(LONG_TTL);
        LockBackend second = backend(LONG_TTL);
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger writers = new AtomicInteger();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        runThreads(6, 60, (thread, iteration) -> {
            LockBackend backend = thread % 2 == 0 ? first : second;
            boolean write = ThreadLocalRandom.current().nextInt(4) == 0;
            try (Lease lease = take(backend.cacheLock().acquire(TARGET, write ? LockMode.EXCLUSIVE : LockMode.SHARED,
                    LONG_WAIT))) {
                assertTrue(lease.isHeld(), "a lease inside its critical section is held");
                if (write) {
                    int inside = writers.incrementAndGet();
                    if (inside != 1 || readers.get() != 0) {
                        violations.add("writer inside with " + inside + " writers and " + readers.get() + " readers");
                    }
                    Thread.yield();
                    writers.decrementAndGet();
                } else {
                    readers.incrementAndGet();
                    if (writers.get() != 0) {
                        violations.add("reader inside with " + writers.get() + " writers");
                    }
                    Thread.yield();
                    readers.decrementAndGet();
                }
            }
        });
        assertTrue(violations.isEmpty(), () -> "shared/exclusive invariant broken: " + List.copyOf(violations));
    }

    // ----- try, timeout and waking

    /**
     * While another process holds a lock, {@code tryAcquire} returns empty and an acquire with a
     * timeout returns empty once the timeout passed, for both locks.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void tryAndTimeoutReturnEmptyWhileHeld() throws InterruptedException {
        LockBackend holder = backend(LONG_TTL);
        LockBackend other = backend(LONG_TTL);
        try (Lease cache = take(holder.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
                Lease run = take(holder.runLock().tryAcquire(UNIQUE_ID))) {
            assertAbsent(other.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE), "tryAcquire of a held cache lock");
            assertAbsent(other.runLock().tryAcquire(UNIQUE_ID), "tryAcquire of a held run lock");
            assertAbsent(other.cacheLock().acquire(TARGET, LockMode.SHARED, Duration.ofMillis(200)),
                    "a timed acquire of a held cache lock");
            assertAbsent(other.runLock().acquire(UNIQUE_ID, Duration.ofMillis(200)), "a timed acquire of a held run lock");
            assertTrue(cache.isHeld() && run.isHeld(), "the holder keeps its leases");
        }
    }

    /**
     * An acquire waiting with a long timeout gets the lock when the holder releases it mid-wait:
     * it is woken by the release, not by its timeout (which would return empty).
     *
     * @throws Exception when the waiter fails
     */
    @Test
    public void aWaitingAcquireIsWokenByTheRelease() throws Exception {
        LockBackend holder = backend(LONG_TTL);
        LockBackend waiter = backend(LONG_TTL);

        Lease cache = take(holder.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
        CompletableFuture<Object> cacheWait = inThread(() -> waiter.cacheLock().acquire(TARGET, LockMode.SHARED, LONG_WAIT));
        Lease run = take(holder.runLock().tryAcquire(UNIQUE_ID));
        CompletableFuture<Object> runWait = inThread(() -> waiter.runLock().acquire(UNIQUE_ID, LONG_WAIT));
        pauseForWaiters();
        cache.close();
        run.close();

        try (Lease woken = takeResult(cacheWait, "a shared acquire waiting for an exclusive holder");
                Lease wokenRun = takeResult(runWait, "a run-lock acquire waiting for its holder")) {
            assertTrue(woken.isHeld() && wokenRun.isHeld(), "the woken waiters hold their leases");
            assertAbsent(holder.runLock().tryAcquire(UNIQUE_ID), "the run lock taken by the woken waiter");
        }
    }

    // ----- several targets at once

    /**
     * {@link dev.kart.lock.CacheLock#tryAcquireAll} answers each target as {@code tryAcquire} would, in order: free targets
     * granted (shared beside another process's shared holder, each lease with a token of its own), a target held
     * exclusively by another process refused without waiting, nothing asked for nothing; the leases granted keep
     * writers out until {@link dev.kart.lock.CacheLock#releaseAll} releases them together, after which a writer takes
     * each target at once.
     */
    @Test
    public void severalTargetsAreTakenAndReleasedTogether() {
        LockBackend reader = backend(LONG_TTL);
        LockBackend other = backend(LONG_TTL);
        List<String> targets = List.of("a/Load_1.json", "a/Load_2.json", "b/Load_3.csv", "b/Load_4.csv", TARGET);
        Lease otherReader = take(other.cacheLock().tryAcquire("a/Load_2.json", LockMode.SHARED));
        Lease writer = take(other.cacheLock().tryAcquire("b/Load_3.csv", LockMode.EXCLUSIVE));
        assertEquals(List.of(), reader.cacheLock().tryAcquireAll(List.of(), LockMode.SHARED), "no targets, no leases");

        List<Optional<Lease>> leases = reader.cacheLock().tryAcquireAll(targets, LockMode.SHARED);
        assertEquals(targets.size(), leases.size(), "one answer per target");
        assertAbsent(leases.get(2), "b/Load_3.csv, held exclusively by another process");
        List<Lease> granted = new ArrayList<>();
        Map<String, Long> tokens = new HashMap<>();
        for (int i : new int[] {0, 1, 3, 4}) {
            Lease lease = take(leases.get(i));
            granted.add(lease);
            tokens.put(targets.get(i), lease.fencingToken());
            assertEquals(prefix + ":cache:" + targets.get(i), lease.key(), "the lease of target " + i);
            assertEquals(LockMode.SHARED, lease.mode());
            assertTrue(lease.isHeld() && lease.fencingToken() > 0, lease + " held, with a token");
        }
        otherReader.close();
        for (String target : List.of("a/Load_1.json", "a/Load_2.json", "b/Load_4.csv", TARGET)) {
            assertAbsent(other.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE), "a writer of " + target
                    + " while the batch holds it shared");
        }

        reader.cacheLock().releaseAll(granted);
        assertTrue(granted.stream().noneMatch(Lease::isHeld), "released leases are not held: " + granted);
        reader.cacheLock().releaseAll(granted);
        writer.close();
        for (String target : targets) {
            Lease next = take(other.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE));
            // tokens grow across the acquisitions of a key (Lease#fencingToken); keys of different counters (a Redis
            // Cluster's slot groups, each started from the server's clock) may hand out the same number
            Long batchToken = tokens.get(target);
            assertTrue(batchToken == null || next.fencingToken() > batchToken, "the next grant of " + target + ", "
                    + next + ", has a larger token than the batch's, " + batchToken);
            next.close();
        }
    }

    /**
     * Exclusive leases taken together are each alone, as {@code tryAcquire}'s: another process's shared and exclusive
     * takers are refused until the release.
     */
    @Test
    public void exclusiveLeasesTakenTogetherKeepOthersOut() {
        LockBackend writer = backend(LONG_TTL);
        LockBackend other = backend(LONG_TTL);
        List<String> targets = List.of("c/Dump_1.json", "c/Dump_2.json", "c/Dump_3.json");
        List<Lease> granted = writer.cacheLock().tryAcquireAll(targets, LockMode.EXCLUSIVE).stream()
                .map(LockBackendContract::take).toList();
        for (String target : targets) {
            assertAbsent(other.cacheLock().tryAcquire(target, LockMode.SHARED), "a reader of " + target);
            assertAbsent(other.cacheLock().tryAcquire(target, LockMode.EXCLUSIVE), "a second writer of " + target);
        }
        assertTrue(writer.cacheLock().tryAcquireAll(targets, LockMode.SHARED).stream().allMatch(Optional::isEmpty),
                "the writer's own second batch is refused too: a lease is no re-entrant lock");
        writer.cacheLock().releaseAll(granted);
        take(other.cacheLock().tryAcquire("c/Dump_2.json", LockMode.EXCLUSIVE)).close();
    }

    /**
     * A writer waiting for a target that a batch holds shared is woken by the batch's release, as by a single
     * lease's.
     *
     * @throws Exception when a thread fails
     */
    @Test
    public void aWriterWaitingForABatchIsWokenByItsRelease() throws Exception {
        LockBackend reader = backend(LONG_TTL);
        LockBackend writer = backend(LONG_TTL);
        List<Lease> granted = reader.cacheLock().tryAcquireAll(List.of("d/Load_1.json", TARGET), LockMode.SHARED).stream()
                .map(LockBackendContract::take).toList();
        CompletableFuture<Object> writerWait = inThread(() -> writer.cacheLock().acquire(TARGET, LockMode.EXCLUSIVE, LONG_WAIT));
        pauseForWaiters();
        reader.cacheLock().releaseAll(granted);
        try (Lease woken = takeResult(writerWait, "an exclusive acquire waiting for a batch of shared leases")) {
            assertTrue(woken.isHeld(), "the woken writer holds its lease");
        }
    }

    // ----- expiry and renewal

    /**
     * A lease that is not renewed expires after its TTL: another process then takes the lock, and
     * the first holder sees {@code isHeld() == false}.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void anUnrenewedLeaseExpiresAfterItsTtl() throws InterruptedException {
        Duration ttl = shortTtl();
        LockBackend holder = open(settings(prefix, ttl).withoutRenewal());
        LockBackend other = backend(LONG_TTL);
        Lease cache = take(holder.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
        Lease run = take(holder.runLock().tryAcquire(UNIQUE_ID));

        letTtlRunOut(ttl);

        assertFalse(cache.isHeld(), "an unrenewed cache lease is held after its TTL");
        assertFalse(run.isHeld(), "an unrenewed run lease is held after its TTL");
        try (Lease takenOver = take(other.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
                Lease runTakenOver = take(other.runLock().tryAcquire(UNIQUE_ID))) {
            assertTrue(takenOver.isHeld() && runTakenOver.isHeld(), "the new holder holds the expired keys");
        }
    }

    /**
     * A renewed lease outlives its TTL: held for one and a half TTLs, it stays held at every half
     * TTL and no one else can take its key.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void renewalKeepsALeaseHeldPastItsTtl() throws InterruptedException {
        Duration ttl = renewedTtl();
        LockBackend holder = backend(ttl);
        LockBackend other = backend(LONG_TTL);
        try (Lease cache = take(holder.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
                Lease run = take(holder.runLock().tryAcquire(UNIQUE_ID))) {
            for (int step = 1; step <= 3; step++) {
                letTimePass(ttl.dividedBy(2));
                assertTrue(cache.isHeld(), "a renewed cache lease was lost after " + step + " half TTLs");
                assertTrue(run.isHeld(), "a renewed run lease was lost after " + step + " half TTLs");
                assertAbsent(other.cacheLock().tryAcquire(TARGET, LockMode.SHARED), "a renewed cache lease's key");
                assertAbsent(other.runLock().tryAcquire(UNIQUE_ID), "a renewed run lease's key");
            }
        }
    }

    /**
     * Shared holders need not share one TTL. Three processes: a shared holder with a long TTL, a
     * second shared holder of the same target with a TTL of a few seconds that dies without releasing
     * (SIGKILL where the holders are real processes), and a writer that tries the exclusive lease
     * all along, for three times the dead holder's TTL after its death. The writer never gets in
     * while the long-TTL holder lives, whose lease stays held; once it releases, the writer gets the
     * lease at once.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void aLiveSharedHolderKeepsItsKeyWhenAShorterTtlHolderDies() throws InterruptedException {
        Duration dyingTtl = renewedTtl();
        LockBackend writer = backend(LONG_TTL);
        LeaseHolderProcess longReader = holder("long-ttl-reader", LONG_TTL, LockMode.SHARED);
        LeaseHolderProcess shortReader = holder("short-ttl-reader", dyingTtl, LockMode.SHARED);

        // the short-TTL reader lives through a few of its renewals, then dies without releasing
        assertWriterKeptOut(writer, dyingTtl, dyingTtl, "while both readers live");
        shortReader.kill();
        assertWriterKeptOut(writer, dyingTtl, dyingTtl.multipliedBy(3), "after the short-TTL reader died");

        assertTrue(longReader.release(), "the long-TTL reader's lease was lost before it released");
        try (Lease written = take(writer.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE))) {
            assertTrue(written.fencingToken() > Math.max(longReader.fencingToken(), shortReader.fencingToken()),
                    "the writer's token " + written.fencingToken() + " after the readers' " + longReader.fencingToken()
                            + " and " + shortReader.fencingToken());
        }
    }

    /** Tries the exclusive lease every third of the dying holder's TTL for {@code duration}: each try must be refused. */
    private void assertWriterKeptOut(LockBackend writer, Duration dyingTtl, Duration duration, String when)
            throws InterruptedException {
        Duration step = dyingTtl.dividedBy(3);
        for (Duration passed = Duration.ZERO; passed.compareTo(duration) < 0; passed = passed.plus(step)) {
            assertAbsent(writer.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE),
                    "an exclusive lease " + when + ", " + passed.toMillis() + " ms in, while the long-TTL reader holds");
            letTimePass(step);
        }
        assertAbsent(writer.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE),
                "an exclusive lease " + when + ", " + duration.toMillis() + " ms in, while the long-TTL reader holds");
    }

    // ----- fencing

    /**
     * Fencing tokens are positive (0 is what {@code HeldLock} shows for a holder the backend cannot name) and grow
     * strictly across successive holders of a key, whichever process of the application takes it, after a release
     * as after an expiry, and after shared holders.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void fencingTokensGrowStrictlyAcrossHolders() throws InterruptedException {
        LockBackend first = backend(LONG_TTL);
        LockBackend second = backend(LONG_TTL);
        // the first lease too must be above 0: a token-0 holder reads as one kart cannot name
        long previous = 0;
        for (int round = 0; round < 6; round++) {
            LockBackend backend = round % 2 == 0 ? first : second;
            try (Lease lease = take(backend.runLock().tryAcquire(UNIQUE_ID))) {
                assertTrue(lease.fencingToken() > previous, "run lease " + round + " got token " + lease.fencingToken()
                        + " after " + previous);
                previous = lease.fencingToken();
            }
        }

        Lease reader = take(first.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        Lease otherReader = take(second.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        assertTrue(reader.fencingToken() > 0 && otherReader.fencingToken() > 0, "shared leases got tokens "
                + reader.fencingToken() + " and " + otherReader.fencingToken() + "; tokens are positive");
        long readers = Math.max(reader.fencingToken(), otherReader.fencingToken());
        reader.close();
        otherReader.close();
        try (Lease writer = take(second.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE))) {
            assertTrue(writer.fencingToken() > readers, "an exclusive lease after shared ones got token "
                    + writer.fencingToken() + " after " + readers);
        }

        Duration ttl = shortTtl();
        LockBackend forgetful = open(settings(prefix, ttl).withoutRenewal());
        Lease expiring = take(forgetful.runLock().tryAcquire(UNIQUE_ID));
        letTtlRunOut(ttl);
        try (Lease successor = take(second.runLock().tryAcquire(UNIQUE_ID))) {
            assertTrue(successor.fencingToken() > expiring.fencingToken(), "the holder after an expiry got token "
                    + successor.fencingToken() + " after " + expiring.fencingToken());
        }
    }

    // ----- close by a former holder

    /**
     * Closing a lease that expired and passed to another holder does not release the new holder's
     * lease, however often it is closed; and closing the new lease twice does not release a third
     * holder's.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void closeByAFormerHolderLeavesTheNewHolderAlone() throws InterruptedException {
        Duration ttl = shortTtl();
        LockBackend former = open(settings(prefix, ttl).withoutRenewal());
        LockBackend current = backend(LONG_TTL);
        LockBackend third = backend(LONG_TTL);
        Lease expired = take(former.runLock().tryAcquire(UNIQUE_ID));
        Lease expiredCache = take(former.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
        letTtlRunOut(ttl);

        Lease owner = take(current.runLock().tryAcquire(UNIQUE_ID));
        Lease cacheOwner = take(current.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
        expired.close();
        expired.close();
        expiredCache.close();
        expiredCache.close();

        assertTrue(owner.isHeld() && cacheOwner.isHeld(), "the new holder lost its leases when the former one closed");
        assertAbsent(third.runLock().tryAcquire(UNIQUE_ID), "a run lock whose former holder closed its expired lease");
        assertAbsent(third.cacheLock().tryAcquire(TARGET, LockMode.SHARED),
                "a cache lock whose former holder closed its expired lease");
        assertEquals(tokensOf(owner, cacheOwner), tokensListed(third),
                "heldLocks() after the former holder closed");

        owner.close();
        Lease next = take(third.runLock().tryAcquire(UNIQUE_ID));
        owner.close();
        assertTrue(next.isHeld(), "closing a released lease again released its successor's");
        assertAbsent(current.runLock().tryAcquire(UNIQUE_ID), "a run lock after a double close by its former holder");
        next.close();
        cacheOwner.close();
    }

    // ----- interrupts

    /**
     * A thread blocked in a waiting acquire that is interrupted gets an {@link InterruptedException}
     * promptly, for both locks, and leaves no lease behind: once the holder releases, the key is free.
     *
     * @throws Exception when a thread fails
     */
    @Test
    public void anInterruptedAcquireThrowsAndLeavesNoLease() throws Exception {
        LockBackend holder = backend(LONG_TTL);
        LockBackend waiter = backend(LONG_TTL);
        Lease cache = take(holder.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        Lease run = take(holder.runLock().tryAcquire(UNIQUE_ID));

        Thread[] threads = new Thread[2];
        CompletableFuture<Object> cacheWait = inThread(() -> waiter.cacheLock().acquire(TARGET, LockMode.EXCLUSIVE, LONG_WAIT));
        threads[0] = started.get(started.size() - 1);
        CompletableFuture<Object> runWait = inThread(() -> waiter.runLock().acquire(UNIQUE_ID, LONG_WAIT));
        threads[1] = started.get(started.size() - 1);
        pauseForWaiters();
        threads[0].interrupt();
        threads[1].interrupt();

        Object cacheOutcome = result(cacheWait, "an interrupted cache-lock acquire");
        Object runOutcome = result(runWait, "an interrupted run-lock acquire");
        closeIfLease(cacheOutcome);
        closeIfLease(runOutcome);
        assertInstanceOf(InterruptedException.class, cacheOutcome, "an interrupted cache-lock acquire's outcome");
        assertInstanceOf(InterruptedException.class, runOutcome, "an interrupted run-lock acquire's outcome");

        cache.close();
        run.close();
        assertEquals(tokensOf(), tokensListed(holder), "heldLocks() after the holder released and the waiters were interrupted");
        take(holder.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE)).close();
        take(holder.runLock().tryAcquire(UNIQUE_ID)).close();
    }

    // ----- whenFree

    /**
     * {@code whenFree} completes for a free key, and for a held key once its holder releases it.
     *
     * @throws Exception when waiting fails
     */
    @Test
    public void whenFreeCompletesOnRelease() throws Exception {
        LockBackend holder = backend(LONG_TTL);
        LockBackend other = backend(LONG_TTL);
        await(other.runLock().whenFree(UNIQUE_ID), "whenFree of a free key");

        Lease lease = take(holder.runLock().tryAcquire(UNIQUE_ID));
        CompletionStage<Void> free = other.runLock().whenFree(UNIQUE_ID);
        lease.close();
        await(free, "whenFree of a key whose holder released it");
        take(other.runLock().tryAcquire(UNIQUE_ID)).close();
    }

    /**
     * {@code whenFree} completes when the holder's lease expires unrenewed, without a release.
     *
     * @throws Exception when waiting fails
     */
    @Test
    public void whenFreeCompletesOnExpiry() throws Exception {
        Duration ttl = shortTtl();
        LockBackend holder = open(settings(prefix, ttl).withoutRenewal());
        LockBackend other = backend(LONG_TTL);
        Lease lease = take(holder.runLock().tryAcquire(UNIQUE_ID));
        CompletionStage<Void> free = other.runLock().whenFree(UNIQUE_ID);

        letTtlRunOut(ttl);

        await(free, "whenFree of a key whose lease expired");
        assertFalse(lease.isHeld(), "an expired lease is held");
        take(other.runLock().tryAcquire(UNIQUE_ID)).close();
    }

    // ----- listing

    /**
     * {@code heldLocks()} lists every lease held under the prefix, by any process: one entry per
     * shared holder, in key order, with mode, holder, fencing token, age and TTL left; released
     * leases disappear from it.
     */
    @Test
    public void heldLocksListsEveryHolderInKeyOrder() {
        LockBackend first = backend(LONG_TTL);
        LockBackend second = backend(LONG_TTL);
        Lease writer = take(first.cacheLock().tryAcquire("a/First_1.json", LockMode.EXCLUSIVE));
        Lease reader = take(first.cacheLock().tryAcquire("b/Second_2.json", LockMode.SHARED));
        Lease otherReader = take(second.cacheLock().tryAcquire("b/Second_2.json", LockMode.SHARED));
        Lease run = take(second.runLock().tryAcquire(UNIQUE_ID));

        List<HeldLock> held = first.heldLocks();

        assertEquals(List.of(prefix + ":cache:a/First_1.json", prefix + ":cache:b/Second_2.json",
                prefix + ":cache:b/Second_2.json", prefix + ":run:" + UNIQUE_ID),
                held.stream().map(HeldLock::key).toList(), "keys of heldLocks()");
        assertEquals(List.of(LockMode.EXCLUSIVE, LockMode.SHARED, LockMode.SHARED, LockMode.EXCLUSIVE),
                held.stream().map(HeldLock::mode).toList(), "modes of heldLocks()");
        assertEquals(tokensOf(writer, reader, otherReader, run),
                tokensListed(second), "fencing tokens of heldLocks()");
        for (HeldLock lock : held) {
            assertFalse(lock.holder().isBlank(), "holder of " + lock);
            assertFalse(lock.age().isNegative(), "age of " + lock);
            assertTrue(!lock.ttlLeft().isNegative() && lock.ttlLeft().compareTo(LONG_TTL) <= 0, "TTL left of " + lock);
        }

        writer.close();
        reader.close();
        otherReader.close();
        run.close();
        assertEquals(List.of(), first.heldLocks(), "heldLocks() after every lease was closed");
    }

    // ----- holder lookup

    /**
     * {@code RunLock.holder} names who holds a run lock now, as {@code heldLocks()} lists it: the
     * holding process ({@code owner()}), its fencing token and the TTL left; it is empty for a free
     * key, for another task's key, and once the holder released.
     */
    @Test
    public void runLockHolderNamesTheHoldingProcessItsTokenAndTtlLeft() {
        LockBackend holder = open(settings(prefix, LONG_TTL).withOwner("holder-host:4170"));
        LockBackend waiter = backend(LONG_TTL);
        assertEquals(Optional.empty(), waiter.runLock().holder(UNIQUE_ID), "holder of a free run lock");

        Lease run = take(holder.runLock().tryAcquire(UNIQUE_ID));
        Optional<HeldLock> seen = waiter.runLock().holder(UNIQUE_ID);

        HeldLock held = seen.orElseThrow(() -> new AssertionError("no holder seen for a held run lock"));
        assertHolder(held, prefix + ":run:" + UNIQUE_ID, LockMode.EXCLUSIVE, "holder-host:4170", run);
        assertEquals(List.of(held.holder()), holdersListed(waiter, held.key()), "holder as heldLocks() lists it");
        assertEquals(Optional.empty(), waiter.runLock().holder(UNIQUE_ID + "0"), "holder of another task's run lock");

        run.close();
        assertEquals(Optional.empty(), waiter.runLock().holder(UNIQUE_ID), "holder of a released run lock");
    }

    /**
     * {@code CacheLock.holders} names who holds a cache lock now, as {@code heldLocks()} lists them: the
     * exclusive holder, or each shared one, with its owner, fencing token and the TTL left; it is empty
     * for a free key, for another target's key, and once the holders released.
     */
    @Test
    public void cacheLockHoldersNameTheHoldingProcesses() {
        LockBackend writerNode = open(settings(prefix, LONG_TTL).withOwner("writer-host:4170"));
        LockBackend readerNode = open(settings(prefix, LONG_TTL).withOwner("reader-host:88"));
        LockBackend waiter = backend(LONG_TTL);
        assertEquals(List.of(), waiter.cacheLock().holders(TARGET), "holders of a free cache lock");

        Lease writer = take(writerNode.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
        List<HeldLock> seen = waiter.cacheLock().holders(TARGET);

        assertEquals(1, seen.size(), "holders of an exclusively held cache lock: " + seen);
        assertHolder(seen.get(0), prefix + ":cache:" + TARGET, LockMode.EXCLUSIVE, "writer-host:4170", writer);
        assertEquals(List.of(seen.get(0).holder()), holdersListed(waiter, seen.get(0).key()), "holder as heldLocks() lists it");
        assertEquals(List.of(), waiter.cacheLock().holders(TARGET + "0"), "holders of another target's cache lock");
        writer.close();

        Lease reader = take(readerNode.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        Lease otherReader = take(writerNode.cacheLock().tryAcquire(TARGET, LockMode.SHARED));
        List<HeldLock> readers = waiter.cacheLock().holders(TARGET);
        assertEquals(2, readers.size(), "holders of a cache lock held shared twice: " + readers);
        assertHolder(readers.get(0), prefix + ":cache:" + TARGET, LockMode.SHARED, "reader-host:88", reader);
        assertHolder(readers.get(1), prefix + ":cache:" + TARGET, LockMode.SHARED, "writer-host:4170", otherReader);
        assertEquals(readers.stream().map(HeldLock::holder).toList(), holdersListed(waiter, readers.get(0).key()),
                "holders as heldLocks() lists them");

        reader.close();
        otherReader.close();
        assertEquals(List.of(), waiter.cacheLock().holders(TARGET), "holders of a released cache lock");
    }

    /**
     * A holder whose lease ran out unrenewed is no holder: {@code RunLock.holder} is empty once its
     * TTL passed, and said no more than that TTL was left before.
     *
     * @throws InterruptedException when interrupted
     */
    @Test
    public void runLockHolderIsGoneOnceItsLeaseExpired() throws InterruptedException {
        Duration ttl = shortTtl();
        LockBackend former = open(settings(prefix, ttl).withoutRenewal());
        LockBackend waiter = backend(LONG_TTL);
        Lease expiring = take(former.runLock().tryAcquire(UNIQUE_ID));
        HeldLock held = waiter.runLock().holder(UNIQUE_ID)
                .orElseThrow(() -> new AssertionError("no holder seen for a held run lock"));
        assertTrue(held.ttlLeft().compareTo(ttl) <= 0, "TTL left " + held.ttlLeft() + " of a lease with TTL " + ttl);

        letTtlRunOut(ttl);

        assertEquals(Optional.empty(), waiter.runLock().holder(UNIQUE_ID), "holder of a run lock whose lease expired");
        expiring.close();
    }

    // ----- prefixes

    /**
     * Two applications with different prefixes never block each other on the same targets and
     * tasks, nor see each other's locks; two processes of one application (same prefix) do block.
     */
    @Test
    public void keyPrefixesIsolateApplications() {
        String otherPrefix = prefix + "-other";
        LockBackend mine = backend(LONG_TTL);
        LockBackend mineToo = backend(LONG_TTL);
        LockBackend theirs = open(settings(otherPrefix, LONG_TTL));

        try (Lease cache = take(mine.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
                Lease run = take(mine.runLock().tryAcquire(UNIQUE_ID));
                Lease theirCache = take(theirs.cacheLock().tryAcquire(TARGET, LockMode.EXCLUSIVE));
                Lease theirRun = take(theirs.runLock().tryAcquire(UNIQUE_ID))) {
            assertEquals(otherPrefix + ":cache:" + TARGET, theirCache.key());
            assertAbsent(mineToo.cacheLock().tryAcquire(TARGET, LockMode.SHARED), "a cache lock held under the same prefix");
            assertAbsent(mineToo.runLock().tryAcquire(UNIQUE_ID), "a run lock held under the same prefix");
            assertEquals(tokensOf(cache, run), tokensListed(mineToo),
                    "heldLocks() of one application");
            assertEquals(tokensOf(theirCache, theirRun), tokensListed(theirs),
                    "heldLocks() of the other application");
        }
    }

    // ----- helpers

    /** Asserts a looked-up holder is the one that holds {@code lease}: its key, mode, process, token and a TTL left. */
    private static void assertHolder(HeldLock held, String key, LockMode mode, String owner, Lease lease) {
        assertEquals(key, held.key(), "key of the holder");
        assertEquals(mode, held.mode(), "mode of the holder");
        assertEquals(owner, held.owner(), "owner of the holder (" + held.holder() + ")");
        assertEquals(lease.fencingToken(), held.fencingToken(), "fencing token of the holder");
        assertTrue(held.ttlLeft().compareTo(Duration.ZERO) > 0 && held.ttlLeft().compareTo(LONG_TTL) <= 0,
                "TTL left of the holder: " + held.ttlLeft());
    }

    /** @return the holders {@code heldLocks()} lists for one key, in its order */
    private static List<String> holdersListed(LockBackend backend, String key) {
        return backend.heldLocks().stream().filter(lock -> lock.key().equals(key)).map(HeldLock::holder).toList();
    }

    /**
     * Lets an unrenewed lease's TTL pass, with a margin.
     *
     * @param ttl the lease's TTL
     * @throws InterruptedException when interrupted
     */
    private void letTtlRunOut(Duration ttl) throws InterruptedException {
        letTimePass(ttl.plus(PAST_EXPIRY));
    }

    /** An acquisition made by one contending thread. */
    @FunctionalInterface
    private interface Acquisition {
        Optional<Lease> acquire(int thread) throws Exception;
    }

    /** One iteration of one contending thread. */
    @FunctionalInterface
    private interface Iteration {
        void run(int thread, int iteration) throws Exception;
    }

    /** Something a waiting thread does. */
    @FunctionalInterface
    private interface Blocking {
        Object call() throws Exception;
    }

    private void assertMutualExclusion(Acquisition acquisition) throws Exception {
        int threads = 8;
        int iterations = 100;
        AtomicInteger occupancy = new AtomicInteger();
        AtomicInteger maxOccupancy = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        runThreads(threads, iterations, (thread, iteration) -> {
            try (Lease lease = take(acquisition.acquire(thread))) {
                assertTrue(lease.isHeld(), "a lease inside its critical section is held");
                int inside = occupancy.incrementAndGet();
                maxOccupancy.accumulateAndGet(inside, Math::max);
                // read, yield, write: loses updates unless the lock keeps others out
                int value = counter.get();
                Thread.yield();
                counter.set(value + 1);
                occupancy.decrementAndGet();
            }
        });
        assertEquals(1, maxOccupancy.get(), "holders inside the critical section at once");
        assertEquals(threads * iterations, counter.get(), "updates made under the lock (lost ones mean two holders)");
    }

    private void runThreads(int threads, int iterations, Iteration body) throws Exception {
        List<CompletableFuture<Object>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(inThread(() -> {
                for (int i = 0; i < iterations; i++) {
                    body.run(thread, i);
                }
                return null;
            }));
        }
        for (CompletableFuture<Object> future : done) {
            Object outcome = future.get(HANG_GUARD.toMillis() * 2, TimeUnit.MILLISECONDS);
            if (outcome instanceof Throwable error) {
                throw new AssertionError("a contending thread failed: " + error, error);
            }
        }
    }

    /** Runs {@code body} in a new thread; the future holds its result or the exception it threw. */
    private CompletableFuture<Object> inThread(Blocking body) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.complete(body.call());
            } catch (Throwable error) {
                outcome.complete(error);
            }
        }, "contract-" + started.size());
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        return outcome;
    }

    /**
     * Gives the threads just started time to block in their acquire, so that the release or
     * interrupt that follows finds them waiting. Correctness never depends on it: a waiter that is
     * late simply finds the lock free (or its interrupt flag set) when it gets there.
     */
    private void pauseForWaiters() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < deadline && !started.stream().allMatch(LockBackendContract::isParked)) {
            Thread.sleep(5);
        }
        Thread.sleep(20);
    }

    private static boolean isParked(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.TERMINATED;
    }

    private static Object result(CompletableFuture<Object> future, String what) throws InterruptedException {
        try {
            return future.get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not return within " + HANG_GUARD, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static Lease takeResult(CompletableFuture<Object> future, String what) throws InterruptedException {
        Object outcome = result(future, what);
        if (outcome instanceof Throwable error) {
            throw new AssertionError(what + " threw " + error, error);
        }
        return take((Optional<Lease>) outcome);
    }

    private static void await(CompletionStage<Void> stage, String what) throws InterruptedException {
        try {
            stage.toCompletableFuture().get(HANG_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + HANG_GUARD, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " completed exceptionally: " + e.getCause(), e.getCause());
        }
    }

    private static void closeIfLease(Object outcome) {
        if (outcome instanceof Optional<?> optional && optional.orElse(null) instanceof Lease lease) {
            lease.close();
        }
    }

    private static Lease take(Optional<Lease> lease) {
        return lease.orElseThrow(() -> new AssertionError("expected to get the lock, but it was held"));
    }

    private static void assertAbsent(Optional<Lease> lease, String what) {
        if (lease.isPresent()) {
            lease.get().close();
            fail("expected no lease for " + what + ", but got " + lease.get().key() + " (token "
                    + lease.get().fencingToken() + ")");
        }
    }

    // Pairs of key and token, sorted: tokens grow per key, so two keys in different Redis Cluster
    // groups, whose counters both started from the clock, may hand out the same number.
    private static List<String> tokensListed(LockBackend backend) {
        return backend.heldLocks().stream().map(lock -> lock.key() + " #" + lock.fencingToken()).sorted().toList();
    }

    private static List<String> tokensOf(Lease... leases) {
        return Stream.of(leases).map(lease -> lease.key() + " #" + lease.fencingToken()).sorted().toList();
    }
}
