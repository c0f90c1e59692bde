package dev.kart.cli.task;

import dev.kart.core.internal.model.TaskIndexFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipFile;

/**
 * The task indexes on a class path: every {@value #INDEX} resource, which the task index processor
 * of kart-api ({@code dev.kart.task.index.TaskIndexProcessor}) writes when a jar's tasks are
 * compiled, read with the format of {@link java.util.ServiceLoader}'s files (UTF-8, one binary class
 * name per line, {@code #} starts a comment). Immutable.
 *
 * @param names the task classes the indexes list whose class files are on the class path, sorted
 * @param roots the jars and class directories that have an index, as real paths, each with its index
 * @param missing the task classes the indexes list whose class files are nowhere on the class path (a
 *     compilation that failed after javac wrote the index, or a class file deleted since), each with the
 *     index that lists it; sorted
 */
record TaskIndexes(SortedSet<String> names, Map<Path, URL> roots, SortedMap<String, URL> missing) {
    /** The index's resource name, as the task index processor writes it. */
    static final String INDEX = TaskIndexFile.RESOURCE;

    TaskIndexes {
        names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
        roots = Map.copyOf(roots);
        missing = Collections.unmodifiableSortedMap(new TreeMap<>(missing));
    }

    /**
     * @param classLoader a class loader
     * @return the indexes it and its parents see
     * @throws UncheckedIOException when an index cannot be read
     */
    static TaskIndexes read(ClassLoader classLoader) {
        SortedSet<String> names = new TreeSet<>();
        Map<Path, URL> roots = new HashMap<>();
        SortedMap<String, URL> missing = new TreeMap<>();
        try {
            Enumeration<URL> indexes = classLoader.getResources(INDEX);
            while (indexes.hasMoreElements()) {
                URL index = indexes.nextElement();
                Optional<Path> root = root(index);
                root.ifPresent(path -> roots.putIfAbsent(path, index));
                Set<String> listed = TaskIndexFile.entries(index);
                Set<String> present = present(listed, root.orElse(null), classLoader);
                names.addAll(present);
                for (String name : listed) {
                    if (!present.contains(name)) {
                        missing.putIfAbsent(name, index);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the task indexes (" + INDEX + ") on the class path", e);
        }
        missing.keySet().removeAll(names);
        return new TaskIndexes(names, roots, missing);
    }

    /**
     * The names of {@code listed} whose class files are there: an index left from an earlier build, or
     * written by a compilation that then failed, may name a class that is not. The index's own jar or
     * directory is asked first, the class loader only for a name it lacks: for each name, the class loader
     * first asks the JDK's modules (each system module's image) and every jar before the index's, about 2%
     * of a cached {@code kart run}'s CPU for the example's index (docs/benchmarks.md).
     */
    private static Set<String> present(Set<String> listed, Path root, ClassLoader classLoader) throws IOException {
        if (listed.isEmpty()) {
            // kart's own jar lists none, and is not opened for it (its directory has some 30,000 entries)
            return Set.of();
        }
        Set<String> present = new HashSet<>();
        try (ZipFile jar = root != null && Files.isRegularFile(root) ? new ZipFile(root.toFile()) : null) {
            for (String name : listed) {
                String classFile = name.replace('.', '/') + ".class";
                boolean inRoot = jar != null ? jar.getEntry(classFile) != null
                        : root != null && Files.isRegularFile(root.resolve(classFile));
                if (inRoot || classLoader.getResource(classFile) != null) {
                    present.add(name);
                }
            }
        }
        return present;
    }

    /**
     * @param index an index's URL, as the class loader gives it
     * @return where the index is, for a message: {@code /dir/META-INF/kart/tasks} for a class directory's,
     *     {@code META-INF/kart/tasks in /x.jar} for a jar's, the URL itself for another kind
     */
    static String display(URL index) {
        return root(index).map(root -> "jar".equals(index.getProtocol()) ? INDEX + " in " + root
                : root.resolve(INDEX).toString()).orElse(index.toString());
    }

    /**
     * @return the jar or class directory holding an index: {@code jar:file:/x.jar!/META-INF/kart/tasks}
     *     gives {@code /x.jar}, {@code file:/dir/META-INF/kart/tasks} gives {@code /dir}; empty for
     *     another kind of URL
     */
    private static Optional<Path> root(URL index) {
        try {
            if ("jar".equals(index.getProtocol())) {
                String file = index.getPath();
                int separator = file.indexOf("!/");
                URL jar = new URL(separator < 0 ? file : file.substring(0, separator));
                return "file".equals(jar.getProtocol()) ? Optional.of(ClassPathEntries.real(Path.of(jar.toURI())))
                        : Optional.empty();
            }
            if ("file".equals(index.getProtocol())) {
                Path directory = Path.of(index.toURI()).getParent().getParent().getParent();
                return Optional.of(ClassPathEntries.real(directory));
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            // not a jar or directory kart can name: its entries still count, its classes may be scanned too
        }
        return Optional.empty();
    }
}
