package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.RunLockOverride;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockException;
import dev.kart.lock.LockKeyOccupiedException;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose run lock the backend refuses is retried as {@code kart.retry.count} says when the backend
 * failed (it may answer the next time), and not at all when the lock's key holds another application's
 * value ({@link LockKeyOccupiedException}), which no retry ends.
 */
class RetriesTest {
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    @TempDir
    Path workspace;

    /** Runs under its run lock, counting its runs. */
    @RunWithLock
    record Locked(String key) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Test
    void aRunLockWhoseKeyHoldsAnotherApplicationsValueFailsTheTaskWithoutRetries() {
        Locked task = new Locked("conflict");
        RefusingRunLock locks = new RefusingRunLock(attempt -> new LockKeyOccupiedException("lock backend (test): acquiring"
                + " run:1234 failed: the key holds another application's value there, not a kart lock", null));
        try (Kart kart = node(locks)) {
            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(1);
            assertThat(locks.acquires).as("run lock acquires").hasValue(1);
            assertThat(outcome.failure().orElseThrow()).isInstanceOf(LockKeyOccupiedException.class)
                    .hasMessageStartingWith("lock backend (test): acquiring run:1234 failed:");
            assertThat(refused.summary()).contains("] after 1 attempt: LockKeyOccupiedException: lock backend (test)")
                    .contains("; not retried: no retry can take a lock whose key holds another application's value\n");
            assertThat(RUNS).doesNotContainKey(task.key());
        }
    }

    @Test
    void aBackendFailureCausedByAnOccupiedKeyIsNotRetriedNorSaidToBe() {
        Locked task = new Locked("wrapped");
        RefusingRunLock locks = new RefusingRunLock(attempt -> new LockException("lock backend (test): acquiring run:1234"
                + " failed", new LockKeyOccupiedException("key run:1234 holds a list, not a kart lock")));
        try (Kart kart = node(locks)) {
            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(1);
            assertThat(outcome.failure().orElseThrow()).hasMessageNotContaining("retried").hasMessageNotContaining("retries")
                    .hasCauseInstanceOf(LockKeyOccupiedException.class);
            assertThat(refused.summary())
                    .contains("; not retried: no retry can take a lock whose key holds another application's value\n");
        }
    }

    @Test
    void aKeyOccupiedAtARetryEndsTheRetriesAndTheSummarySaysSo() {
        Locked task = new Locked("occupied-later");
        RefusingRunLock locks = new RefusingRunLock(attempt -> attempt == 1
                ? new LockException("lock backend (test): acquiring run:1234 failed: no answer")
                : new LockKeyOccupiedException("lock backend (test): acquiring run:1234 failed: another application's value"));
        try (Kart kart = node(locks)) {
            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(2);
            assertThat(locks.acquires).as("run lock acquires").hasValue(2);
            assertThat(refused.summary()).contains("] after 2 attempts: LockKeyOccupiedException: lock backend (test)")
                    .contains("; not retried again: no retry can take a lock whose key holds another application's value\n");
        }
    }

    @Test
    void aRunLockTheBackendFailedToTakeIsRetriedAsTheRetryCountSays() {
        Locked task = new Locked("unreachable");
        RefusingRunLock locks = new RefusingRunLock(attempt -> new LockException("lock backend (test): acquiring run:1234"
                + " failed: cannot reach the lock server"));
        try (Kart kart = node(locks)) {
            BuildReport<Integer> refused = kart.run(task, BuildOptions.defaults());

            TaskOutcome outcome = refused.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.attempts()).as("attempts, with 3 retries configured").isEqualTo(4);
            assertThat(locks.acquires).as("run lock acquires").hasValue(4);
            assertThat(refused.summary()).doesNotContain("not retried");
        }
    }

    private Kart node(LockBackend locks) {
        return Kart.builder().workspace(workspace).set("kart.durable", false).set("kart.retry.count", 3)
                .set("kart.retry.delay", "0s").lockBackend(locks).build();
    }

    /** In-memory locks whose run lock fails every acquire with the error given for its number, counting them. */
    private static final class RefusingRunLock extends RunLockOverride {
        /** The error of the acquire numbered by its argument, from 1. */
        private final IntFunction<LockException> refusal;
        final AtomicInteger acquires = new AtomicInteger();

        RefusingRunLock(IntFunction<LockException> refusal) {
            super(InMemoryLockBackend.isolated(LeaseSettings.of("kart", TTL, "this-node:1"), LockClock.system()));
            this.refusal = refusal;
        }

        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            throw refusal.apply(acquires.incrementAndGet());
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) {
            throw refusal.apply(acquires.incrementAndGet());
        }
    }
}
