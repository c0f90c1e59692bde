package dev.kart.cli.task;

import dev.kart.TaskDefinitionException;
import dev.kart.cli.UsageException;
import dev.kart.core.internal.config.EditDistance;
import dev.kart.core.internal.failure.LinkageErrors;
import dev.kart.task.Task;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds task classes by the names people type: fully qualified ({@code dev.kart.examples.books.BookReport}),
 * the short form {@code namespace.Name} of the Python system's {@code module.Task} (the last package
 * segment and the class name: {@code books.BookReport}), or the class name alone when only one task has
 * it. A fully qualified name is loaded directly. Short names are looked up among the task records that
 * the task indexes on the class path list ({@value TaskIndexes#INDEX}, written at compile time by
 * kart-api's annotation processor; see {@link TaskIndexes}); an index speaks for its whole jar or
 * directory. Only the jars and directories without one are scanned (ClassGraph reads class-file
 * headers without loading classes), and a debug line names them. A name that no index lists has the
 * class directories with an index scanned as well, as such an index can be stale (left by a failed
 * compilation, or a partial one after it) or leave out a task compiled into the directory without the
 * processor: a task found so is run, with a warning naming the index, and a name still unknown is known
 * not to be there. A jar's index is not doubted: the full build that made the jar wrote it, and a task
 * jar can be large, so a typo in a task name would cost a scan of it.
 */
public final class TaskCatalog {
    /** Libraries in the runnable jar that hold no tasks: skipping them keeps the scan short. */
    private static final String[] LIBRARY_PACKAGES = {"com.google", "com.fasterxml", "com.typesafe", "com.esotericsoftware",
        "io.netty", "io.reactivex", "io.github.classgraph", "nonapi.io.github.classgraph", "jakarta", "javax",
        "org.aopalliance", "org.apache", "org.jboss", "org.jline", "org.jodd", "org.redisson", "org.reactivestreams",
        "org.slf4j", "org.yaml", "net.bytebuddy", "ch.qos", "me.tongfei", "picocli", "redis.clients", "reactor",
        "kotlin", "org.objenesis", "org.json", "dev.kart.core", "dev.kart.cli", "dev.kart.lock", "dev.kart.format"};
    private static final int SUGGESTIONS = 5;
    private static final int LONG_CLASS_NAME = 6;
    private static final Logger LOG = LoggerFactory.getLogger(TaskCatalog.class);
    /** Task names by class loader: an application that runs several commands reads its class path once. */
    private static final Map<ClassLoader, Found> SCANS = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * By class loader, the task records in its class directories with an index that their index does not
     * list, each with its directory: scanned only for a name the indexes do not know.
     */
    private static final Map<ClassLoader, Map<String, Path>> UNLISTED = Collections.synchronizedMap(new WeakHashMap<>());

    private final ClassLoader classLoader;
    /** Whether an unknown name's message also says what looks wrong on the class path ({@link ClassPathHints}). */
    private final boolean classPathHints;

    /** @param classLoader where task classes are looked up */
    public TaskCatalog(ClassLoader classLoader) {
        this(classLoader, true);
    }

    private TaskCatalog(ClassLoader classLoader, boolean classPathHints) {
        this.classLoader = classLoader;
        this.classPathHints = classPathHints;
    }

    /**
     * @return this catalog, but an unknown name's message says nothing of the class path: for names of
     *     tasks in the graph of a task the class path already gave, such as {@code --rerun-task}'s
     */
    public TaskCatalog withoutClassPathHints() {
        return new TaskCatalog(classLoader, false);
    }

    /**
     * @param name a fully qualified name, {@code namespace.Name}, or a class name
     * @return the task class
     * @throws UsageException when no task or more than one task has that name; the message lists the
     *     closest known tasks
     * @throws TaskDefinitionException when the class of that name is on the class path but the JVM cannot
     *     load it (compiled for a newer Java, or using a class the class path lacks); the message says which
     */
    public Class<?> resolve(String name) {
        Optional<Class<?>> direct = load(name);
        if (direct.isPresent() && Task.class.isAssignableFrom(direct.get())) {
            return direct.get();
        }
        List<String> indexed = taskClassNames().stream().filter(candidate -> matches(candidate, name)).toList();
        // a miss may be a stale index's: its jar or directory is scanned then, and only then
        List<String> matches = !indexed.isEmpty() || direct.isPresent() ? indexed
                : unlisted().keySet().stream().filter(candidate -> matches(candidate, name)).toList();
        if (matches.size() == 1) {
            Class<?> found = load(matches.get(0)).orElseThrow(() -> new UsageException("task class " + matches.get(0)
                    + " was found on the class path but cannot be loaded: its class file is gone, or holds a class of"
                    + " another name; build it again"));
            if (!Task.class.isAssignableFrom(found)) {
                // only an index written by hand, or left from an older build of the class, says so
                throw new UsageException(found.getName() + " is listed in a task index (" + TaskIndexes.INDEX
                        + ") but is not a task: it does not implement " + Task.class.getName());
            }
            if (indexed.isEmpty()) {
                warnUnlisted(name, found.getName());
            }
            return found;
        }
        if (matches.size() > 1) {
            // a short name (package's last segment and class) is enough when the matches' differ
            List<String> shortNames = matches.stream().map(TaskCatalog::shortName).distinct().toList();
            throw new UsageException("task name '" + name + "' is ambiguous; it matches " + matches + ". Give "
                    + (shortNames.size() == matches.size() && !shortNames.contains(name) && !shortNames.equals(matches) ? "one of "
                            + String.join(", ", shortNames) + ", or " : "") + "the fully qualified name.");
        }
        if (direct.isPresent()) {
            throw new UsageException(direct.get().getName() + " is not a task: it does not implement "
                    + Task.class.getName());
        }
        throw new UsageException(unknown(name));
    }

    /**
     * @return the fully qualified (binary) names of every task record on the class path, sorted: those
     *     the task indexes list, and those a scan finds in the jars and directories without an index
     */
    public List<String> taskClassNames() {
        return found().names();
    }

    private Found found() {
        return SCANS.computeIfAbsent(classLoader, TaskCatalog::find);
    }

    private static Found find(ClassLoader classLoader) {
        TaskIndexes indexes = TaskIndexes.read(classLoader);
        SortedSet<String> names = new TreeSet<>(indexes.names());
        if (!indexes.missing().isEmpty()) {
            LOG.debug("task indexes list classes whose class files are not on the class path: {}", indexes.missing());
        }
        Optional<List<Path>> entries = ClassPathEntries.of(classLoader);
        if (entries.isEmpty()) {
            names.addAll(scan(classLoader));
            LOG.debug("scanned the class path for task classes: the entries of class loader {} cannot be listed, so"
                    + " only those with a task index ({}) were skipped", classLoader, TaskIndexes.INDEX);
        } else {
            List<Path> unindexed = entries.get().stream()
                    .filter(entry -> !indexes.roots().containsKey(entry) && Files.exists(entry)).toList();
            if (!unindexed.isEmpty()) {
                names.addAll(scan(classLoader));
                if (LOG.isDebugEnabled()) {
                    debugScanned(unindexed);
                }
            }
        }
        return new Found(List.copyOf(names), indexes.roots(), indexes.missing());
    }

    private Map<String, Path> unlisted() {
        return UNLISTED.computeIfAbsent(classLoader, loader -> scanIndexed(loader, found()));
    }

    /**
     * The task records in the class directories with a task index that their index does not list. Directories
     * only: their index is what goes stale (a failed or partial compilation into them), while a jar's was written
     * by the full build that made it, and a jar may be large. kart's own directory (in kart's own build), whose
     * index lists none, is left out too.
     */
    private static Map<String, Path> scanIndexed(ClassLoader classLoader, Found found) {
        Set<Path> roots = new HashSet<>(scannedOnAMiss(found.indexes().keySet()));
        Map<String, Path> unlisted = new TreeMap<>();
        if (roots.isEmpty()) {
            return unlisted;
        }
        Set<String> listed = new HashSet<>(found.names());
        try (ScanResult scan = new ClassGraph().enableClassInfo().addClassLoader(classLoader)
                .filterClasspathElements(element -> roots.contains(ClassPathEntries.real(Path.of(element))))
                .rejectPackages(LIBRARY_PACKAGES).scan()) {
            for (ClassInfo info : scan.getClassesImplementing(Task.class.getName())) {
                if (isTaskRecord(info) && !listed.contains(info.getName())) {
                    unlisted.put(info.getName(), ClassPathEntries.real(info.getClasspathElementFile().toPath()));
                }
            }
        } catch (RuntimeException e) {
            // an error path's extra look, and a task's full name still works: the index's answer stands
            LOG.debug("could not scan the jars and directories with a task index for tasks they do not list", e);
        }
        return unlisted;
    }

    /** @return the roots of those indexes that a miss has scanned: class directories, but kart's own */
    private static List<Path> scannedOnAMiss(Set<Path> indexed) {
        Optional<Path> own = ownJarOrDirectory();
        return indexed.stream().filter(Files::isDirectory).filter(root -> own.isEmpty() || !own.get().equals(root))
                .toList();
    }

    private static Optional<Path> ownJarOrDirectory() {
        try {
            return Optional.of(ClassPathEntries.real(Path.of(TaskCatalog.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI())));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Says that a task was found by a scan its jar's or directory's index should have spared. */
    private void warnUnlisted(String name, String task) {
        Path root = unlisted().get(task);
        URL index = found().indexes().get(root);
        LOG.warn("task '{}' is {}, found by scanning {}: its task index {} does not list it (an index left by a"
                + " failed compilation, or by a partial one after it, can be stale, and an index leaves out the classes"
                + " compiled without kart-api's index processor); a clean rebuild writes the index afresh, and the fully"
                + " qualified name needs no index", name, task, root, TaskIndexes.display(index));
    }

    /**
     * Says which entries were scanned for want of a task index. A file the JDK cannot open as a jar (one cut short)
     * has no index either, but only because nothing of it could be read: it is said so, with the cause, as
     * {@link ClassPathHints} says it when no task is found. Only at DEBUG: it opens each such file once more.
     */
    private static void debugScanned(List<Path> unindexed) {
        List<Path> scanned = new ArrayList<>();
        for (Path entry : unindexed) {
            Optional<String> unreadable = Files.isRegularFile(entry) ? ClassPathHints.whyNotAJar(entry) : Optional.empty();
            if (unreadable.isPresent()) {
                LOG.debug("could not read {} as a jar ({}), so its classes were not looked at for task classes", entry,
                        unreadable.get());
            } else {
                scanned.add(entry);
            }
        }
        if (!scanned.isEmpty()) {
            LOG.debug("scanned {} for task classes: {} no task index ({}); javac writes one when kart-api is on"
                    + " the class path as the tasks are compiled (docs/cli.md, Naming a task)", scanned,
                    scanned.size() == 1 ? "it has" : "they have", TaskIndexes.INDEX);
        }
    }

    /** The task records in the class loader's jars and directories that have no task index. */
    private static List<String> scan(ClassLoader classLoader) {
        List<String> names = new ArrayList<>();
        try (ScanResult scan = new ClassGraph().enableClassInfo().addClassLoader(classLoader)
                .rejectClasspathElementsContainingResourcePath(TaskIndexes.INDEX)
                .rejectPackages(LIBRARY_PACKAGES).scan()) {
            for (ClassInfo info : scan.getClassesImplementing(Task.class.getName())) {
                if (isTaskRecord(info)) {
                    names.add(info.getName());
                }
            }
        }
        return names;
    }

    private static boolean isTaskRecord(ClassInfo info) {
        return info.isRecord() && !info.isAbstract() && !info.isAnonymousInnerClass();
    }

    /**
     * @param className a fully qualified class name
     * @return its short form: last package segment and class name, such as {@code books.BookReport}
     */
    public static String shortName(String className) {
        int lastDot = className.lastIndexOf('.');
        if (lastDot < 0) {
            return className;
        }
        int previousDot = className.lastIndexOf('.', lastDot - 1);
        return className.substring(previousDot + 1);
    }

    private static boolean matches(String className, String name) {
        if (className.equals(name) || shortName(className).equals(name)) {
            return true;
        }
        return name.indexOf('.') < 0 && className.substring(className.lastIndexOf('.') + 1).equals(name);
    }

    private String unknown(String name) {
        for (String suffix : new String[] {".java", ".class"}) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return "unknown task '" + name + "': a task is named by its class, not by its " + (suffix.equals(".java")
                        ? "source" : "class") + " file; try '" + classOfFile(name.substring(0, name.length()
                        - suffix.length())) + "'";
            }
        }
        Found found = found();
        List<String> listedOnly = found.missing().keySet().stream().filter(listed -> matches(listed, name)).toList();
        if (!listedOnly.isEmpty()) {
            String listed = listedOnly.get(0);
            return "unknown task '" + name + "': the task index " + TaskIndexes.display(found.missing().get(listed))
                    + " lists " + listed
                    + ", but its class file " + listed.replace('.', '/') + ".class is not on the class path (did its"
                    + " compilation fail, or was the class deleted?); compile it again";
        }
        SortedSet<String> everyKnown = new TreeSet<>(found.names());
        everyKnown.addAll(unlisted().keySet());
        List<String> known = List.copyOf(everyKnown);
        StringBuilder message = new StringBuilder("unknown task '").append(name).append("'");
        String typed = dotted(name);
        Optional<String> hint = !classPathHints ? Optional.empty() : ClassPathEntries.of(classLoader)
                .flatMap(entries -> ClassPathHints.of(entries, typed.substring(typed.lastIndexOf('.') + 1)));
        if (known.isEmpty()) {
            return message.append(": no task classes were found on the class path").append(hint.map(text -> ": " + text)
                    .orElse(". Add the jar or class directory holding your tasks with --classpath PATHS")).toString();
        }
        String wanted = typed.toLowerCase(Locale.ROOT);
        List<String> closest = known.stream().filter(candidate -> nearness(candidate, wanted) < Integer.MAX_VALUE)
                .sorted(Comparator.<String>comparingInt(candidate -> nearness(candidate, wanted))
                        .thenComparing(candidate -> !inPackageOf(candidate, wanted)).thenComparing(c -> c))
                .limit(SUGGESTIONS).toList();
        List<String> listed = closest;
        if (closest.isEmpty()) {
            // nothing is a likely slip for it: some known tasks, those of the package it names first, rather than
            // far-fetched guesses
            listed = known.stream().sorted(Comparator.<String, Boolean>comparing(candidate -> !inPackageOf(candidate, wanted))
                    .thenComparing(c -> c)).limit(SUGGESTIONS).toList();
            message.append(". No known task has a name close to it; known tasks include:");
        } else {
            message.append(listed.size() == 1 ? ". Closest known task:" : ". Closest known tasks:");
        }
        int width = listed.stream().mapToInt(c -> shortName(c).length()).max().orElse(0);
        for (String candidate : listed) {
            String shortName = shortName(candidate);
            // a class in a one-segment package is its own short name: named once
            message.append(shortName.equals(candidate) ? String.format(Locale.ROOT, "%n  %s", candidate)
                    : String.format(Locale.ROOT, "%n  %-" + width + "s  (%s)", shortName, candidate));
        }
        message.append(String.format(Locale.ROOT, "%n%d task%s known; tasks in other jars are found when given with"
                + " --classpath PATHS", known.size(), known.size() == 1 ? " is" : "s are"));
        List<String> indexes = userIndexes(found);
        if (!indexes.isEmpty()) {
            message.append(String.format(Locale.ROOT, "; no task of that name is listed in the task index%s %s",
                    indexes.size() == 1 ? "" : "es", String.join(", ", indexes)));
            // the scan of their class directories rules out a stale index there as the cause
            int scanned = scannedOnAMiss(found.indexes().keySet()).size();
            if (scanned > 0) {
                message.append(", nor found by scanning ").append(scanned == indexes.size()
                        ? (scanned == 1 ? "its directory" : "their directories")
                        : (scanned == 1 ? "the class directory among them" : "the class directories among them"));
            }
        }
        hint.ifPresent(text -> message.append(System.lineSeparator()).append(Character.toUpperCase(text.charAt(0)))
                .append(text, 1, text.length()));
        return message.toString();
    }

    /** @return the task indexes read, but kart's own jar's, sorted */
    private static List<String> userIndexes(Found found) {
        Optional<Path> own = ownJarOrDirectory();
        return found.indexes().entrySet().stream().filter(entry -> own.isEmpty() || !own.get().equals(entry.getKey()))
                .map(entry -> TaskIndexes.display(entry.getValue())).sorted().toList();
    }

    /**
     * How many edits a task's class name is from the wanted name (lower case), when it is a likely slip of
     * it, else {@code Integer.MAX_VALUE}. Only class names are compared, the package being told apart: with
     * no package given, or the package of the task (or the end of it, as in a short name) given, the class
     * name may be {@link EditDistance#mostForSlip} edits off, so dev.kart.examples.books.BookRepot finds
     * BookReport and not ReadBook; with another package, trial.Greet finding hello.Greet, a class name
     * shorter than {@value #LONG_CLASS_NAME} characters may be one edit off and a longer one
     * {@link EditDistance#mostForSlip}: com.foo.Nope is no slip of my.Top (two edits).
     */
    private static int nearness(String className, String wanted) {
        String dottedClass = dotted(className);
        String simple = dottedClass.substring(dottedClass.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        int dot = wanted.lastIndexOf('.');
        String wantedSimple = wanted.substring(dot + 1);
        int edits = EditDistance.between(simple, wantedSimple);
        int allowed = dot < 0 || inPackageOf(className, wanted) || wantedSimple.length() >= LONG_CLASS_NAME
                ? EditDistance.mostForSlip(wantedSimple) : 1;
        return edits <= allowed ? edits : Integer.MAX_VALUE;
    }

    /** Whether the wanted name (lower case) gives the task class's package, or the end of it, as a short name does. */
    private static boolean inPackageOf(String className, String wanted) {
        String dottedClass = dotted(className);
        int dot = wanted.lastIndexOf('.');
        int classDot = dottedClass.lastIndexOf('.');
        if (dot < 0 || classDot < 0) {
            return false;
        }
        String wantedPackage = wanted.substring(0, dot);
        String classPackage = dottedClass.substring(0, classDot).toLowerCase(Locale.ROOT);
        return classPackage.equals(wantedPackage) || classPackage.endsWith("." + wantedPackage);
    }

    /**
     * A name as typed or a binary class name with its parts joined by dots alone: a nested class's
     * {@code Outer$Inner} as {@code Outer.Inner}, a path's {@code books/ReadBook} as {@code books.ReadBook},
     * without dots at either end ({@code ./ReadBook}, {@code books.ReadBook.}).
     */
    private static String dotted(String name) {
        return name.replace('/', '.').replace('\\', '.').replace('$', '.').replaceAll("^\\.+|\\.+$", "");
    }

    /**
     * The task a file's path names, given without its {@code .java} or {@code .class}: the known task whose
     * name ends the path (src/main/java/books/ReadBook names books.ReadBook), else the one of its class name,
     * else that class name.
     */
    private String classOfFile(String path) {
        String typed = dotted(path);
        String simple = typed.substring(typed.lastIndexOf('.') + 1);
        List<String> known = taskClassNames();
        return known.stream().filter(name -> typed.equals(dotted(name)) || typed.endsWith("." + dotted(name))).findFirst()
                .or(() -> {
                    List<String> named = known.stream().filter(name -> dotted(name).endsWith("." + simple)).toList();
                    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
                })
                .orElse(simple);
    }

    /**
     * @return the class of that name, empty when the class path has none
     * @throws TaskDefinitionException when the class path has it but the JVM cannot load it, such as a
     *     class compiled for a newer Java or one that uses a class the class path lacks
     */
    private Optional<Class<?>> load(String name) {
        if (name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(name, false, classLoader));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        } catch (NoClassDefFoundError e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name.replace('.', '/') + " (wrong name:")) {
                // a file system that ignores case found Greet.class for hello.greet: that name names no class (a
                // wrong name of a class it refers to is the class path's fault, and said)
                return Optional.empty();
            }
            throw cannotLoad(name, e);
        } catch (LinkageError e) {
            throw cannotLoad(name, e);
        }
    }

    private static TaskDefinitionException cannotLoad(String name, LinkageError e) {
        return new TaskDefinitionException("class " + name + " was found on the class path but cannot be loaded: "
                + LinkageErrors.describe(e), e);
    }

    /**
     * What a class loader's task indexes and scan found.
     *
     * @param names the task classes, sorted
     * @param indexes the jars and directories with a task index, each with its index
     * @param missing the task classes an index lists without their class files, each with that index
     */
    private record Found(List<String> names, Map<Path, URL> indexes, Map<String, URL> missing) {
    }
}
