package dev.kart.cli.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Says what is wrong with a class path entry when a task name finds no task: a package folder given
 * instead of the directory its packages start from ({@code --classpath hello/classes/hello} for
 * {@code hello/classes}), a directory that holds the class directory further down ({@code hello} for
 * {@code hello/classes}), a directory of Java sources without class files, or a source or class file
 * given instead of a directory. Only asked once a name found nothing, so its file system walks cost no
 * successful command anything.
 */
final class ClassPathHints {
    /** How deep a directory is searched for class and source files: a package path is rarely deeper. */
    private static final int DEPTH = 12;
    /** How many entries a directory walk looks at before it gives up: {@code --classpath .} of a large tree. */
    private static final int MOST_ENTRIES = 20_000;
    /** The JVM's message for a class file that holds a class of another name: {@code Greet (wrong name: hello/Greet)}. */
    private static final Pattern WRONG_NAME = Pattern.compile("\\(wrong name: ([^)]+)\\)");
    private static final String COMPILE = "kart loads compiled classes: compile first, such as javac -cp kart.jar"
            + " -d classes SOURCES, and give the class directory: --classpath classes";

    /**
     * A class file and the class it holds.
     *
     * @param className the class's binary name, read by the JVM from the file
     * @param root the directory its package's folders start from, when the file lies in them
     */
    private record Located(Path file, String className, Optional<Path> root) {
    }

    private ClassPathHints() {
    }

    /**
     * @param entries the class path's jars and directories, as {@link ClassPathEntries} lists them
     * @param simpleName the class name the user typed, without its package
     * @return a sentence naming the first entry that is such a mistake, and what to give instead; empty
     *     when none is
     */
    static Optional<String> of(List<Path> entries, String simpleName) {
        for (Path entry : entries) {
            Optional<String> hint = Files.isDirectory(entry)
                    ? packageFolder(entry, simpleName).or(() -> classesBelow(entry, simpleName)).or(() -> sourcesOnly(entry))
                    : sourceOrClassFile(entry);
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
        return located(classFile).filter(found -> found.className().contains(".")).map(found -> "the class path directory "
                + directory + " holds " + classFile.getFileName() + " of class " + found.className() + " at its top, but a"
                + " class directory holds each class under its package's folders: give the directory they start from"
                + found.root().map(root -> ": --classpath " + root).orElse("; put it at " + packagePath(found.className())
                        .resolve(classFile.getFileName()) + " under the directory you give"));
    }

    /** A class file of that name further down, in a class directory of its own: {@code hello} for {@code hello/classes}. */
    private static Optional<String> classesBelow(Path directory, String simpleName) {
        String fileName = simpleName + ".class";
        return first(directory, file -> file.getFileName().toString().equals(fileName) && !file.getParent().equals(directory))
                .flatMap(ClassPathHints::located)
                .filter(found -> found.root().isPresent() && !found.root().get().equals(directory))
                .map(found -> "the class path directory " + directory + " holds class " + found.className() + " further"
                        + " down, in the class directory " + found.root().get() + ": give that directory: --classpath "
                        + found.root().get());
    }

    private static Optional<String> sourcesOnly(Path directory) {
        boolean[] sources = new boolean[1];
        Optional<Path> classFile = first(directory, file -> {
            String name = file.getFileName().toString();
            sources[0] |= name.endsWith(".java");
            return name.endsWith(".class");
        });
        return classFile.isEmpty() && sources[0] ? Optional.of("the class path directory " + directory + " holds Java"
                + " sources (.java) and no class files: " + COMPILE) : Optional.empty();
    }

    private static Optional<String> sourceOrClassFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.endsWith(".java") && Files.isRegularFile(file)) {
            return Optional.of("the class path entry " + file + " is a Java source file, where a jar or class directory"
                    + " belongs: " + COMPILE);
        }
        if (!name.endsWith(".class") || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return located(file).map(found -> "the class path entry " + file + " is a class file (of class " + found.className()
                + "), where a jar or class directory belongs: give the directory its package's folders start from"
                + found.root().map(root -> ": --classpath " + root).orElse(""));
    }

    /** The first regular file below the directory that passes the test, in a walk bounded in depth and length. */
    private static Optional<Path> first(Path directory, Predicate<Path> wanted) {
        try (Stream<Path> walk = Files.walk(directory, DEPTH)) {
            return walk.limit(MOST_ENTRIES).filter(Files::isRegularFile).filter(wanted).findFirst();
        } catch (IOException | UncheckedIOException e) {
            // an unreadable directory: its classes could not be found either, but that is not what this says
            return Optional.empty();
        }
    }

    /** The class a class file holds, and the directory its package's folders start from when it lies in them. */
    private static Optional<Located> located(Path classFile) {
        Path directory = classFile.toAbsolutePath().getParent();
        String fileName = classFile.getFileName().toString();
        return nameInside(directory, fileName.substring(0, fileName.length() - ".class".length())).map(className -> {
            Path packagePath = packagePath(className);
            boolean inPackageFolders = packagePath.toString().isEmpty() || directory.endsWith(packagePath)
                    && directory.getNameCount() > packagePath.getNameCount();
            Optional<Path> root = !inPackageFolders ? Optional.empty() : packagePath.toString().isEmpty()
                    ? Optional.of(directory)
                    : Optional.of(directory.getRoot().resolve(directory.subpath(0, directory.getNameCount()
                            - packagePath.getNameCount())));
            return new Located(classFile, className, root);
        });
    }

    private static Path packagePath(String className) {
        int dot = className.lastIndexOf('.');
        return Path.of(dot < 0 ? "" : className.substring(0, dot).replace('.', '/'));
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
}
