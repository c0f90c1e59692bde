package dev.kart.core.internal.format;

import dev.kart.format.Format;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * {@code .json}: Jackson, typed by the declared output type, so a {@code Map<String, Long>} or a list
 * of records comes back as one. Strict on read: unknown properties, trailing content and missing
 * primitives are errors, so a file written by an older task definition is not silently half-read.
 * Jackson's data binding ({@link JacksonJson}) is made on the first read or write that needs it: a
 * runtime that reads and writes no JSON but numbers, booleans and text ({@link ScalarJson}), such as a
 * cached run of a task with a text output, loads none of its ~600 classes. Thread-safe.
 */
public final class JsonFormat implements Format {
    private volatile JacksonJson jackson;

    @Override
    public List<String> extensions() {
        return List.of("json");
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        if (!ScalarJson.handles(type) || !ScalarJson.write(value, type, out)) {
            jackson().write(value, type, out);
        }
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        if (!ScalarJson.handles(type)) {
            return jackson().read(in, type);
        }
        byte[] json = in.readAllBytes();
        Optional<Object> value = ScalarJson.read(json, type);
        return value.isPresent() ? value.get() : jackson().read(new ByteArrayInputStream(json), type);
    }

    /**
     * Makes what writing {@code type} takes: for a scalar ({@link ScalarJson}) Jackson's generator, else
     * Jackson's mapper and the writer of {@code type}, about 0.1 CPU-s the first time in a process.
     */
    @Override
    public void prepare(Type type) {
        if (ScalarJson.handles(type)) {
            ScalarJson.prepare();
        } else {
            jackson().prepare(type);
        }
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
