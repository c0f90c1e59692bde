package dev.kart.core.internal.schedule;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.internal.cache.CacheStore;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.graph.GraphBuilder;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.info.TaskInfoWriter;
import dev.kart.lock.RunLock;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a root task: makes its graph, runs it, logs the execution summary. Thread-safe. */
public final class BuildRunner {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kart.build");

    private final GraphBuilder graphs;
    private final CacheStore store;
    private final RunLock runLock;
    private final TaskInfoWriter infoWriter;
    private final KartSettings settings;

    /**
     * @param graphs builds task graphs
     * @param store reads and writes cache files
     * @param runLock the run lock
     * @param infoWriter writes task info
     * @param settings worker count and lock wait timeout
     */
    @Inject
    public BuildRunner(GraphBuilder graphs, CacheStore store, RunLock runLock, TaskInfoWriter infoWriter,
            KartSettings settings) {
        this.graphs = graphs;
        this.store = store;
        this.runLock = runLock;
        this.infoWriter = infoWriter;
        this.settings = settings;
    }

    /**
     * @param root the task to build
     * @param options rerun and listener
     * @param <T> the root's output type
     * @return the report; a failed task does not throw
     * @throws dev.kart.core.internal.graph.CycleException when the graph has a cycle
     * @throws dev.kart.TaskDefinitionException when a task is not usable
     * @throws InterruptedException when interrupted while the build runs
     */
    public <T> BuildReport<T> run(Task<T> root, BuildOptions options) throws InterruptedException {
        TaskGraph graph = graphs.build(root, options.rerun(), false);
        BuildReport<T> report = new BuildExecution(graph, options.rerun(), settings.workers(), graphs, store, runLock,
                infoWriter, settings.waitTimeout(), options.listener()).run();
        if (report.succeeded()) {
            LOG.info("{}", report.summary());
        } else {
            LOG.error("{}", report.summary());
        }
        return report;
    }
}
