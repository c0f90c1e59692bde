package dev.kart.core.internal.format;

import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code .ser}: Java serialization, read through an {@link ObjectInputFilter} allow-list
 * ({@code kart.formats.java.allow}). A class outside the list is refused before it is instantiated,
 * so a tampered cache file cannot run gadget code.
 */
public final class JavaSerializationFormat implements Format {
    private final ObjectInputFilter filter;
    private final String allowed;
    private final ClassLoader classLoader;

    /**
     * @param allowList ObjectInputFilter class patterns that may be deserialized
     * @param classLoader where the classes named in a file are looked up: the tasks' class loader
     *     (with {@code kart run --classpath}, not the one that loaded kart)
     */
    public JavaSerializationFormat(List<String> allowList, ClassLoader classLoader) {
        // shown as a -D or a config file's list takes it, not as the filter's pattern joins it
        this.allowed = String.join(", ", allowList);
        String patterns = String.join(";", allowList);
        this.filter = ObjectInputFilter.Config.createFilter(
                (patterns.isEmpty() ? "" : patterns + ";") + "maxdepth=1000;!*");
        this.classLoader = classLoader;
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

    /**
     * Refuses a type whose values could be written but not read back: one that names a final class (a record,
     * an enum, a final class, an array's element, in the type or its type arguments, as {@code List<Row>}) that
     * is not {@link Serializable}, or that the allow-list would refuse to read. A class open to subclasses or an
     * interface ({@code List} holding an {@code ArrayList}) is left to the write, which sees the value's class.
     */
    @Override
    public void checkType(Type type) {
        for (Class<?> named : finalClassesOf(type, new ArrayList<>())) {
            if (named.isPrimitive()) {
                continue;
            }
            if (!Serializable.class.isAssignableFrom(named)) {
                throw new IllegalArgumentException("ser stores Serializable values, and " + named.getName() + " is not Serializable");
            }
            if (filter.checkInput(new DeclaredClass(named)) == ObjectInputFilter.Status.REJECTED) {
                throw new IllegalArgumentException("ser reads back only the classes kart.formats.java.allow allows ("
                        + allowed + "), and " + named.getName() + " is not one of them: a file of it could be written but"
                        + " never read; add it, or its package as " + packagePattern(named) + ", to kart.formats.java.allow");
            }
        }
    }

    private static List<Class<?>> finalClassesOf(Type type, List<Class<?>> found) {
        Class<?> raw = ParameterTypes.rawType(type);
        Class<?> element = raw;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (Modifier.isFinal(element.getModifiers()) && !found.contains(element)) {
            found.add(element);
        }
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                finalClassesOf(argument, found);
            }
        } else if (type instanceof GenericArrayType array) {
            finalClassesOf(array.getGenericComponentType(), found);
        }
        return found;
    }

    private static String packagePattern(Class<?> named) {
        String packageName = named.getPackageName();
        return packageName.isEmpty() ? named.getName() : packageName + ".*";
    }

    /** A class as the stream would name it, for asking the allow-list about it ahead of any stream. */
    private record DeclaredClass(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
        @Override
        public long arrayLength() {
            return -1;
        }

        @Override
        public long depth() {
            return 1;
        }

        @Override
        public long references() {
            return 0;
        }

        @Override
        public long streamBytes() {
            return 0;
        }
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        ObjectInputStream objects = new TaskClassesInputStream(in, classLoader);
        // the JDK's refusal does not say which class it refused: note it, for the message
        Class<?>[] refused = {null};
        objects.setObjectInputFilter(info -> {
            ObjectInputFilter.Status status = filter.checkInput(info);
            if (status == ObjectInputFilter.Status.REJECTED && refused[0] == null) {
                refused[0] = info.serialClass();
            }
            return status;
        });
        try {
            return objects.readObject();
        } catch (InvalidClassException e) {
            String what = refused[0] == null ? "" : " class " + refused[0].getName();
            String allowIt = refused[0] == null ? "" : "; to read it, if you trust the file, add it, or its package as "
                    + packagePattern(refused[0]) + ", to kart.formats.java.allow";
            throw new IOException("refused to deserialize" + what + ": " + e.getMessage()
                    + " (classes allowed by kart.formats.java.allow: " + allowed + allowIt + ")", e);
        } catch (ClassNotFoundException e) {
            throw new IOException("the file names class " + e.getMessage() + ", which is not on the class path", e);
        }
    }

    /**
     * Resolves classes through the tasks' class loader. The JDK's default is the loader of the
     * nearest application class on the call stack, which is kart's own, so classes given with
     * {@code --classpath} would not be found. Classes are loaded without being initialized, and the
     * filter checks them before any instance is made.
     */
    private static final class TaskClassesInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        TaskClassesInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                // primitive types and their arrays
                return super.resolveClass(description);
            }
        }
    }
}
