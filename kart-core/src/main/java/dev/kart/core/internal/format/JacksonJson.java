package dev.kart.core.internal.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Jackson side of {@link JsonFormat}: one mapper, and one reader and one writer per declared type,
 * made on first use and kept (resolving a type through Jackson's type factory on every load and dump
 * was a fifth of a trivial task's CPU). Thread-safe.
 */
final class JacksonJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // ISO-8601 ("PT30M"), as dates are and as csv cells and labels show durations, rather than seconds
            // that another reader of the file cannot tell from any number; seconds (1800.000000000), as an
            // earlier kart wrote them, still read
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a cache file kart wrote never needs a coercion: 42.5 read as a long, or "42" as a number,
            // would be a corrupt or foreign file read as a wrong value. Double's "NaN" and "Infinity"
            // are how Jackson writes those values, not coercions, and still read.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();
    private final Map<Type, ObjectWriter> writers = new ConcurrentHashMap<>();
    // made once: a lambda capturing this, written at each computeIfAbsent, would be a new object per load and dump
    private final Function<Type, ObjectReader> newReader = declared -> mapper.readerFor(javaType(declared));
    private final Function<Type, ObjectWriter> newWriter = declared -> mapper.writerFor(javaType(declared));

    void write(Object value, Type type, OutputStream out) throws IOException {
        writers.computeIfAbsent(type, newWriter).writeValue(out, value);
    }

    /** Makes and keeps the writer of {@code type}, with its serializer (Jackson fetches it as the writer is made). */
    void prepare(Type type) {
        writers.computeIfAbsent(type, newWriter);
    }

    Object read(InputStream in, Type type) throws IOException {
        Object value;
        try {
            value = readers.computeIfAbsent(type, newReader).readValue(in);
        } catch (JsonMappingException e) {
            // its first line often does not say which field: add the path, such as Stats["mean"]
            String path = e.getPath().isEmpty() ? "" : " (at " + e.getPathReference() + ")";
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + path, e);
        }
        if (value == null) {
            throw new IOException("the file is empty or holds null, expected a " + type.getTypeName());
        }
        return value;
    }

    private JavaType javaType(Type type) {
        return mapper.getTypeFactory().constructType(type);
    }
}
