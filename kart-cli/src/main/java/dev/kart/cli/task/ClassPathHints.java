package dev.kart.cli.task;

import dev.kart.task.Task;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * Says what is wrong with a class path entry when a task name finds no task: a package folder given
 * instead of the directory its packages start from ({@code --classpath hello/classes/hello} for
 * {@code hello/classes}), a directory that holds the class directory further down ({@code hello} for
 * {@code hello/classes}), a directory with the task's source and no class files, a source or class
 * file given instead of a directory, or a jar that cannot be opened. Only asked once a name found nothing,
 * so its file system walks and jar opens cost no successful command anything.
 */
final class ClassPathHints {
    /** How deep a directory is searched for class and source files: a package path is rarely deeper. */
    private static final int DEPTH = 12;
    /** How many files and directories a walk looks at before it gives up: {@code --classpath .} of a large tree. */
    private static final int MOST_ENTRIES = 20_000;
    /** The JVM's message for a class file that holds a class of another name: {@code Greet (wrong name: hello/Greet)}. */
    private static final Pattern WRONG_NAME = Pattern.compile("\\(wrong name: ([^)]+)\\)");

    /**
     * A class and the directory its package's folders start from, when its class file lies in them.
     *
     * @param className the class's binary name, read by the JVM from its class file
     */
    private record Located(String className, Optional<Path> root) {
    }

    /**
     * What a bounded walk of a class path directory found.
     *
     * @param classFile the first class file of the typed class name below the directory's top, if any
     * @param anyClassFile whether it holds any class file
     * @param source whether it holds the typed class name's source file
     * @param complete whether the walk saw the whole directory (within {@value #DEPTH} levels)
     */
    private record Walk(Optional<Path> classFile, boolean anyClassFile, boolean source, boolean complete) {
    }

    private ClassPathHints() {
    }

    /**
     * @param entries the class path's jars and directories, as {@link ClassPathEntries} lists them
     * @param simpleName the class name the user typed, without its package or enclosing class
     * @return a sentence naming the first entry that is such a mistake, and what to give instead; empty
     *     when none is
     */
    static Optional<String> of(List<Path> entries, String simpleName) {
        if (simpleName.isEmpty()) {
            return Optional.empty();
        }
        for (Path entry : entries) {
            Optional<String> hint = Files.isDirectory(entry) ? ofDirectory(entry, simpleName) : ofFile(entry);
            if (hint.isPresent()) {
                return hint;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ofDirectory(Path directory, String simpleName) {
        Path topClassFile = directory.resolve(simpleName + ".class");
        if (Files.isRegularFile(topClassFile)) {
            return located(topClassFile).filter(found -> found.className().contains("."))
                    .map(found -> "the class path directory " + directory + " holds " + topClassFile.getFileName()
                            + " of class " + found.className() + " at its top, but a class directory holds each class"
                            + " under its package's folders: give the directory they start from" + where(found,
                                    topClassFile));
        }
        Walk walk = walk(directory, simpleName);
        Optional<String> below = walk.classFile().flatMap(ClassPathHints::located)
                .filter(found -> found.root().isPresent() && !found.root().get().equals(directory))
                .map(found -> "the class path directory " + directory + " holds class " + found.className() + " further"
                        + " down, in the class directory " + found.root().get() + ": give that directory: --classpath "
                        + found.root().get());
        if (below.isPresent() || walk.anyClassFile() || !walk.source() || !walk.complete()) {
            return below;
        }
        return Optional.of("the class path directory " + directory + " holds " + simpleName + ".java and no class files: "
                + compile());
    }

    private static Optional<String> ofFile(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (name.endsWith(".java") && Files.isRegularFile(file)) {
            return Optional.of("the class path entry " + file + " is a Java source file, where a jar or class directory"
                    + " belongs: " + compile());
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        if (!name.endsWith(".class")) {
            return unreadableJar(file);
        }
        return located(file).map(found -> "the class path entry " + file + " is a class file (of class " + found.className()
                + "), where a jar or class directory belongs: give the directory its package's folders start from"
                + where(found, file));
    }

    /**
     * The JDK's class loader passes over a class path file it cannot open as a jar without a word, so a jar cut
     * short (a download or copy that did not finish) looked like a jar without tasks.
     */
    private static Optional<String> unreadableJar(Path file) {
        return whyNotAJar(file).map(cause -> "the class path entry " + file + " cannot be read as a jar (" + cause + "), so"
                + " its classes were not looked at: give the jar whole again (one cut short by a download or copy"
                + " that did not finish reads so)");
    }

    /**
     * @param file a class path entry that is a file
     * @return why it cannot be opened as a jar, such as {@code zip END header not found}; empty when it can
     */
    static Optional<String> whyNotAJar(Path file) {
        try (ZipFile jar = new ZipFile(file.toFile())) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /** How to compile tasks, naming the jar or directory kart-api's classes came from, to be copied as it is. */
    private static String compile() {
        CodeSource source = Task.class.getProtectionDomain().getCodeSource();
        // no code source to name (a class loader that gives none): the jar's usual name
        String api = source == null ? "kart.jar" : ClassPathEntries.path(source.getLocation()).map(Path::toString)
                .orElse("kart.jar");
        return "kart loads compiled classes: compile first, such as javac -cp " + api + " -d classes SOURCES, and give"
                + " the class directory: --classpath classes";
    }

    /** {@code : --classpath ROOT}, or where to put the class file when it lies in no folders of its package. */
    private static String where(Located found, Path classFile) {
        return found.root().map(root -> ": --classpath " + root).orElse("; put it at " + packagePath(found.className())
                .resolve(classFile.getFileName()) + " under the directory you give");
    }

    /**
     * Walks a directory, bounded in depth and in entries, past subdirectories that cannot be read, for the
     * typed class name's class file below its top (also as a nested class's, {@code Outer$Name.class}) and
     * its source file.
     */
    private static Walk walk(Path directory, String simpleName) {
        Walker walker = new Walker(directory, simpleName);
        try {
            Files.walkFileTree(directory, EnumSet.noneOf(FileVisitOption.class), DEPTH, walker);
        } catch (IOException e) {
            return new Walk(Optional.empty(), false, false, false);
        }
        return new Walk(Optional.ofNullable(walker.classFile), walker.anyClassFile, walker.source, !walker.cutShort);
    }

    /** What {@link #walk} looks for, as it goes. */
    private static final class Walker extends SimpleFileVisitor<Path> {
        private final Path top;
        private final String classFileName;
        private final String nestedSuffix;
        private final String sourceName;
        private Path classFile;
        private boolean anyClassFile;
        private boolean source;
        private boolean cutShort;
        private int seen;

        Walker(Path top, String simpleName) {
            this.top = top;
            this.classFileName = simpleName + ".class";
            this.nestedSuffix = "$" + classFileName;
            this.sourceName = simpleName + ".java";
        }

        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
            return count();
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String name = file.getFileName().toString();
            if (name.endsWith(".class")) {
                anyClassFile = true;
                if (classFile == null && !file.getParent().equals(top)
                        && (name.equals(classFileName) || name.endsWith(nestedSuffix))) {
                    classFile = file;
                }
            }
            source |= name.equals(sourceName);
            return count();
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            // an unreadable subdirectory: the rest of the tree still says what it holds
            return FileVisitResult.CONTINUE;
        }

        private FileVisitResult count() {
            if (++seen < MOST_ENTRIES) {
                return FileVisitResult.CONTINUE;
            }
            cutShort = true;
            return FileVisitResult.TERMINATE;
        }
    }

    /** The class a class file holds, and the directory its package's folders start from when it lies in them. */
    private static Optional<Located> located(Path classFile) {
        Path directory = classFile.toAbsolutePath().getParent();
        String fileName = classFile.getFileName().toString();
        return nameInside(directory, fileName.substring(0, fileName.length() - ".class".length())).map(className -> {
            Path packagePath = packagePath(className);
            if (packagePath.toString().isEmpty()) {
                return new Located(className, Optional.of(directory));
            }
            boolean inPackageFolders = directory.endsWith(packagePath) && directory.getNameCount() > packagePath.getNameCount();
            return new Located(className, inPackageFolders ? Optional.of(directory.getRoot().resolve(directory.subpath(0,
                    directory.getNameCount() - packagePath.getNameCount()))) : Optional.empty());
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
    private static Optional<String> nameInside(Path directory, String fileStem) {
        try (URLClassLoader probe = new URLClassLoader(new URL[] {directory.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class.forName(fileStem, false, probe);
            return Optional.of(fileStem);
        } catch (NoClassDefFoundError e) {
            Matcher wrong = WRONG_NAME.matcher(String.valueOf(e.getMessage()));
            // any other NoClassDefFoundError: a class of the unnamed package, whose supertypes are not on the probe's path
            return wrong.find() ? Optional.of(wrong.group(1).replace('/', '.')) : Optional.of(fileStem);
        } catch (ClassNotFoundException | LinkageError | IOException e) {
            return Optional.empty();
        }
    }
}
