package dev.kart.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kart.TaskDefinitionException;
import dev.kart.cli.UsageException;
import dev.kart.examples.books.BookReport;
import dev.kart.fixtures.alpha.Same;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TaskCatalogTest {
    private static final String INDEX = "META-INF/kart/tasks";

    private final TaskCatalog catalog = new TaskCatalog(getClass().getClassLoader());
    private final Logger logger = (Logger) LoggerFactory.getLogger(TaskCatalog.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    @TempDir
    Path directory;

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(levelBefore);
    }

    @Test
    void findsATaskByItsFullNameItsShortFormOrItsClassNameAlone() {
        assertThat(catalog.resolve("dev.kart.examples.books.BookReport")).isEqualTo(BookReport.class);
        assertThat(catalog.resolve("books.BookReport")).isEqualTo(BookReport.class);
        assertThat(catalog.resolve("BookReport")).isEqualTo(BookReport.class);
        assertThat(catalog.resolve("alpha.Same")).isEqualTo(Same.class);
    }

    @Test
    void findsEveryTaskRecordOnTheClassPath() {
        assertThat(catalog.taskClassNames()).contains("dev.kart.examples.books.BookReport",
                "dev.kart.examples.sample.SomeTask", "dev.kart.fixtures.Echo", "dev.kart.fixtures.alpha.Same",
                "dev.kart.fixtures.beta.Same").isSorted();
    }

    @Test
    void anAmbiguousNameListsTheTasksItMatches() {
        assertThatThrownBy(() -> catalog.resolve("Same")).isInstanceOf(UsageException.class)
                .hasMessageContaining("ambiguous").hasMessageContaining("dev.kart.fixtures.alpha.Same")
                .hasMessageContaining("dev.kart.fixtures.beta.Same");
    }

    @Test
    void anUnknownNameListsTheClosestKnownTasksFirst() {
        assertThatThrownBy(() -> catalog.resolve("books.BookRepor")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown task 'books.BookRepor'. Closest known task:\n  books.BookReport ")
                .hasMessageContaining("(dev.kart.examples.books.BookReport)")
                .hasMessageContaining("--classpath")
                .hasMessageContaining("; no task of that name is listed in the task indexes ")
                // the fixtures' class directory is scanned; kart-examples is a jar or a directory, as Maven gives it
                .hasMessageMatching("(?s).*, nor found by scanning (their directories|the class directory among them)")
                .hasMessageNotContaining("compiled without kart-api's index processor");
        assertThatThrownBy(() -> catalog.resolve("sample.SomTask"))
                .hasMessageStartingWith("unknown task 'sample.SomTask'. Closest known tasks:\n  sample.SomeTask ");
    }

    @Test
    void aFullyQualifiedNameWithASlipFindsTheTaskOfThatPackageAloneNotItsNeighbours() {
        assertThatThrownBy(() -> catalog.resolve("dev.kart.examples.books.BookRepot")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown task 'dev.kart.examples.books.BookRepot'. Closest known task:\n"
                        + "  books.BookReport  (dev.kart.examples.books.BookReport)\n")
                .hasMessageNotContaining("ReadBook");
        assertThatThrownBy(() -> catalog.resolve("dev.kart.examples.BookReport"))
                .hasMessageStartingWith("unknown task 'dev.kart.examples.BookReport'. Closest known task:\n"
                        + "  books.BookReport  (dev.kart.examples.books.BookReport)\n")
                .hasMessageNotContaining("ReadBook");
    }

    @Test
    void aFileNameGivenForATaskIsAnsweredWithTheTaskItNames() {
        for (String file : List.of("ReadBook.java", "books/ReadBook.class", "./ReadBook.java",
                "kart-examples/src/main/java/dev/kart/examples/books/ReadBook.java")) {
            assertThatThrownBy(() -> catalog.resolve(file)).as(file).isInstanceOf(UsageException.class)
                    .hasMessage("unknown task '" + file + "': a task is named by its class, not by its "
                            + (file.endsWith(".java") ? "source" : "class") + " file; try"
                            + " 'dev.kart.examples.books.ReadBook'");
        }
        assertThatThrownBy(() -> catalog.resolve("Nowhere.java"))
                .hasMessage("unknown task 'Nowhere.java': a task is named by its class, not by its source file; try"
                        + " 'Nowhere'");
    }

    @Test
    void aNestedTaskNamedWithADotATrailingDotOrASlashIsStillFoundClose() {
        assertThatThrownBy(() -> catalog.resolve("progress.ProgressDisplayTest.Bath"))
                .hasMessageContaining("Closest known task:\n  progress.ProgressDisplayTest$Both ");
        assertThatThrownBy(() -> catalog.resolve("books.BookReport."))
                .hasMessageStartingWith("unknown task 'books.BookReport.'. Closest known task:\n  books.BookReport ");
        assertThatThrownBy(() -> catalog.resolve("books/BookReport"))
                .hasMessageStartingWith("unknown task 'books/BookReport'. Closest known task:\n  books.BookReport ");
    }

    @Test
    void anUnknownNameCloseToNoTaskListsTheTasksOfThePackageItNamesFirst() {
        assertThatThrownBy(() -> catalog.resolve("books.Nope")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown task 'books.Nope'. No known task has a name close to it; known tasks"
                        + " include:\n  books.");
    }

    @Test
    void anUnknownNameCloseToNoTaskListsSomeKnownTasksWithoutCallingThemClose() {
        assertThatThrownBy(() -> catalog.resolve("weather.Forecast")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown task 'weather.Forecast'. No known task has a name close to it;"
                        + " known tasks include:\n  ")
                .hasMessageNotContaining("Closest")
                .hasMessageContaining("--classpath");
    }

    @Test
    void aClassThatIsNotATaskIsNamedAsSuch() {
        assertThatThrownBy(() -> catalog.resolve("java.lang.String")).isInstanceOf(UsageException.class)
                .hasMessage("java.lang.String is not a task: it does not implement dev.kart.task.Task");
    }

    @Test
    void theShortFormIsTheLastPackageSegmentAndTheClassName() {
        assertThat(TaskCatalog.shortName("dev.kart.examples.books.BookReport")).isEqualTo("books.BookReport");
        assertThat(TaskCatalog.shortName("sample.SomeTask")).isEqualTo("sample.SomeTask");
        assertThat(TaskCatalog.shortName("TopLevel")).isEqualTo("TopLevel");
    }

    @Test
    void theBuildsOwnTaskJarsAndDirectoriesCarryAnIndexAndAreNotScanned() throws Exception {
        Path examples = codeSource(BookReport.class);
        Path fixtures = codeSource(Same.class);

        catalog.taskClassNames();

        assertThat(examples.resolve(INDEX).toFile().exists() || jarHas(examples, INDEX)).as("index of " + examples).isTrue();
        assertThat(fixtures.resolve(INDEX)).content().contains("dev.kart.fixtures.alpha.Same", "dev.kart.fixtures.Echo");
        assertThat(scanned()).as("what the debug line says was scanned").doesNotContain(examples.toString(),
                fixtures.toString());
    }

    @Test
    void aShortNameIsLookedUpInTheIndexAndOneItLeavesOutIsFoundByScanningItsDirectoryWithAWarning() throws Exception {
        Path indexed = directory.resolve("indexed");
        compile(indexed, true, Map.of("idx.Listed", record("idx", "Listed")));
        // compiled apart without the processor: the directory's index does not list it
        compile(indexed, false, Map.of("idx.Unlisted", record("idx", "Unlisted")));

        try (URLClassLoader loader = loader(indexed)) {
            TaskCatalog tasks = new TaskCatalog(loader);

            assertThat(tasks.resolve("idx.Listed").getName()).isEqualTo("idx.Listed");
            assertThat(tasks.resolve("Listed").getName()).isEqualTo("idx.Listed");
            assertThat(tasks.resolve("idx.Unlisted").getName()).as("a fully qualified name needs no index")
                    .isEqualTo("idx.Unlisted");
            assertThat(tasks.taskClassNames()).contains("idx.Listed").doesNotContain("idx.Unlisted");
            assertThat(scanned()).as("found by the index alone, with no scan").doesNotContain(indexed.toString());
            assertThat(warnings()).isEmpty();

            assertThat(tasks.resolve("Unlisted").getName()).as("a miss has the directory scanned")
                    .isEqualTo("idx.Unlisted");
            assertThat(warnings()).containsExactly("task 'Unlisted' is idx.Unlisted, found by scanning "
                    + indexed.toRealPath() + ": its task index " + indexed.toRealPath().resolve(INDEX) + " does not"
                    + " list it (an index left by a failed compilation, or by a partial one after it, can be stale, and"
                    + " an index leaves out the classes compiled without kart-api's index processor); a clean rebuild"
                    + " writes the index afresh, and the fully qualified name needs no index");
        }
    }

    /**
     * A jar's index was written by the full build that made the jar, and a task jar can be large: a short name it
     * does not list is not looked for by scanning the jar, so a typo costs no scan. The fully qualified name still
     * finds the task.
     */
    @Test
    void aShortNameAJarsIndexLeavesOutIsNotFoundByScanningTheJar() throws Exception {
        Path classes = directory.resolve("for-jar");
        compile(classes, true, Map.of("jidx.Listed", record("jidx", "Listed")));
        compile(classes, false, Map.of("jidx.Unlisted", record("jidx", "Unlisted")));
        Path jar = directory.resolve("tasks.jar");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        String index = INDEX + " in " + jar.toRealPath();

        try (URLClassLoader loader = loader(jar);
                URLClassLoader alone = isolated(jar, codeSource(Task.class))) {
            TaskCatalog tasks = new TaskCatalog(loader);

            assertThat(tasks.resolve("Listed").getName()).isEqualTo("jidx.Listed");
            assertThatThrownBy(() -> tasks.resolve("Unlisted")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("unknown task 'Unlisted'. ");
            assertThat(tasks.resolve("jidx.Unlisted").getName()).as("a fully qualified name needs no index")
                    .isEqualTo("jidx.Unlisted");
            assertThat(warnings()).isEmpty();
            // on its own class path, as kart run --classpath tasks.jar has it: the jar's index is not said to be scanned
            assertThatThrownBy(() -> new TaskCatalog(alone).resolve("Unlisted")).isInstanceOf(UsageException.class)
                    .hasMessageContaining("; no task of that name is listed in the task index " + index)
                    .hasMessageNotContaining("scanning");
        }
    }

    /**
     * The fresh user's trial: a good build, then a failed one that left the directory's index listing no task
     * (as kart-api's processor did before it kept the tasks with class files there). The short name is found
     * by scanning the directory, and a name that is no task there says so without claiming that the class
     * path holds no task classes or blaming a missing processor.
     */
    @Test
    void aDirectoryWhoseIndexListsNoneOfItsTasksHasThemFoundByScanningOnAMiss() throws Exception {
        Path classes = directory.resolve("c5");
        compile(classes, true, Map.of("demo.Stats", record("demo", "Stats"), "demo.Numbers", record("demo", "Numbers")));
        Files.writeString(classes.resolve(INDEX), "# the header alone, as a failed compilation left it\n");
        String index = classes.toRealPath().resolve(INDEX).toString();

        try (URLClassLoader loader = loader(classes);
                URLClassLoader alone = isolated(classes, codeSource(Task.class))) {
            assertThat(new TaskCatalog(loader).resolve("Stats").getName()).isEqualTo("demo.Stats");
            assertThat(warnings()).singleElement().asString().startsWith("task 'Stats' is demo.Stats, found by"
                    + " scanning " + classes.toRealPath() + ": its task index " + index + " does not list it");

            // on its own class path (kart-api's classes have no task), as kart run --classpath c5 has it
            assertThatThrownBy(() -> new TaskCatalog(alone).resolve("Broken")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("unknown task 'Broken'. No known task has a name close to it; known tasks"
                            + " include:\n  demo.Numbers\n  demo.Stats\n2 tasks are known")
                    .hasMessageContaining("no task of that name is listed in the task index " + index + ", nor found"
                            + " by scanning its directory")
                    .hasMessageNotContaining("no task classes were found")
                    .hasMessageNotContaining("compiled without kart-api's index processor");
        }
    }

    @Test
    void aDirectoryWithoutAnIndexIsScannedAndTheDebugLineNamesIt() throws Exception {
        Path plain = directory.resolve("plain");
        compile(plain, false, Map.of("plain.Scanned", record("plain", "Scanned")));

        try (URLClassLoader loader = loader(plain)) {
            TaskCatalog tasks = new TaskCatalog(loader);

            assertThat(tasks.resolve("plain.Scanned").getName()).isEqualTo("plain.Scanned");
            assertThat(tasks.resolve("Scanned").getName()).isEqualTo("plain.Scanned");
            assertThat(plain.resolve(INDEX)).doesNotExist();
            assertThat(scanned()).contains(plain.toRealPath().toString())
                    .contains("no task index (META-INF/kart/tasks)");
        }
    }

    @Test
    void aTaskInAOneSegmentPackageIsListedByItsNameOnce() throws Exception {
        Path indexed = directory.resolve("indexed");
        compile(indexed, true, Map.of("mine.CountTo", record("mine", "CountTo"), "deep.mine.CountTe",
                record("deep.mine", "CountTe")));

        try (URLClassLoader loader = loader(indexed)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("mine.CountT")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("unknown task 'mine.CountT'. Closest known tasks:\n"
                            + "  mine.CountTe  (deep.mine.CountTe)\n  mine.CountTo\n");
        }
    }

    @Test
    void aTaskNamedWithTheWrongPackageIsSuggestedByItsClassName() throws Exception {
        Path indexed = directory.resolve("indexed");
        compile(indexed, true, Map.of("hello.Greet", record("hello", "Greet"), "trial.Gen", record("trial", "Gen")));

        try (URLClassLoader loader = loader(indexed)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("trial.Greet")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("unknown task 'trial.Greet'. Closest known task:\n  hello.Greet\n");
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("trial.Greer"))
                    .hasMessageStartingWith("unknown task 'trial.Greer'. Closest known task:\n  hello.Greet\n");
        }
    }

    @Test
    void aPackageFolderGivenForTheClassDirectoryIsNamedWithTheDirectoryToGive() throws Exception {
        Path classes = directory.resolve("classes");
        compile(classes, true, Map.of("hello.Greet", record("hello", "Greet")));
        Path moved = Files.createDirectories(directory.resolve("loose"));
        Files.copy(classes.resolve("hello/Greet.class"), moved.resolve("Greet.class"));

        try (URLClassLoader loader = loader(classes.resolve("hello")); URLClassLoader looseLoader = isolated(moved)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("hello.Greet")).isInstanceOf(UsageException.class)
                    .as("after the closest known tasks")
                    .hasMessageStartingWith("unknown task 'hello.Greet'. ")
                    .hasMessageEndingWith("\nThe class path directory " + classes.toRealPath().resolve("hello") + " holds"
                            + " Greet.class of class hello.Greet at its top, but a class directory holds each class under"
                            + " its package's folders: give the directory they start from: --classpath "
                            + classes.toRealPath());
            assertThatThrownBy(() -> new TaskCatalog(looseLoader).resolve("Greet")).hasMessage("unknown task 'Greet': no"
                    + " task classes were found on the class path: the class path directory " + moved.toRealPath() + " holds"
                    + " Greet.class of class hello.Greet at its top, but a class directory holds each class under its"
                    + " package's folders: give the directory they start from; put it at hello/Greet.class under the"
                    + " directory you give");
        }
    }

    @Test
    void aDirectoryHoldingTheClassDirectoryFurtherDownNamesIt() throws Exception {
        // the README's layout: hello/Greet.java compiled with -d hello/classes, and --classpath hello given
        Path project = directory.resolve("hello");
        compile(project.resolve("classes"), true, Map.of("hello.Greet", record("hello", "Greet")));
        Files.writeString(project.resolve("Greet.java"), record("hello", "Greet"));

        try (URLClassLoader loader = isolated(project)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("hello.Greet")).isInstanceOf(UsageException.class)
                    .hasMessage("unknown task 'hello.Greet': no task classes were found on the class path: the class path"
                            + " directory " + project.toRealPath() + " holds class hello.Greet further down, in the class"
                            + " directory " + project.toRealPath().resolve("classes") + ": give that directory: --classpath "
                            + project.toRealPath().resolve("classes"));
            assertThatThrownBy(() -> new TaskCatalog(loader).withoutClassPathHints().resolve("hello.Greet"))
                    .as("for a name in the graph of a task the class path gave").hasMessageNotContaining("class path directory");
        }
    }

    @Test
    void aSourceOrClassFileGivenForTheClassPathIsNamedAsSuch() throws Exception {
        Path classes = directory.resolve("classes");
        compile(classes, true, Map.of("hello.Greet", record("hello", "Greet")));
        Path source = Files.writeString(directory.resolve("Greet.java"), record("hello", "Greet"));
        Path classFile = classes.resolve("hello/Greet.class");
        Path loose = Files.copy(classFile, directory.resolve("Greet.class"));

        try (URLClassLoader sourceLoader = isolated(source); URLClassLoader classLoader = isolated(classFile);
                URLClassLoader looseLoader = isolated(loose)) {
            assertThatThrownBy(() -> new TaskCatalog(sourceLoader).resolve("hello.Greet")).isInstanceOf(UsageException.class)
                    .hasMessageEndingWith(": the class path entry " + source.toRealPath() + " is a Java source file, where a"
                            + " jar or class directory belongs: kart loads compiled classes: compile first, such as"
                            + " javac -cp " + codeSource(Task.class) + " -d classes SOURCES, and give the class directory:"
                            + " --classpath classes");
            assertThatThrownBy(() -> new TaskCatalog(classLoader).resolve("hello.Greet"))
                    .hasMessageEndingWith(": the class path entry " + classFile.toRealPath() + " is a class file (of class"
                            + " hello.Greet), where a jar or class directory belongs: give the directory its package's"
                            + " folders start from: --classpath " + classes.toRealPath());
            assertThatThrownBy(() -> new TaskCatalog(looseLoader).resolve("hello.Greet"))
                    .hasMessageEndingWith(": give the directory its package's folders start from; put it at hello/Greet.class"
                            + " under the directory you give");
        }
    }

    @Test
    void aJarCutShortIsNamedAsUnreadableNotAsAJarWithoutTasks() throws Exception {
        Path classes = directory.resolve("classes");
        compile(classes, true, Map.of("hello.Greet", record("hello", "Greet")));
        Path whole = directory.resolve("greet.jar");
        try (java.util.zip.ZipOutputStream jar = new java.util.zip.ZipOutputStream(Files.newOutputStream(whole))) {
            for (String entry : List.of("hello/Greet.class", "META-INF/kart/tasks")) {
                jar.putNextEntry(new java.util.zip.ZipEntry(entry));
                jar.write(Files.readAllBytes(classes.resolve(entry)));
                jar.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(directory.resolve("cut.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        try (URLClassLoader wholeLoader = isolated(whole); URLClassLoader cutLoader = isolated(cut)) {
            assertThatThrownBy(() -> new TaskCatalog(wholeLoader).resolve("hello.Nope")).isInstanceOf(UsageException.class)
                    .hasMessageNotContaining("cannot be read as a jar");
            assertThatThrownBy(() -> new TaskCatalog(cutLoader).resolve("hello.Greet")).isInstanceOf(UsageException.class)
                    .hasMessageContaining("unknown task 'hello.Greet': no task classes were found on the class path: the"
                            + " class path entry " + cut.toRealPath() + " cannot be read as a jar (")
                    .hasMessageEndingWith("), so its classes were not looked at: give the jar whole again (one cut short by a"
                            + " download or copy that did not finish reads so)");
        }
    }

    @Test
    void aJarCutShortIsNamedAtDebugAsUnreadableWithItsCauseNotAsAJarWithoutAnIndex() throws Exception {
        Path classes = directory.resolve("classes");
        compile(classes, false, Map.of("plain.Scanned", record("plain", "Scanned")));
        Path whole = directory.resolve("whole.jar");
        try (java.util.zip.ZipOutputStream jar = new java.util.zip.ZipOutputStream(Files.newOutputStream(whole))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("plain/Scanned.class"));
            jar.write(Files.readAllBytes(classes.resolve("plain/Scanned.class")));
            jar.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(directory.resolve("cut.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        try (URLClassLoader loader = isolated(whole, cut)) {
            new TaskCatalog(loader).taskClassNames();
        }

        List<String> debug = logged.list.stream().filter(event -> event.getLevel() == Level.DEBUG)
                .map(ILoggingEvent::getFormattedMessage).toList();
        // the cause in the JDK's words, as ClassPathHints gives it
        assertThat(debug).anySatisfy(line -> assertThat(line).startsWith("could not read " + cut.toRealPath() + " as a jar (")
                .endsWith("), so its classes were not looked at for task classes").doesNotContain("()"));
        assertThat(scanned()).as("the index the debug line says is missing").contains(whole.toRealPath().toString())
                .doesNotContain(cut.toRealPath().toString());
    }

    @Test
    void aDirectoryWithTheTasksSourceAndNoClassFilesSaysToCompileIt() throws Exception {
        Path sources = Files.createDirectories(directory.resolve("project/hello"));
        Files.writeString(sources.resolve("Greet.java"), record("hello", "Greet"));
        Path unrelated = Files.createDirectories(directory.resolve("notes"));
        Files.writeString(unrelated.resolve("Other.java"), record("notes", "Other"));

        try (URLClassLoader loader = isolated(directory.resolve("project")); URLClassLoader other = isolated(unrelated)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("hello.Greet")).isInstanceOf(UsageException.class)
                    .hasMessageEndingWith(": the class path directory " + directory.resolve("project").toRealPath()
                            + " holds Greet.java and no class files: kart loads compiled classes: compile first, such as"
                            + " javac -cp " + codeSource(Task.class) + " -d classes SOURCES, and give the class directory:"
                            + " --classpath classes");
            assertThatThrownBy(() -> new TaskCatalog(other).resolve("hello.Greet")).as("sources of other classes")
                    .hasMessageEndingWith("Add the jar or class directory holding your tasks with --classpath PATHS");
        }
    }

    @Test
    void aShortClassNameInAWrongPackageTwoEditsFromATaskIsNoSlipOfIt() throws Exception {
        Path indexed = directory.resolve("indexed");
        compile(indexed, true, Map.of("my.Top", record("my", "Top")));

        try (URLClassLoader loader = loader(indexed)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("com.foo.Nope")).isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("unknown task 'com.foo.Nope'. No known task has a name close to it; known"
                            + " tasks include:\n").hasMessageNotContaining("Closest");
        }
    }

    @Test
    void aNameMatchingATaskOfAnIndexAndAScannedTaskIsAmbiguousAsBefore() throws Exception {
        Path indexed = directory.resolve("indexed");
        Path plain = directory.resolve("plain");
        compile(indexed, true, Map.of("left.Twin", record("left", "Twin")));
        compile(plain, false, Map.of("right.Twin", record("right", "Twin")));

        try (URLClassLoader loader = loader(indexed, plain)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("Twin")).isInstanceOf(UsageException.class)
                    .hasMessage("task name 'Twin' is ambiguous; it matches [left.Twin, right.Twin]. Give the fully"
                            + " qualified name.");
        }
    }

    /** Short names (package's last segment and class) that tell the matches apart are offered before the full ones. */
    @Test
    void anAmbiguousNameOffersTheShortNamesThatTellTheMatchesApart() throws Exception {
        Path classes = directory.resolve("classes");
        compile(classes, true, Map.of("com.acme.left.Twin", record("com.acme.left", "Twin"),
                "com.acme.right.Twin", record("com.acme.right", "Twin")));

        try (URLClassLoader loader = loader(classes)) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("Twin")).isInstanceOf(UsageException.class)
                    .hasMessage("task name 'Twin' is ambiguous; it matches [com.acme.left.Twin, com.acme.right.Twin]. Give"
                            + " one of left.Twin, right.Twin, or the fully qualified name.");
            assertThat(new TaskCatalog(loader).resolve("left.Twin").getName()).isEqualTo("com.acme.left.Twin");
        }
    }

    @Test
    void anIndexEntryWhoseClassIsGoneIsNotOfferedAndOneThatIsNoTaskIsRefused() throws Exception {
        Path indexed = directory.resolve("indexed");
        compile(indexed, true, Map.of("idx.Kept", record("idx", "Kept"), "idx.Removed", record("idx", "Removed"),
                "idx.Plain", "package idx; public final class Plain {}"));
        Files.delete(indexed.resolve("idx/Removed.class"));
        Files.writeString(indexed.resolve(INDEX), "idx.Plain  # written by hand\n", java.nio.file.StandardOpenOption.APPEND);

        try (URLClassLoader loader = loader(indexed)) {
            TaskCatalog tasks = new TaskCatalog(loader);

            assertThat(tasks.taskClassNames()).contains("idx.Kept").doesNotContain("idx.Removed");
            // as when javac wrote the index and then failed on the class: the message names the index and the file
            String index = indexed.toRealPath().resolve(INDEX).toString();
            for (String name : List.of("idx.Removed", "Removed")) {
                assertThatThrownBy(() -> tasks.resolve(name)).isInstanceOf(UsageException.class)
                        .hasMessage("unknown task '" + name + "': the task index " + index + " lists idx.Removed, but"
                                + " its class file idx/Removed.class is not on the class path (did its compilation"
                                + " fail, or was the class deleted?); compile it again");
            }
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("task indexes list classes whose class files are not on the class path: {idx.Removed="
                            + indexed.resolve(INDEX).toUri().toURL() + "}");
            for (String name : List.of("idx.Plain", "Plain")) {
                assertThatThrownBy(() -> tasks.resolve(name)).isInstanceOf(UsageException.class)
                        .hasMessage("idx.Plain is listed in a task index (META-INF/kart/tasks) but is not a task: it"
                                + " does not implement dev.kart.task.Task");
            }
        }
    }

    /** @return the warnings logged, formatted */
    private List<String> warnings() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** @return the debug lines of the scans */
    private String scanned() {
        return String.join("\n", logged.list.stream().filter(event -> event.getLevel() == Level.DEBUG)
                .map(ILoggingEvent::getFormattedMessage).filter(line -> line.startsWith("scanned")).toList());
    }

    @Test
    void aTaskClassCompiledForANewerJavaSaysWhichJavaToRunOrCompileFor() throws IOException {
        int release = Runtime.version().feature();
        int newer = release + 45;  // the next Java's class file major version

        assertThat(resolvedWithOnlyTheJdkBehind(withVersion(classFile(Same.class), newer, 0)))
                .isInstanceOf(TaskDefinitionException.class)
                .hasMessageContainingAll("class " + Same.class.getName() + " was found on the class path but cannot"
                        + " be loaded: UnsupportedClassVersionError: ", "(class file version " + newer + ".0)",
                        "compiled for a newer Java than the one kart runs on (Java " + release + ")",
                        "javac --release " + release)
                .hasCauseInstanceOf(UnsupportedClassVersionError.class);
    }

    @Test
    void aTaskClassWhoseTypesAreMissingNamesTheMissingClass() throws IOException {
        // kart-api, which holds the Task interface the record implements, is not behind the loader
        assertThat(resolvedWithOnlyTheJdkBehind(classFile(Same.class)))
                .isInstanceOf(TaskDefinitionException.class)
                .hasMessageContainingAll("NoClassDefFoundError: dev/kart/task/Task",
                        "a class it refers to is not on the class path", "--classpath");
    }

    @Test
    void aTaskClassCompiledWithPreviewFeaturesSaysSo() throws IOException {
        // this Java's class file major version with preview features: minor version 0xFFFF
        byte[] preview = withVersion(classFile(Same.class), Runtime.version().feature() + 44, 0xFFFF);

        assertThat(resolvedWithOnlyTheJdkBehind(preview))
                .isInstanceOf(TaskDefinitionException.class)
                .hasMessageContainingAll("UnsupportedClassVersionError: Preview features are not enabled",
                        "it was compiled with preview features: compile it without them, or with this Java's javac"
                                + " --enable-preview --release " + Runtime.version().feature()
                                + " and run kart with JAVA_OPTS=--enable-preview")
                .hasMessageNotContaining("newer Java");
    }

    /**
     * @return what resolving {@link Same} throws when {@code bytes} is its class file, looked up by a loader
     *     with nothing but the JDK behind it, so that the test's own copy of the class is not found first
     */
    private Throwable resolvedWithOnlyTheJdkBehind(byte[] bytes) throws IOException {
        Path classes = writeClassFile(Same.class, bytes);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            return catchThrowable(() -> new TaskCatalog(loader).resolve(Same.class.getName()));
        }
    }

    /** @return the class file with its version set: bytes 4-5 the minor version, 6-7 the major */
    private static byte[] withVersion(byte[] bytes, int major, int minor) {
        bytes[4] = (byte) (minor >> 8);
        bytes[5] = (byte) minor;
        bytes[6] = (byte) (major >> 8);
        bytes[7] = (byte) major;
        return bytes;
    }

    @Test
    void aNameWhoseClassFileHoldsAnotherClassNamesNoTask() throws IOException {
        // what a file system that ignores case finds for a name typed in the wrong case: the file of another class
        Path classes = directory.resolve("classes");
        Path file = classes.resolve("dev/kart/fixtures/alpha/Other.class");
        Files.createDirectories(file.getParent());
        Files.write(file, classFile(Same.class));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            assertThatThrownBy(() -> new TaskCatalog(loader).resolve("dev.kart.fixtures.alpha.Other"))
                    .isInstanceOf(UsageException.class).hasMessageStartingWith("unknown task 'dev.kart.fixtures.alpha.Other'");
        }
    }

    private static byte[] classFile(Class<?> type) throws IOException {
        try (var in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private Path writeClassFile(Class<?> type, byte[] bytes) throws IOException {
        Path classes = directory.resolve("classes");
        Path file = classes.resolve(type.getName().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return classes;
    }

    private static String record(String pkg, String name) {
        return "package " + pkg + ";\n"
                + "public record " + name + "(int n) implements dev.kart.task.Task<Integer> {\n"
                + "    public Integer run(dev.kart.task.RunContext ctx) { return n; }\n"
                + "}\n";
    }

    /**
     * Compiles sources into a class directory with the JDK's javac, against kart-api, with kart-api's
     * task index processor on the processor path (as Maven's annotationProcessorPaths gives it) or none.
     */
    private void compile(Path classes, boolean index, Map<String, String> sources) throws IOException {
        Path api = codeSource(Task.class);
        Path sourceDirectory = Files.createDirectories(directory.resolve("src-" + classes.getFileName() + "-" + index));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-classpath", api + java.io.File.pathSeparator + classes));
        arguments.addAll(index ? List.of("-processorpath", api.toString()) : List.of("-proc:none"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDirectory.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            arguments.add(Files.writeString(file, source.getValue()).toString());
        }
        Files.createDirectories(classes);
        // the JDK's javac through java.base's tool provider: this module does not read java.compiler
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        StringWriter messages = new StringWriter();
        PrintWriter out = new PrintWriter(messages);
        int status = javac.run(out, out, arguments.toArray(String[]::new));
        out.flush();
        assertThat(status).as("javac %s%n%s", arguments, messages).isZero();
    }

    /** A class loader of these entries alone (and the JDK's): no task of the build's own class path is known. */
    private static URLClassLoader isolated(Path... entries) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path entry : entries) {
            urls.add(entry.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private URLClassLoader loader(Path... entries) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (Path entry : entries) {
            urls.add(entry.toUri().toURL());
        }
        return new URLClassLoader(urls.toArray(URL[]::new), getClass().getClassLoader());
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean jarHas(Path jar, String entry) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return false;
        }
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.getEntry(entry) != null;
        }
    }
}
