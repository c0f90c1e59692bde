package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.BuildFailedException;
import dev.kart.core.Kart;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
