package dev.kart.bench.dag;

import dev.kart.bench.measure.TempDirectories;
import dev.kart.core.Kart;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.BuildOptions;
import dev.kart.lock.LockBackend;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Builds of one fan-in DAG ({@link SumOfLeaves} over its leaves) as the DAG scenarios time them:
 * 2 workers, durable mode off, the default lock backend (in-memory) unless another is given. Each
 * timed build is checked: the root's sum must be right, and the number of tasks run and of leaf
 * outputs read must be what the scenario expects. Immutable.
 */
public final class FanInBuilds {
    /** Worker threads of every DAG scenario. */
    public static final int WORKERS = 2;

    private final SumOfLeaves root;
    private final int leaves;

    /** @param leaves how many leaves the root depends on */
    public FanInBuilds(int leaves) {
        this.root = SumOfLeaves.over(leaves);
        this.leaves = leaves;
    }

    /** @return the number of tasks in the DAG: the leaves and the root */
    public int tasks() {
        return leaves + 1;
    }

    /** @return how many leaves the root depends on */
    public int leaves() {
        return leaves;
    }

    /** @return the root task */
    public SumOfLeaves root() {
        return root;
    }

    /**
     * @param workspace the workspace
     * @param backend a lock backend to use instead of the configured one
     * @return a runtime for these builds; close it after use
     */
    public static Kart runtime(Path workspace, Optional<LockBackend> backend) {
        return runtime(workspace, backend, Map.of());
    }

    /**
     * @param workspace the workspace
     * @param backend a lock backend to use instead of the configured one
     * @param settings more configuration keys and their values
     * @return a runtime for these builds; close it after use
     */
    public static Kart runtime(Path workspace, Optional<LockBackend> backend, Map<String, Object> settings) {
        Kart.Builder builder = Kart.builder().workspace(workspace).workers(WORKERS).set("kart.durable", false);
        backend.ifPresent(builder::lockBackend);
        settings.forEach(builder::set);
        return builder.build();
    }

    /**
     * Times a build of every task in a new, empty workspace.
     *
     * @param directories where the workspace is made; it is deleted with the batch
     * @param backend a lock backend to use instead of the configured one
     * @return the build's wall time in seconds (creating the runtime excluded)
     */
    public double coldSeconds(TempDirectories.Batch directories, Optional<LockBackend> backend) {
        return coldSeconds(directories.create("cold"), backend);
    }

    /**
     * Times a build of every task in a workspace where nothing of this DAG is cached yet.
     *
     * @param workspace the workspace
     * @param backend a lock backend to use instead of the configured one
     * @return the build's wall time in seconds (creating the runtime excluded)
     */
    public double coldSeconds(Path workspace, Optional<LockBackend> backend) {
        try (Kart kart = runtime(workspace, backend)) {
            return timed(kart, tasks(), leaves);
        }
    }

    /**
     * @param workspace a workspace
     * @return the directory the leaves' outputs are published to
     */
    public static Path leafDirectory(Path workspace) {
        return workspace.resolve(Leaf.class.getPackageName().replace('.', '/'));
    }

    /**
     * Times a build and checks what it did.
     *
     * @param kart the runtime
     * @param expectedRuns how many tasks must run
     * @param expectedLoads how many reads of leaf outputs the build must make
     * @return the build's wall time in seconds
     * @throws IllegalStateException when the build failed, its sum is wrong, or it ran or loaded other
     *     than expected
     */
    public double timed(Kart kart, int expectedRuns, int expectedLoads) {
        long start = System.nanoTime();
        BuildReport<Long> report = kart.run(root, BuildOptions.defaults());
        double seconds = (System.nanoTime() - start) / 1e9;
        check(report, expectedRuns, expectedLoads);
        return seconds;
    }

    /**
     * Deletes the root's cache file so that the next build checks every leaf and loads it from the
     * cache.
     *
     * @param kart the runtime of a workspace where the root is complete
     */
    public void removeRootOutput(Kart kart) {
        if (kart.remove(root) != 1) {
            throw new IllegalStateException("the root's output " + kart.outputs(root).get(0).uri() + " was expected to exist");
        }
    }

    private void check(BuildReport<Long> report, int expectedRuns, int expectedLoads) {
        if (!report.succeeded()) {
            throw new IllegalStateException("the benchmark build failed:\n" + report.summary());
        }
        long sum = report.rootOutput().orElseThrow(() -> new IllegalStateException("the build returned no sum"));
        if (sum != root.expected()) {
            throw new IllegalStateException("the root summed " + sum + ", expected " + root.expected());
        }
        int runs = report.count(TaskState.DONE);
        if (runs != expectedRuns) {
            throw new IllegalStateException(runs + " tasks ran, expected " + expectedRuns + ":\n" + report.summary());
        }
        int loads = report.outcomes().stream().filter(o -> o.task() instanceof Leaf).mapToInt(TaskOutcome::cacheLoads)
                .sum();
        if (loads != expectedLoads) {
            throw new IllegalStateException(loads + " leaf outputs were read, expected " + expectedLoads);
        }
    }
}
