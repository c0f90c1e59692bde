package dev.kart.core.internal.schedule;

import dev.kart.core.BuildReport;
import dev.kart.core.LockActivity;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.FinishedRecord;
import dev.kart.task.Task;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns what a build saw into its public report: one outcome per task, and the report of the whole. */
final class BuildReports {
    private BuildReports() {
    }

    /**
     * @param progress the build
     * @param node one of its tasks
     * @return what happened to it, as of now
     */
    static TaskOutcome outcome(BuildProgress progress, TaskNode node) {
        TaskState state = progress.state(node);
        Optional<FinishedRecord> record = progress.existingRecord(node);
        Optional<String> infoFile = record.isEmpty() ? Optional.empty() : progress.infoFile(node, record.get());
        Optional<Path> infoPath = Optional.empty();
        Optional<URI> infoUri = Optional.empty();
        if (infoFile.isPresent()) {
            infoPath = progress.taskInfo().localFile(infoFile.get());
            if (infoPath.isEmpty()) {
                infoUri = Optional.of(progress.taskInfo().uri(infoFile.get()));
            }
        }
        return new TaskOutcome(node.task(), node.uniqueId(), state,
                record.map(FinishedRecord::attempts).orElse(0), progress.failure(node), progress.foundCompleteAtRun(node),
                progress.cacheLoads(node), lockActivity(node, state, progress.foundCompleteAtRun(node), record),
                record.map(FinishedRecord::attemptHistory).orElse(List.of()), infoPath, infoUri);
    }

    /**
     * @param progress the build, ended
     * @param rootOutput the root's output, when the build succeeded and the root has one
     * @param elapsed how long the build ran
     * @param <T> the root's output type
     * @return the report
     */
    @SuppressWarnings("unchecked")
    static <T> BuildReport<T> report(BuildProgress progress, Optional<T> rootOutput, Duration elapsed) {
        List<TaskOutcome> outcomes = new ArrayList<>(progress.graph().nodes().size());
        for (TaskNode node : progress.graph().nodes()) {
            outcomes.add(outcome(progress, node));
        }
        return new BuildReport<>((Task<T>) progress.graph().root().task(), outcomes, rootOutput, elapsed);
    }

    private static LockActivity lockActivity(TaskNode node, TaskState state, boolean foundCompleteAtRun,
            Optional<FinishedRecord> record) {
        Optional<String> ranBy = state == TaskState.DONE || foundCompleteAtRun ? record.flatMap(FinishedRecord::ranBy)
                : Optional.empty();
        return new LockActivity(node.settings().lockRun(), node.settings().onCollision(),
                record.map(FinishedRecord::collisions).orElse(0),
                Duration.ofNanos(record.map(FinishedRecord::lockWaitNanos).orElse(0L)),
                record.map(FinishedRecord::runFencingTokens).orElse(List.of()),
                record.map(FinishedRecord::publishFencingTokens).orElse(List.of()),
                ranBy);
    }
}
