package dev.kart.core.format;

import dev.kart.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;

/**
 * {@code .ser}: Java serialization, read through an {@link ObjectInputFilter} allow-list
 * ({@code kart.formats.java.allow}). A class outside the list is refused before it is instantiated,
 * so a tampered cache file cannot run gadget code.
 */
public final class JavaSerializationFormat implements Format {
    private final ObjectInputFilter filter;
    private final String allowed;

    /** @param allowList ObjectInputFilter class patterns that may be deserialized */
    public JavaSerializationFormat(List<String> allowList) {
        this.allowed = String.join(";", allowList);
        this.filter = ObjectInputFilter.Config.createFilter(
                (allowed.isEmpty() ? "" : allowed + ";") + "maxdepth=1000;!*");
    }

    @Override
    public List<String> extensions() {
        return List.of("ser");
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        ObjectOutputStream objects = new ObjectOutputStream(out);
        try {
            objects.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("ser stores Serializable values, and " + e.getMessage()
                    + " is not Serializable", e);
        }
        objects.flush();
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        ObjectInputStream objects = new ObjectInputStream(in);
        objects.setObjectInputFilter(filter);
        try {
            return objects.readObject();
        } catch (InvalidClassException e) {
            throw new IOException("refused to deserialize: " + e.getMessage()
                    + " (classes allowed by kart.formats.java.allow: " + allowed + ")", e);
        } catch (ClassNotFoundException e) {
            throw new IOException("the file names class " + e.getMessage() + ", which is not on the class path", e);
        }
    }
}
