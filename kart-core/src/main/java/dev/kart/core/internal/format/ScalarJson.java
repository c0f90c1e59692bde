package dev.kart.core.internal.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.kart.core.internal.json.PlainJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link JsonFormat} of outputs declared as {@code Long}, {@code Integer}, {@code Double},
 * {@code Boolean} or {@code String}: written and read with Jackson's streaming generator and parser,
 * not its data binding (a {@code Long}, {@code Integer} or {@code Boolean} is written as the text the
 * generator makes of it, without one). The file is the one data binding writes ({@code 42},
 * {@code "text"}); a file that is anything but one value of the declared kind is left to data binding
 * ({@link JacksonJson}), so what it accepts and rejects, and its error messages, stay as they were.
 *
 * <p>Why: data binding's first mapper costs a process about 55 ms of CPU (most of it the JDK's locale
 * data behind the date format every mapper holds), which a node computing tasks with such outputs
 * paid at start, four nodes on two cores in turn. The generator and parser cost a few milliseconds.
 * Thread-safe; stateless.
 */
final class ScalarJson {
    private static final Set<Type> TYPES = Set.of(Long.class, Integer.class, Double.class, Boolean.class, String.class);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private ScalarJson() {
    }

    /**
     * Loads and runs the generator (which {@code Double} and {@code String} outputs go through) and the parser
     * once, ahead of the first output.
     */
    static void prepare() {
        try {
            write("", String.class, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a value as JSON", e);
        }
        read(new byte[] {'0'}, Long.class);
    }

    /** @return whether outputs of the declared {@code type} are written and read here */
    static boolean handles(Type type) {
        return TYPES.contains(type);
    }

    /**
     * @param value an output of a type {@link #handles}
     * @param type its declared type
     * @param out where its JSON goes; left open
     * @return false, having written nothing, when {@code value} is null or not of the class declared
     *     (a raw type let another in), which data binding then writes or refuses as before
     * @throws IOException when {@code out} cannot be written
     */
    static boolean write(Object value, Type type, OutputStream out) throws IOException {
        if (value == null || value.getClass() != type) {
            return false;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            // the generator's text of these is their toString(), ASCII: a cold task's output without
            // a generator's set-up (its buffers, their recycling), the file byte for byte the same
            out.write(value.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        }
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            PlainJson.write(json, value);
        }
        return true;
    }

    /**
     * @param json a whole file
     * @param type the declared type, one {@link #handles}
     * @return its value; empty when the file is not exactly one JSON value of that kind (whitespace
     *     aside), for data binding to read or reject
     */
    static Optional<Object> read(byte[] json, Type type) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            Object value = token == null ? null : valueOf(parser, token, type);
            if (value == null || parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Object valueOf(JsonParser parser, JsonToken token, Type type) throws IOException {
        if (type == String.class) {
            return token == JsonToken.VALUE_STRING ? parser.getText() : null;
        }
        if (type == Boolean.class) {
            return token.isBoolean() ? token == JsonToken.VALUE_TRUE : null;
        }
        if (type == Double.class) {
            return token.isNumeric() ? parser.getDoubleValue() : null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            return null;
        }
        JsonParser.NumberType kind = parser.getNumberType();
        if (type == Integer.class) {
            return kind == JsonParser.NumberType.INT ? parser.getIntValue() : null;
        }
        return kind == JsonParser.NumberType.INT || kind == JsonParser.NumberType.LONG ? parser.getLongValue() : null;
    }
}
