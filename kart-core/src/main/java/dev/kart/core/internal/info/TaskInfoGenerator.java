package dev.kart.core.internal.info;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kart.core.internal.cache.Publication;
import dev.kart.core.internal.json.PlainJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes a {@link TaskInfo} as JSON with Jackson's streaming generator: the fields of each record in
 * the order of its components, instants as ISO-8601 text ({@link Instant#toString}), absent values as
 * {@code null}; the same document Jackson's data binding writes of it with {@code JavaTimeModule} and
 * dates as text, which {@link TaskInfoParser} reads.
 *
 * <p>Why not data binding: a node that computes tasks writes records but reads none of them whole,
 * and binding costs a starting node about 65 ms of CPU (its mapper, the JDK's locale data behind its
 * date format, a serializer made by reflection for each record and list class) against a few for the
 * generator. With four nodes starting on two cores that CPU is wall time before their first task.
 * Thread-safe; stateless.
 */
final class TaskInfoGenerator {
    private static final JsonFactory FACTORY = new JsonFactory();

    private TaskInfoGenerator() {
    }

    /**
     * @param info a record
     * @return it as UTF-8 JSON
     * @throws IOException never for the byte array written to; declared by Jackson's generator
     */
    static byte[] toJson(TaskInfo info) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("task", info.task());
            json.writeStringField("label", info.label());
            json.writeStringField("uniqueId", info.uniqueId());
            json.writeFieldName("parameters");
            PlainJson.write(json, info.parameters());
            json.writeStringField("state", info.state());
            json.writeFieldName("attempts");
            if (info.attempts() == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (TaskInfo.Attempt attempt : info.attempts()) {
                    writeAttempt(json, attempt);
                }
                json.writeEndArray();
            }
            writeInstant(json, "start", info.start());
            writeInstant(json, "end", info.end());
            json.writeNumberField("durationMillis", info.durationMillis());
            json.writeStringField("node", info.node());
            json.writeStringField("host", info.host());
            json.writeNumberField("pid", info.pid());
            json.writeNumberField("runtime", info.runtime());
            json.writeFieldName("publications");
            if (info.publications() == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (Publication publication : info.publications()) {
                    writePublication(json, publication);
                }
                json.writeEndArray();
            }
            json.writeFieldName("lock");
            writeLock(json, info.lock());
            json.writeFieldName("log");
            PlainJson.write(json, info.log());
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void writeAttempt(JsonGenerator json, TaskInfo.Attempt attempt) throws IOException {
        if (attempt == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeNumberField("number", attempt.number());
        writeInstant(json, "start", attempt.start());
        writeInstant(json, "end", attempt.end());
        json.writeNumberField("durationMillis", attempt.durationMillis());
        json.writeStringField("outcome", attempt.outcome());
        json.writeStringField("error", attempt.error());
        json.writeStringField("cause", attempt.cause());
        json.writeStringField("stackTrace", attempt.stackTrace());
        json.writeNumberField("collisions", attempt.collisions());
        json.writeNumberField("lockWaitMillis", attempt.lockWaitMillis());
        json.writeEndObject();
    }

    private static void writePublication(JsonGenerator json, Publication publication) throws IOException {
        if (publication == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("path", publication.path());
        json.writeNumberField("fencingToken", publication.fencingToken());
        writeInstant(json, "at", publication.at());
        json.writeEndObject();
    }

    private static void writeLock(JsonGenerator json, TaskInfo.LockActivity lock) throws IOException {
        if (lock == null) {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeBooleanField("runLock", lock.runLock());
        json.writeStringField("policy", lock.policy());
        json.writeNumberField("collisions", lock.collisions());
        json.writeNumberField("waitMillis", lock.waitMillis());
        json.writeFieldName("fencingTokens");
        PlainJson.write(json, lock.fencingTokens());
        json.writeEndObject();
    }

    private static void writeInstant(JsonGenerator json, String name, Instant at) throws IOException {
        json.writeStringField(name, at == null ? null : at.toString());
    }
}
