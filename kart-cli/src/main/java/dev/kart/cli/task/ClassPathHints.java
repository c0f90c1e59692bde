package dev.kart.cli.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Says what is wrong with a class directory when a task name finds no task: a directory of Java sources
 * without class files, or a package folder given instead of the directory its packages start from
 * ({@code --classpath hello/classes/hello} for {@code hello/classes}). Only asked once a name found
 * nothing, so its file system walks cost no successful command anything.
 */
final class ClassPathHints {
    /** How deep a directory is searched for class and source files: a package path is rarely deeper. */
    private static final int DEPTH = 12;
    /** How many entries a directory walk looks at before it gives up: {@code --classpath .} of a large tree. */
    private static final int MOST_ENTRIES = 20_000;
    /** The JVM's message for a class file that holds a class of another name: {@code Greet (wrong name: hello/Greet)}. */
    private static final Pattern WRONG_NAME = Pattern.compile("\\(wrong name: ([^)]+)\\)");

    private ClassPathHints() {
    }

    /**
     * @param entries the class path's jars and directories, as {@link ClassPathEntries} lists them
     * @param simpleName the class name the user typed, without its package
     * @return a sentence naming the first directory that holds sources but no class files, or that holds
     *     {@code simpleName.class} of a class in a package at its top; empty when none does
     */
    static Optional<String> of(List<Path> entries, String simpleName) {
        for (Path entry : entries) {
            if (!Files.isDirectory(entry)) {
                continue;
            }
            Optional<String> hint = packageFolder(entry, simpleName).or(() -> sourcesOnly(entry));
            if (hint.isPresent()) {
                return hint;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> packageFolder(Path directory, String simpleName) {
        Path classFile = directory.resolve(simpleName + ".class");
        if (simpleName.isEmpty() || !Files.isRegularFile(classFile)) {
            return Optional.empty();
        }
        return nameInside(directory, simpleName).filter(name -> name.contains(".")).map(name -> {
            Path packagePath = Path.of(name.substring(0, name.lastIndexOf('.')).replace('.', '/'));
            String start = directory.endsWith(packagePath) && directory.getNameCount() > packagePath.getNameCount()
                    ? ": --classpath " + directory.getRoot().resolve(directory.subpath(0, directory.getNameCount()
                            - packagePath.getNameCount()))
                    : "; put it at " + packagePath.resolve(simpleName + ".class") + " under the directory you give";
            return "the class path directory " + directory + " holds " + classFile.getFileName() + " of class " + name
                    + " at its top, but a class directory holds each class under its package's folders: give the"
                    + " directory they start from" + start;
        });
    }

    /**
     * The name of the class a directory's top-level class file holds, read by the JVM itself: asked under
     * the file's own name, it refuses a class of another one and says which.
     */
    private static Optional<String> nameInside(Path directory, String simpleName) {
        try (URLClassLoader probe = new URLClassLoader(new URL[] {directory.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class.forName(simpleName, false, probe);
            return Optional.of(simpleName);
        } catch (NoClassDefFoundError e) {
            Matcher wrong = WRONG_NAME.matcher(String.valueOf(e.getMessage()));
            // any other NoClassDefFoundError: a class of the unnamed package, whose supertypes are not on the probe's path
            return wrong.find() ? Optional.of(wrong.group(1).replace('/', '.')) : Optional.of(simpleName);
        } catch (ClassNotFoundException | LinkageError | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> sourcesOnly(Path directory) {
        boolean sources = false;
        try (Stream<Path> walk = Files.walk(directory, DEPTH)) {
            for (Path file : (Iterable<Path>) walk.limit(MOST_ENTRIES)::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class")) {
                    return Optional.empty();
                }
                sources |= name.endsWith(".java");
            }
        } catch (IOException | UncheckedIOException e) {
            // an unreadable directory: its classes could not be found either, but that is not what this says
            return Optional.empty();
        }
        return sources ? Optional.of("the class path directory " + directory + " holds Java sources (.java) and no class"
                + " files: kart loads compiled classes, so compile them first, such as javac -cp kart.jar -d classes"
                + " SOURCES, and give the class directory: --classpath classes") : Optional.empty();
    }
}
