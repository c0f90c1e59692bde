package dev.kart.core.internal.format;

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
 * Jackson itself ({@link JacksonJson}) is made on the first read or write: a runtime that reads and
 * writes no JSON, such as a cached run of a task with a text output, loads none of its ~600
 * classes. Thread-safe.
 */
public final class JsonFormat implements Format {
    private volatile JacksonJson jackson;

    @Override
    public List<String> extensions() {
        return List.of("json");
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        jackson().write(value, type, out);
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        return jackson().read(in, type);
    }

    /** Makes Jackson's mapper and the writer of {@code type}: about 0.1 CPU-s the first time in a process. */
    @Override
    public void prepare(Type type) {
        jackson().prepare(type);
    }

    private JacksonJson jackson() {
        JacksonJson made = jackson;
        if (made == null) {
            synchronized (this) {
                made = jackson;
                if (made == null) {
                    made = new JacksonJson();
                    jackson = made;
                }
            }
        }
        return made;
    }
}
