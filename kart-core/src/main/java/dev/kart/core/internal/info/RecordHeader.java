package dev.kart.core.internal.info;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kart.core.internal.cache.Publication;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a task info record that say which node wrote it, the task's state there, when it ended and
 * the files it published, read with Jackson's streaming parser and without the rest of the record: what a node
 * needs of another node's record before it replaces it (and whether to keep it) or notes who ran a task. Reading the whole record would load Jackson's
 * data binding into a node that otherwise only writes records (see {@link TaskInfoGenerator}).
 *
 * @param host the writer's host
 * @param pid the writer's process id
 * @param runtime the writer's runtime in that process; 0 in records written before runtimes were numbered
 * @param state the task's state in the record ({@link TaskInfo#state})
 * @param publications the files the record lists as published, each with the fencing token it was published under
 * @param end when the record's latest attempt ended ({@link TaskInfo#end}), by its writer's clock, as written; empty
 *     when the record has none. Read as an instant only when asked ({@link #endedBefore}): a rerun reads the
 *     header of every task's record, and {@code Instant.parse} was most of that read
 */
record RecordHeader(String host, long pid, int runtime, String state, Map<String, Long> publications,
        Optional<String> end) {
    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * @param json a task info file's content
     * @return its header; empty when it is not one whole JSON object naming its writer's host and
     *     process id as text and a number (a first write cut short by a kill, say)
     */
    static Optional<RecordHeader> of(byte[] json) {
        String host = null;
        String state = null;
        String end = null;
        long pid = -1;
        int runtime = 0;
        Map<String, Long> publications = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "host" -> host = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "state" -> state = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "pid" -> pid = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "runtime" -> runtime = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : 0;
                    case "publications" -> readPublications(parser, value, publications);
                    case "end" -> end = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    default -> parser.skipChildren();
                }
            }
            // nextFieldName stops at the object's end, or throws at a document cut short; what follows
            // the object is not read, as TaskInfoParser does not read it either (nor did data binding)
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (host == null || pid < 0) {
            return Optional.empty();
        }
        return Optional.of(new RecordHeader(host, pid, runtime, state, Map.copyOf(publications),
                Optional.ofNullable(end)));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Reads {@code [{"path": ..., "fencingToken": ...}, ...]}, skipping what is not so. */
    private static void readPublications(JsonParser parser, JsonToken value, Map<String, Long> publications)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String path = null;
            long token = -1;
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken fieldValue = parser.nextToken();
                switch (field) {
                    case "path" -> path = fieldValue == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "fencingToken" -> token = fieldValue == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    default -> parser.skipChildren();
                }
            }
            if (path != null) {
                publications.merge(path, token, Math::max);
            }
        }
    }

    /**
     * @param later the files a later publish of the task published
     * @return whether that publish replaced every file this record lists, each under a larger fencing token (cache
     *     leases' tokens grow per file): then none of this record's files stands
     */
    boolean supersededBy(List<Publication> later) {
        Map<String, Long> tokens = new HashMap<>();
        later.forEach(publication -> tokens.merge(publication.path(), publication.fencingToken(), Math::max));
        return publications.entrySet().stream()
                .allMatch(mine -> tokens.getOrDefault(mine.getKey(), Long.MIN_VALUE) > mine.getValue());
    }

    /**
     * @param instant a time, by this node's clock
     * @return whether the record's latest attempt ended before it; false when the record does not say when, as an
     *     instant
     */
    boolean endedBefore(Instant instant) {
        return end.flatMap(RecordHeader::instant).filter(ended -> ended.isBefore(instant)).isPresent();
    }

    /** @return the node that wrote the record; a record without a runtime number counts as runtime 1 */
    NodeIdentity writer() {
        return new NodeIdentity(new ProcessIdentity(host, pid), Math.max(1, runtime));
    }
}
