package dev.kart.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kart.core.AttemptOutcome;
import dev.kart.core.BuildReport;
import dev.kart.core.LockActivity;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders a {@link BuildReport} as the JSON document of {@code kart run --json} and
 * {@code --report FILE}. Every field is written by name here, in a fixed order, with {@code null}
 * rather than a missing field, so the document keeps its shape whatever happened; docs/cli.md lists
 * the fields. A change that removes or renames a field raises {@link #SCHEMA_VERSION}; new fields
 * may be added without.
 */
public final class BuildReportJson {
    /** The version of the document's shape, its {@code schemaVersion} field. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private BuildReportJson() {
    }

    /**
     * @param report a build's report
     * @param outputs where a task's outputs are ({@code Kart.outputs})
     * @return the report as an indented JSON document, ending with a newline
     */
    public static String render(BuildReport<?> report, Function<Task<?>, List<OutputLocation>> outputs) {
        ObjectNode document = MAPPER.createObjectNode();
        document.put("schemaVersion", SCHEMA_VERSION);
        TaskOutcome root = report.rootOutcome();
        ObjectNode rootNode = document.putObject("root");
        rootNode.put("id", root.uniqueId());
        rootNode.put("task", root.task().getClass().getName());
        rootNode.put("label", root.label());
        document.put("succeeded", report.succeeded());
        document.put("interrupted", report.interrupted());
        document.put("elapsedMillis", report.elapsed().toMillis());
        ObjectNode counts = document.putObject("counts");
        for (TaskState state : TaskState.values()) {
            counts.put(state.name(), report.count(state));
        }
        ArrayNode tasks = document.putArray("tasks");
        for (TaskOutcome outcome : report.outcomes()) {
            task(tasks.addObject(), outcome, outputs.apply(outcome.task()));
        }
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot render the build report as JSON", e);
        }
    }

    private static void task(ObjectNode node, TaskOutcome outcome, List<OutputLocation> outputs) {
        node.put("id", outcome.uniqueId());
        node.put("task", outcome.task().getClass().getName());
        node.put("label", outcome.label());
        node.put("state", outcome.state().name());
        node.put("foundCompleteAtRun", outcome.foundCompleteAtRun());
        node.put("discardedAfterRun", outcome.discardedAfterRun());
        node.put("cacheLoads", outcome.cacheLoads());
        List<AttemptOutcome> attempts = outcome.attemptHistory();
        Optional<Instant> start = attempts.stream().findFirst().map(AttemptOutcome::start);
        Optional<Instant> end = attempts.isEmpty() ? Optional.empty()
                : Optional.of(attempts.get(attempts.size() - 1).end());
        instant(node, "start", start);
        instant(node, "end", end);
        if (start.isPresent() && end.isPresent()) {
            node.put("durationMillis", end.get().toEpochMilli() - start.get().toEpochMilli());
        } else {
            node.putNull("durationMillis");
        }
        ArrayNode outputNodes = node.putArray("outputs");
        for (OutputLocation location : outputs) {
            ObjectNode output = outputNodes.addObject();
            output.put("name", location.namedOutput().map(NamedOutput::name).orElse(null));
            output.put("relativePath", location.relativePath());
            output.put("uri", location.uri().toString());
            output.put("path", "file".equals(location.uri().getScheme()) ? Path.of(location.uri()).toString() : null);
        }
        failure(node, "failure", outcome.failure());
        ArrayNode attemptNodes = node.putArray("attempts");
        for (AttemptOutcome attempt : attempts) {
            ObjectNode attemptNode = attemptNodes.addObject();
            attemptNode.put("number", attempt.number());
            attemptNode.put("start", attempt.start().toString());
            attemptNode.put("end", attempt.end().toString());
            attemptNode.put("durationMillis", attempt.duration().toMillis());
            attemptNode.put("outcome", attempt.outcome().name());
            failure(attemptNode, "failure", attempt.failure());
        }
        node.put("taskInfo", outcome.taskInfo().map(Path::toString).orElse(null));
        lock(node.putObject("lock"), outcome.lock());
    }

    private static void lock(ObjectNode node, LockActivity lock) {
        node.put("runLock", lock.runLock());
        node.put("policy", lock.policy().name());
        node.put("collisions", lock.collisions());
        node.put("lockWaitMillis", lock.lockWait().toMillis());
        ArrayNode runTokens = node.putArray("runLeaseTokens");
        lock.runLeaseTokens().forEach(runTokens::add);
        ArrayNode publishTokens = node.putArray("publishTokens");
        lock.publishTokens().forEach(publishTokens::add);
        node.put("ranBy", lock.ranBy().orElse(null));
    }

    private static void failure(ObjectNode parent, String field, Optional<Throwable> failure) {
        if (failure.isEmpty()) {
            parent.putNull(field);
            return;
        }
        Throwable error = failure.get();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        ObjectNode node = parent.putObject(field);
        node.put("class", error.getClass().getName());
        node.put("message", error.getMessage());
        node.put("rootCauseClass", root.getClass().getName());
        node.put("rootCauseMessage", root.getMessage());
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        node.put("stackTrace", trace.toString());
    }

    private static void instant(ObjectNode node, String field, Optional<Instant> instant) {
        node.put(field, instant.map(Instant::toString).orElse(null));
    }
}
