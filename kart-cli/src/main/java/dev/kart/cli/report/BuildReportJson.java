package dev.kart.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kart.core.AttemptOutcome;
import dev.kart.core.BuildReport;
import dev.kart.core.LockActivity;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import dev.kart.core.internal.failure.Causes;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * may be added without. Written with Jackson's streaming generator, not its data binding: a run
 * with {@code --json} or {@code --report} loads a sixth of the classes (issue 14).
 */
public final class BuildReportJson {
    /** The version of the document's shape, its {@code schemaVersion} field. */
    public static final int SCHEMA_VERSION = 1;

    private static final JsonFactory JSON = new JsonFactory();

    private BuildReportJson() {
    }

    /**
     * @param report a build's report
     * @param outputs where a task's outputs are ({@code Kart.outputs})
     * @return the report as an indented JSON document, ending with a newline
     */
    public static String render(BuildReport<?> report, Function<Task<?>, List<OutputLocation>> outputs) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            TaskOutcome root = report.rootOutcome();
            json.writeObjectFieldStart("root");
            json.writeStringField("id", root.uniqueId());
            json.writeStringField("task", root.task().getClass().getName());
            json.writeStringField("label", root.label());
            json.writeEndObject();
            json.writeBooleanField("succeeded", report.succeeded());
            json.writeBooleanField("interrupted", report.interrupted());
            json.writeNumberField("elapsedMillis", report.elapsed().toMillis());
            json.writeObjectFieldStart("counts");
            for (TaskState state : TaskState.values()) {
                json.writeNumberField(state.name(), report.count(state));
            }
            json.writeEndObject();
            json.writeArrayFieldStart("tasks");
            for (TaskOutcome outcome : report.outcomes()) {
                task(json, outcome, outputs.apply(outcome.task()));
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the build report as JSON", e);
        }
        return text + "\n";
    }

    private static void task(JsonGenerator json, TaskOutcome outcome, List<OutputLocation> outputs) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", outcome.uniqueId());
        json.writeStringField("task", outcome.task().getClass().getName());
        json.writeStringField("label", outcome.label());
        json.writeStringField("state", outcome.state().name());
        json.writeBooleanField("foundCompleteAtRun", outcome.foundCompleteAtRun());
        json.writeBooleanField("discardedAfterRun", outcome.discardedAfterRun());
        json.writeNumberField("cacheLoads", outcome.cacheLoads());
        List<AttemptOutcome> attempts = outcome.attemptHistory();
        Optional<Instant> start = attempts.stream().findFirst().map(AttemptOutcome::start);
        Optional<Instant> end = attempts.isEmpty() ? Optional.empty()
                : Optional.of(attempts.get(attempts.size() - 1).end());
        json.writeStringField("start", start.map(Instant::toString).orElse(null));
        json.writeStringField("end", end.map(Instant::toString).orElse(null));
        if (start.isPresent() && end.isPresent()) {
            json.writeNumberField("durationMillis", end.get().toEpochMilli() - start.get().toEpochMilli());
        } else {
            json.writeNullField("durationMillis");
        }
        json.writeArrayFieldStart("outputs");
        for (OutputLocation location : outputs) {
            json.writeStartObject();
            json.writeStringField("name", location.namedOutput().map(NamedOutput::name).orElse(null));
            json.writeStringField("relativePath", location.relativePath());
            json.writeStringField("uri", location.uri().toString());
            json.writeStringField("path", "file".equals(location.uri().getScheme()) ? Path.of(location.uri()).toString() : null);
            json.writeEndObject();
        }
        json.writeEndArray();
        failure(json, "failure", outcome.failure());
        json.writeArrayFieldStart("attempts");
        for (AttemptOutcome attempt : attempts) {
            json.writeStartObject();
            json.writeNumberField("number", attempt.number());
            json.writeStringField("start", attempt.start().toString());
            json.writeStringField("end", attempt.end().toString());
            json.writeNumberField("durationMillis", attempt.duration().toMillis());
            json.writeStringField("outcome", attempt.outcome().name());
            failure(json, "failure", attempt.failure());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("taskInfo", outcome.taskInfo().map(Path::toString).orElse(null));
        // a local workspace's record has its file, from which its URI is made here, for this report alone
        json.writeStringField("taskInfoUri", outcome.taskInfoUri().or(() -> outcome.taskInfo().map(Path::toUri))
                .map(URI::toString).orElse(null));
        lock(json, outcome.lock());
        json.writeEndObject();
    }

    private static void lock(JsonGenerator json, LockActivity lock) throws IOException {
        json.writeObjectFieldStart("lock");
        json.writeBooleanField("runLock", lock.runLock());
        json.writeStringField("policy", lock.policy().name());
        json.writeNumberField("collisions", lock.collisions());
        json.writeNumberField("lockWaitMillis", lock.lockWait().toMillis());
        json.writeArrayFieldStart("runLeaseTokens");
        for (long token : lock.runLeaseTokens()) {
            json.writeNumber(token);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("publishTokens");
        for (long token : lock.publishTokens()) {
            json.writeNumber(token);
        }
        json.writeEndArray();
        json.writeStringField("ranBy", lock.ranBy().orElse(null));
        json.writeEndObject();
    }

    private static void failure(JsonGenerator json, String field, Optional<Throwable> failure) throws IOException {
        if (failure.isEmpty()) {
            json.writeNullField(field);
            return;
        }
        Throwable error = failure.get();
        // a task's exception may chain its causes in a circle: the deepest is the last one not seen before
        Throwable root = Causes.deepest(error);
        json.writeObjectFieldStart(field);
        json.writeStringField("class", error.getClass().getName());
        json.writeStringField("message", error.getMessage());
        json.writeStringField("rootCauseClass", root.getClass().getName());
        json.writeStringField("rootCauseMessage", root.getMessage());
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        json.writeStringField("stackTrace", trace.toString());
        json.writeEndObject();
    }
}
