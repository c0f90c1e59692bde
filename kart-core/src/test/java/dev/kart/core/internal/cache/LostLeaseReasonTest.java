package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.RunLockOverride;
import dev.kart.lock.Lease;
import dev.kart.lock.LeaseLostException;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import dev.kart.lock.inmemory.LockClock;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publish refused because the task's run lease was lost says why the backend lost it, when the backend knows: a
 * Redis failover's new primary lacking the lease reads otherwise as a lease that ran out (a trial's finding).
 */
class LostLeaseReasonTest {
    private static final String REASON = "the new Redis primary does not have it (granted by the old primary just before"
            + " the failover)";
    private static final AtomicBoolean LOSE = new AtomicBoolean();

    @TempDir
    Path workspace;

    /** Has its run lease lost while it runs. */
    @RunWithLock
    record LosesItsLease(int n) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            LOSE.set(true);
            return n;
        }
    }

    @Test
    void aPublishRefusedForALostRunLeaseNamesTheBackendsReason() throws Exception {
        LOSE.set(false);
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.durable", false).lockBackend(new LosingRunLock())
                .build()) {
            BuildReport<Integer> report = kart.run(new LosesItsLease(7), BuildOptions.defaults());

            TaskOutcome outcome = report.rootOutcome();
            assertThat(outcome.state()).isEqualTo(TaskState.FAILED);
            assertThat(outcome.failure().orElseThrow()).isInstanceOf(LeaseLostException.class)
                    .hasMessageContaining("its run lease is no longer held (" + REASON + "), so another node may be running it");
            try (var files = Files.walk(workspace)) {
                // its task info file, under log/, records the failed attempt; no output was published
                assertThat(files.filter(path -> !path.startsWith(workspace.resolve("log")))
                        .filter(path -> path.getFileName().toString().startsWith("LosesItsLease"))).isEmpty();
            }
        }
    }

    /** In-memory locks whose run leases turn lost, with a reason, once the task asked for it. */
    private static final class LosingRunLock extends RunLockOverride {
        LosingRunLock() {
            super(InMemoryLockBackend.isolated(LeaseSettings.of("kart", Duration.ofMinutes(1), "this-node:1"),
                    LockClock.system()));
        }

        @Override
        public Optional<Lease> tryAcquire(String uniqueId) {
            return super.tryAcquire(uniqueId).map(Losing::new);
        }

        @Override
        public Optional<Lease> acquire(String uniqueId, Duration timeout) throws InterruptedException {
            return super.acquire(uniqueId, timeout).map(Losing::new);
        }
    }

    private record Losing(Lease held) implements Lease {
        @Override
        public String key() {
            return held.key();
        }

        @Override
        public LockMode mode() {
            return held.mode();
        }

        @Override
        public long fencingToken() {
            return held.fencingToken();
        }

        @Override
        public boolean isHeld() {
            return !LOSE.get() && held.isHeld();
        }

        @Override
        public Optional<String> lossReason() {
            return LOSE.get() ? Optional.of(REASON) : Optional.empty();
        }

        @Override
        public void close() {
            held.close();
        }
    }
}
