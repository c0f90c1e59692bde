package dev.kart.core.internal.info;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kart.core.internal.cache.Publication;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TaskInfo} as JSON with Jackson's streaming generator: the fields of each record in
 * the order of its components, instants as ISO-8601 text ({@link Instant#toString}), absent values as
 * {@code null}; the same document Jackson's data binding writes of it with {@code JavaTimeModule} and
 * dates as text, which is how records are read ({@link TaskInfoWriter#read}).
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
            writeValue(json, info.parameters());
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
            writeValue(json, info.log());
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
        writeValue(json, lock.fencingTokens());
        json.writeEndObject();
    }

    private static void writeInstant(JsonGenerator json, String name, Instant at) throws IOException {
        json.writeStringField(name, at == null ? null : at.toString());
    }

    /**
     * Writes a parameter value as {@code TaskInfoWriter.base} renders it, or a list of log lines or
     * tokens: text, a number, a boolean, {@code null}, or a list or map of those.
     *
     * @throws IllegalArgumentException for any other value, which no record holds
     */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Number number) {
            writeNumber(json, number);
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else {
            throw new IllegalArgumentException("a task info record holds no " + value.getClass().getName() + ": " + value);
        }
    }

    /** Writes a number as data binding's number serializer does, each kind with its own precision. */
    private static void writeNumber(JsonGenerator json, Number number) throws IOException {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            json.writeNumber(number.intValue());
        } else if (number instanceof Long value) {
            json.writeNumber(value);
        } else if (number instanceof Double value) {
            json.writeNumber(value);
        } else if (number instanceof Float value) {
            json.writeNumber(value);
        } else if (number instanceof BigInteger value) {
            json.writeNumber(value);
        } else if (number instanceof BigDecimal value) {
            json.writeNumber(value);
        } else {
            json.writeNumber(number.toString());
        }
    }
}
