package dev.kart.core.internal.schedule;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a root task: makes its graph, runs it on the workers, takes the root's output (loaded
 * from the workspace when another build made it), and reports, logging the execution summary.
 * Thread-safe; builds may run concurrently.
 */
public final class BuildRunner {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kart.build");

    private final GraphBuilder graphs;
    private final CacheStore store;
    private final TaskAttempt attempts;
    private final TaskInfoRecorder info;
    private final int workers;

    @Inject
    BuildRunner(GraphBuilder graphs, CacheStore store, TaskAttempt attempts, TaskInfoRecorder info,
            KartSettings settings) {
        this.graphs = graphs;
        this.store = store;
        this.attempts = attempts;
        this.info = info;
        this.workers = settings.workers();
    }

    /**
     * @param root the task to build
     * @param options rerun and listener
     * @param <T> the root's output type
     * @return the report; a failed task does not throw
     * @throws dev.kart.KartException when the graph cannot be built (a cycle, an unusable task)
     * @throws InterruptedException when interrupted while the build runs
     */
    public <T> BuildReport<T> run(Task<T> root, BuildOptions options) throws InterruptedException {
        TaskGraph graph = graphs.build(root, options.rerun(), false);
        BuildProgress progress = new BuildProgress(graph);
        long start = System.nanoTime();
        Optional<Object> computed;
        try (WorkerPool pool = new WorkerPool(workers)) {
            computed = new BuildExecution(progress, options.rerun(), pool, attempts, info, options.listener()).run();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Optional<T> output = progress.succeeded() ? rootOutput(progress, computed) : Optional.empty();
        BuildReport<T> report = BuildReports.report(progress, output, elapsed);
        if (report.succeeded()) {
            LOG.info("{}", report.summary());
        } else {
            LOG.error("{}", report.summary());
        }
        return report;
    }

    /** The root's output: what its run returned, else read from the workspace (it was complete). */
    @SuppressWarnings("unchecked")
    private <T> Optional<T> rootOutput(BuildProgress progress, Optional<Object> computed) {
        TaskNode root = progress.graph().root();
        Optional<CacheTarget> main = root.mainOutput();
        if (main.isEmpty()) {
            return Optional.empty();
        }
        if (computed.isPresent()) {
            return Optional.of((T) computed.get());
        }
        Object loaded = store.load(main.get());
        progress.countLoad(root);
        return Optional.of((T) loaded);
    }
}
