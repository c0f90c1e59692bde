package dev.kart.core.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kart.config.ConfigSection;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.SampleTasks;
import dev.kart.core.fixtures.SampleTasks.Counts;
import dev.kart.core.fixtures.SampleTasks.Words;
import dev.kart.lock.CacheLock;
import dev.kart.lock.HeldLock;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockBackendProvider;
import dev.kart.lock.LockException;
import dev.kart.lock.RunLock;
import dev.kart.lock.inmemory.InMemoryLockBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runtime opens its lock backend when a lock is first needed, not when it is assembled: what takes
 * no lock (the graph, whether a task is complete, where its outputs are) works without the backend,
 * and a build opens it before anything runs.
 */
class LockBackendHandleTest {
    @TempDir
    Path workspace;

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    @Test
    void aRuntimeOpensItsBackendForItsFirstBuildOnlyAndClosesIt() {
        Counts task = new Counts(new Words("a b a", "lazy-open"), 1, false);
        try (Kart kart = kart()) {
            kart.graph(task);
            boolean completeBefore = kart.isComplete(task);
            kart.outputs(task);
            int openedBeforeBuild = opened.get();

            kart.build(task);
            kart.build(task);

            assertThat(completeBefore).isFalse();
            assertThat(openedBeforeBuild).as("opened before the first build").isZero();
            assertThat(opened).as("opened by the first build, once").hasValue(1);
        }
        assertThat(closed).hasValue(1);
    }

    @Test
    void aRuntimeThatTookNoLockClosesWithoutOpeningItsBackend() {
        try (Kart kart = kart()) {
            kart.isComplete(new Words("nothing", "lazy-never"));
        }

        assertThat(opened).hasValue(0);
        assertThat(closed).hasValue(0);
    }

    @Test
    void anUnreachableBackendFailsTheBuildBeforeAnyTaskRunsAndALaterBuildTriesAgain() {
        reachable.set(false);
        Words task = new Words("x y", "lazy-unreachable");
        try (Kart kart = kart()) {
            LockException error = catchThrowableOfType(LockException.class, () -> kart.build(task));
            int runsWhileDown = SampleTasks.runs("lazy-unreachable");
            reachable.set(true);
            List<String> words = kart.build(task);

            assertThat(error).hasMessage("cannot connect to the test backend");
            assertThat(runsWhileDown).isZero();
            assertThat(kart.isComplete(task)).isTrue();
            assertThat(words).containsExactly("x", "y");
        }
        assertThat(opened).as("the second attempt opened it").hasValue(1);
    }

    /** What a message quotes before the backend opens (the TTL of the leases a second Ctrl-C leaves held). */
    @Test
    void theLeaseOfABackendNotOpenedYetIsTheOneItOpensWith() {
        LeaseSettings lease = LeaseSettings.of("kart", Duration.ofSeconds(9), "test")
                .withTtl(Duration.ofSeconds(9), "kart.lock.counting.timeout");
        LockBackendHandle opening = LockBackendHandle.opening("counting", () -> {
            throw new AssertionError("the lease is known without opening");
        }, lease);
        LockBackendHandle given = LockBackendHandle.given(InMemoryLockBackend.processWide(lease), lease.withTtl(
                Duration.ofMinutes(3)));

        assertThat(opening.lease()).isEqualTo(lease);
        assertThat(opening.lease().ttlSetting()).isEqualTo("kart.lock.counting.timeout = 9s");
        assertThat(given.lease().ttlSetting()).as("a given backend's is the runtime's").isEqualTo("kart.lock.ttl = 3m");
        opening.close();
        given.close();
    }

    private Kart kart() {
        return Kart.builder().workspace(workspace).set("kart.durable", false).lockBackend(counting()).build();
    }

    /** The in-memory backend, counting opens and closes, that cannot be reached while {@link #reachable} is false. */
    private LockBackendProvider counting() {
        return new LockBackendProvider() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public LockBackend open(LeaseSettings lease, ConfigSection section) {
                if (!reachable.get()) {
                    throw new LockException("cannot connect to the test backend");
                }
                opened.incrementAndGet();
                InMemoryLockBackend inner = InMemoryLockBackend.processWide(lease);
                return new LockBackend() {
                    @Override
                    public CacheLock cacheLock() {
                        return inner.cacheLock();
                    }

                    @Override
                    public RunLock runLock() {
                        return inner.runLock();
                    }

                    @Override
                    public List<HeldLock> heldLocks() {
                        return inner.heldLocks();
                    }

                    @Override
                    public void close() {
                        closed.incrementAndGet();
                        inner.close();
                    }
                };
            }
        };
    }
}
