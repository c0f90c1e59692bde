package dev.kart.core.internal.format;

import dev.kart.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;

/** {@code .bin}: a {@code byte[]} stored as is. */
public final class BytesFormat implements Format {

    @Override
    public List<String> extensions() {
        return List.of("bin");
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        if (!(value instanceof byte[] bytes)) {
            throw new IllegalArgumentException("bin stores byte[], not " + type.getTypeName());
        }
        out.write(bytes);
    }

    @Override
    public void checkType(Type type) {
        if (type != byte[].class) {
            throw new IllegalArgumentException("bin stores byte[], not " + type.getTypeName());
        }
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        if (type != byte[].class) {
            throw new IllegalArgumentException("bin reads byte[], not " + type.getTypeName());
        }
        return in.readAllBytes();
    }
}
