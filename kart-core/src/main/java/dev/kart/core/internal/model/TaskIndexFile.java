package dev.kart.core.internal.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The task index files kart-api's task index processor ({@code dev.kart.task.index.TaskIndexProcessor})
 * writes, {@value #RESOURCE} in each jar or class directory of tasks, read with the format of
 * {@link java.util.ServiceLoader}'s files: UTF-8, one binary class name per line, {@code #} starts a
 * comment.
 */
public final class TaskIndexFile {
    /** The index's resource name, as the task index processor writes it. */
    public static final String RESOURCE = "META-INF/kart/tasks";

    private TaskIndexFile() {
    }

    /**
     * @param index one index file
     * @return the binary class names it lists, sorted; the classes themselves may be missing
     * @throws IOException when it cannot be read, naming it
     */
    public static SortedSet<String> entries(URL index) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new IOException("cannot read the task index " + index + ": " + e.getMessage(), e);
        }
        return names;
    }

    /**
     * @param classLoader a class loader
     * @return the binary class names every index it and its parents see lists, sorted
     * @throws UncheckedIOException when an index cannot be read
     */
    public static SortedSet<String> entries(ClassLoader classLoader) {
        SortedSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> indexes = classLoader.getResources(RESOURCE);
            while (indexes.hasMoreElements()) {
                names.addAll(entries(indexes.nextElement()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the task indexes (" + RESOURCE + ") on the class path", e);
        }
        return names;
    }
}
