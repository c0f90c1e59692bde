package dev.kart.core.internal.info;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.kart.core.internal.cache.Publication;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a whole {@link TaskInfo} record with Jackson's streaming parser: the document {@link
 * TaskInfoGenerator} writes, and the records of earlier kart versions, into the values Jackson's data
 * binding (with {@code JavaTimeModule}, unknown fields ignored) made of them when {@code kart info}
 * read records that way, until December 2026.
 *
 * <ul>
 *   <li>A field added since the first version that a record lacks ({@code node}, {@code runtime}, an
 *       attempt's {@code cause}) reads as {@code null}, {@code 0} or {@code false}; a field this version
 *       does not know (written by a later one) is skipped.</li>
 *   <li>A record without a field every version wrote ({@code task}, {@code uniqueId}, {@code state},
 *       {@code attempts}, {@code host}, {@code publications}, {@code lock}, an attempt's {@code
 *       outcome}, the lock's {@code fencingTokens}) is refused: data binding made a record of it that
 *       {@code kart info} then failed on. So are what no kart version wrote and data binding coerced:
 *       numbers and booleans given as text, {@code null} in a list of attempts, publications or tokens.</li>
 *   <li>Parameter values read as data binding reads untyped JSON: objects as {@code LinkedHashMap},
 *       arrays as {@code ArrayList}, whole numbers as {@code Integer}, {@code Long} or {@code BigInteger}
 *       by size, other numbers as {@code Double}.</li>
 *   <li>Instants are ISO-8601 text, or seconds since the epoch as a number.</li>
 * </ul>
 *
 * <p>Why not data binding: {@code kart info} loaded 643 of its classes to read records, about 0.2 s
 * of a command that otherwise needs Jackson's parser only. Thread-safe; stateless.
 */
final class TaskInfoParser {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** Where a message of Jackson's names a location inside it: {@code [Source: ...; line: 1, column: 1]}. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]");
    /** The digits of a long's largest value: more before the point is no instant. */
    private static final int MOST_SECOND_DIGITS = 19;
    /** Digits after the point beyond which a number of seconds is taken for no instant. */
    private static final int FINEST_SCALE = 100;

    private TaskInfoParser() {
    }

    /**
     * @param in a task info file's content; closed once read
     * @return the record; what follows its closing brace is not read
     * @throws IOException when the content is not one JSON object of a task info record's shape (such
     *     as an empty file, or a record whose first write a kill cut short); the message says what is
     *     wrong and where, such as {@code Unexpected end-of-input in field name, at line 1, column 201}
     */
    static TaskInfo parse(InputStream in) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            if (parser.nextToken() == null) {
                throw new JsonParseException(parser, "the file is empty");
            }
            expectObject(parser, "the file");
            return taskInfo(parser);
        } catch (JsonProcessingException e) {
            throw new IOException(plain(e), e);
        }
    }

    /**
     * The parser's message with where it stopped, such as {@code Unexpected end-of-input in field name, at
     * line 1, column 201}, without Jackson's note on the source it leaves out of its locations.
     */
    private static String plain(JsonProcessingException e) {
        String message = SOURCE.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2");
        JsonLocation location = e.getLocation();
        return location == null ? message : message + ", at line " + location.getLineNr() + ", column "
                + location.getColumnNr();
    }

    private static TaskInfo taskInfo(JsonParser parser) throws IOException {
        String task = null;
        String label = null;
        String uniqueId = null;
        Map<String, Object> parameters = null;
        String state = null;
        List<TaskInfo.Attempt> attempts = null;
        Instant start = null;
        Instant end = null;
        long durationMillis = 0;
        String node = null;
        String host = null;
        long pid = 0;
        int runtime = 0;
        List<Publication> publications = null;
        TaskInfo.LockActivity lock = null;
        List<String> log = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            parser.nextToken();
            switch (field) {
                case "task" -> task = text(parser, field);
                case "label" -> label = text(parser, field);
                case "uniqueId" -> uniqueId = text(parser, field);
                case "parameters" -> parameters = parameters(parser);
                case "state" -> state = text(parser, field);
                case "attempts" -> attempts = list(parser, field, TaskInfoParser::attempt);
                case "start" -> start = instant(parser, field);
                case "end" -> end = instant(parser, field);
                case "durationMillis" -> durationMillis = whole(parser, field);
                case "node" -> node = text(parser, field);
                case "host" -> host = text(parser, field);
                case "pid" -> pid = whole(parser, field);
                case "runtime" -> runtime = count(parser, field);
                case "publications" -> publications = list(parser, field, TaskInfoParser::publication);
                case "lock" -> lock = lock(parser);
                case "log" -> log = list(parser, field, element -> text(element, "log"));
                default -> parser.skipChildren();
            }
        }
        // what every kart version wrote and kart info shows: without it the file is no record it can show
        require(parser, "task", task);
        require(parser, "uniqueId", uniqueId);
        require(parser, "state", state);
        require(parser, "attempts", attempts);
        require(parser, "host", host);
        require(parser, "publications", publications);
        require(parser, "lock", lock);
        return new TaskInfo(task, label, uniqueId, parameters, state, attempts, start, end, durationMillis, node, host,
                pid, runtime, publications, lock, log);
    }

    private static void require(JsonParser parser, String field, Object value) throws JsonParseException {
        if (value == null) {
            throw new JsonParseException(parser, "the record has no field '" + field + "' (or it is null), which every"
                    + " task info record holds");
        }
    }

    private static Map<String, Object> parameters(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(parser, "field 'parameters'");
        return object(parser);
    }

    private static TaskInfo.Attempt attempt(JsonParser parser) throws IOException {
        expectObject(parser, "an element of field 'attempts'");
        int number = 0;
        Instant start = null;
        Instant end = null;
        long durationMillis = 0;
        String outcome = null;
        String error = null;
        String cause = null;
        String stackTrace = null;
        int collisions = 0;
        long lockWaitMillis = 0;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            String field = "attempts[]." + name;
            switch (name) {
                case "number" -> number = count(parser, field);
                case "start" -> start = instant(parser, field);
                case "end" -> end = instant(parser, field);
                case "durationMillis" -> durationMillis = whole(parser, field);
                case "outcome" -> outcome = text(parser, field);
                case "error" -> error = text(parser, field);
                case "cause" -> cause = text(parser, field);
                case "stackTrace" -> stackTrace = text(parser, field);
                case "collisions" -> collisions = count(parser, field);
                case "lockWaitMillis" -> lockWaitMillis = whole(parser, field);
                default -> parser.skipChildren();
            }
        }
        require(parser, "attempts[].outcome", outcome);
        return new TaskInfo.Attempt(number, start, end, durationMillis, outcome, error, cause, stackTrace, collisions,
                lockWaitMillis);
    }

    private static Publication publication(JsonParser parser) throws IOException {
        expectObject(parser, "an element of field 'publications'");
        String path = null;
        long fencingToken = 0;
        Instant at = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            String field = "publications[]." + name;
            switch (name) {
                case "path" -> path = text(parser, field);
                case "fencingToken" -> fencingToken = whole(parser, field);
                case "at" -> at = instant(parser, field);
                default -> parser.skipChildren();
            }
        }
        return new Publication(path, fencingToken, at);
    }

    private static TaskInfo.LockActivity lock(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectObject(parser, "field 'lock'");
        boolean runLock = false;
        String policy = null;
        int collisions = 0;
        long waitMillis = 0;
        List<Long> fencingTokens = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            String field = "lock." + name;
            switch (name) {
                case "runLock" -> runLock = bool(parser, field);
                case "policy" -> policy = text(parser, field);
                case "collisions" -> collisions = count(parser, field);
                case "waitMillis" -> waitMillis = whole(parser, field);
                case "fencingTokens" -> fencingTokens = list(parser, field, element -> {
                    if (element.currentToken() == JsonToken.VALUE_NULL) {
                        throw new JsonParseException(element, "field '" + field + "' holds null, expected whole numbers");
                    }
                    return whole(element, field);
                });
                default -> parser.skipChildren();
            }
        }
        require(parser, "lock.fencingTokens", fencingTokens);
        return new TaskInfo.LockActivity(runLock, policy, collisions, waitMillis, fencingTokens);
    }

    /** Reads one element of a list, its first token current. */
    @FunctionalInterface
    private interface ElementReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /** A list field: null, or an array each of whose elements {@code element} reads. */
    private static <T> List<T> list(JsonParser parser, String field, ElementReader<T> element) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expectArray(parser, "field '" + field + "'");
        List<T> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            elements.add(element.read(parser));
        }
        return elements;
    }

    /** Text, or a number or boolean as its text, as data binding reads a scalar into a String. */
    private static String text(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw unexpected(parser, field, "text");
        }
        return parser.getText();
    }

    /** A whole number; a fraction is cut off and null reads as 0, as data binding reads them. */
    private static long whole(JsonParser parser, String field) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getLongValue();
            case VALUE_NULL -> 0;
            default -> throw unexpected(parser, field, "a whole number");
        };
    }

    /** A whole number of int's range, read as {@link #whole} reads one. */
    private static int count(JsonParser parser, String field) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getIntValue();
            case VALUE_NULL -> 0;
            default -> throw unexpected(parser, field, "a whole number");
        };
    }

    private static boolean bool(JsonParser parser, String field) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw unexpected(parser, field, "true or false");
        };
    }

    /** ISO-8601 text, or seconds since the epoch as a number (a fraction for the nanoseconds). */
    private static Instant instant(JsonParser parser, String field) throws IOException {
        try {
            return switch (parser.currentToken()) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> {
                    String text = parser.getText().trim();
                    yield text.isEmpty() ? null : Instant.parse(text);
                }
                case VALUE_NUMBER_INT -> Instant.ofEpochSecond(parser.getLongValue());
                case VALUE_NUMBER_FLOAT -> {
                    BigDecimal seconds = parser.getDecimalValue();
                    // far beyond any instant, or finer than nanoseconds by far: not worth the arithmetic to say so
                    if (seconds.precision() - seconds.scale() > MOST_SECOND_DIGITS || seconds.scale() > FINEST_SCALE) {
                        throw new ArithmeticException("out of range");
                    }
                    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
                    yield Instant.ofEpochSecond(whole.longValueExact(), seconds.subtract(whole).movePointRight(9).longValue());
                }
                default -> throw unexpected(parser, field, "an instant");
            };
        } catch (DateTimeException | ArithmeticException e) {
            throw new JsonParseException(parser, "field '" + field + "' holds '" + parser.getText() + "', expected an"
                    + " ISO-8601 instant such as 2026-12-04T20:00:00Z, or seconds since the epoch", e);
        }
    }

    /** The members of the object whose start is the current token, each value untyped. */
    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            members.put(name, untyped(parser));
        }
        return members;
    }

    private static Object untyped(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                List<Object> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(untyped(parser));
                }
                yield elements;
            }
            case VALUE_STRING -> parser.getText();
            // Integer, Long or BigInteger, the smallest that holds it
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(parser, "a parameter's value holds " + words(parser.currentToken()));
        };
    }

    private static void expectObject(JsonParser parser, String what) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, what + " holds " + words(parser.currentToken()) + ", expected an object");
        }
    }

    private static void expectArray(JsonParser parser, String what) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new JsonParseException(parser, what + " holds " + words(parser.currentToken()) + ", expected an array");
        }
    }

    private static JsonParseException unexpected(JsonParser parser, String field, String expected) {
        return new JsonParseException(parser, "field '" + field + "' holds " + words(parser.currentToken()) + ", expected "
                + expected);
    }

    /** A token as a reader of the file would name what it sees. */
    private static String words(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "text";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }
}
