package dev.kart.core.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kart.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;

/**
 * {@code .json}: Jackson, typed by the declared output type, so a {@code Map<String, Long>} or a list
 * of records comes back as one. Strict on read: unknown properties, trailing content and missing
 * primitives are errors, so a file written by an older task definition is not silently half-read.
 */
public final class JsonFormat implements Format {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Override
    public List<String> extensions() {
        return List.of("json");
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        mapper.writerFor(javaType(type)).writeValue(out, value);
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        Object value;
        try {
            value = mapper.readValue(in, javaType(type));
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
