package dev.kart.task.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task index a compilation leaves, compiled with the JDK's own javac on real sources, with the
 * processor found the way javac finds it in a user's build: listed as a service by kart-api on the
 * class path (or on the processor path).
 */
class TaskIndexProcessorTest {
    private static final String INDEX = "META-INF/kart/tasks";

    @TempDir
    Path directory;

    @Test
    void listsEveryTaskRecordDirectlyOrThroughAnInterfaceNestedOrNotAndNothingElse() throws IOException {
        Path out = directory.resolve("classes");

        Compilation compilation = compile(out, List.of(), Map.of(
                "shop.Order", """
                        package shop;
                        import dev.kart.task.*;
                        public record Order(String id) implements Task<String> {
                            public String run(RunContext ctx) { return id; }
                            /** nested, and through an interface of this compilation */
                            public record Line(int n) implements Priced { public Long run(RunContext ctx) { return 1L; } }
                            record Hidden(int n) implements Task<Integer> { public Integer run(RunContext ctx) { return n; } }
                            void local() {
                                record Local(int n) implements Task<Integer> { public Integer run(RunContext ctx) { return n; } }
                            }
                        }
                        """,
                "shop.Priced", "package shop; public interface Priced extends dev.kart.task.Task<Long> {}",
                "shop.NotARecord", """
                        package shop;
                        public final class NotARecord implements dev.kart.task.Task<String> {
                            public String run(dev.kart.task.RunContext ctx) { return ""; }
                        }
                        """,
                "shop.Double", """
                        package shop;
                        @SuppressWarnings("kart")
                        public final class Double implements dev.kart.task.Task<String> {
                            public String run(dev.kart.task.RunContext ctx) { return ""; }
                        }
                        """,
                "shop.Abstract", """
                        package shop;
                        public abstract class Abstract implements dev.kart.task.Task<String> {}
                        """,
                "shop.Point", "package shop; public record Point(int x, int y) {}",
                "shop.Kind", "package shop; public enum Kind { A, B }"));

        assertThat(compilation.succeeded()).as(compilation.messages()).isTrue();
        assertThat(entries(out)).containsExactly("shop.Order", "shop.Order$Hidden", "shop.Order$Line");
        assertThat(Files.readString(out.resolve(INDEX))).startsWith("# ");
        // the class that cannot be a task is named at compile time; the abstract base is not
        assertThat(compilation.messages()).contains("NotARecord.java:2: warning: kart: shop.NotARecord implements"
                + " dev.kart.task.Task but is no record, so kart cannot use it as a task", "declare it as record NotARecord(...)")
                .doesNotContain("shop.Abstract implements", "shop.Priced implements", "shop.Double implements");
    }

    @Test
    void aCompilationWithoutTasksWritesAnEmptyIndexAndOneWithoutKartApiNone() throws IOException {
        Path withApi = directory.resolve("with-api");
        Path withoutApi = directory.resolve("without-api");

        Compilation plain = compile(withApi, List.of(), Map.of("util.Strings", "package util; public final class Strings {}"));
        Compilation elsewhere = compileWith(withoutApi, List.of("-processorpath", api().toString()),
                "", Map.of("util.Strings", "package util; public final class Strings {}"));

        assertThat(plain.succeeded()).as(plain.messages()).isTrue();
        assertThat(withApi.resolve(INDEX)).exists();
        assertThat(entries(withApi)).isEmpty();
        assertThat(elsewhere.succeeded()).as(elsewhere.messages()).isTrue();
        assertThat(withoutApi.resolve(INDEX)).doesNotExist();
    }

    @Test
    void javacFindsTheProcessorOnTheClassPathAndOnTheProcessorPathButNotWithProcNone() throws IOException {
        Map<String, String> sources = Map.of("a.Hello", """
                package a;
                public record Hello(String name) implements dev.kart.task.Task<String> {
                    public String run(dev.kart.task.RunContext ctx) { return name; }
                }
                """);

        Compilation classPath = compile(directory.resolve("class-path"), List.of(), sources);
        Compilation processorPath = compile(directory.resolve("processor-path"), List.of("-processorpath", api().toString()),
                sources);
        Compilation none = compile(directory.resolve("none"), List.of("-proc:none"), sources);

        assertThat(List.of(classPath, processorPath, none)).allSatisfy(c -> assertThat(c.succeeded()).as(c.messages()).isTrue());
        assertThat(entries(directory.resolve("class-path"))).containsExactly("a.Hello");
        assertThat(entries(directory.resolve("processor-path"))).containsExactly("a.Hello");
        assertThat(directory.resolve("none").resolve(INDEX)).doesNotExist();
    }

    /** javac without -d would write the index as a file named after its last part in the working directory. */
    @Test
    void aCompilationWithoutAClassOutputDirectoryWritesNoIndexAndLeavesTheWorkingDirectoryAlone() throws Exception {
        Path work = Files.createDirectories(directory.resolve("work"));
        Files.writeString(work.resolve("tasks"), "my notes\n");
        Path source = Files.createDirectories(work.resolve("hello")).resolve("Greet.java");
        Files.writeString(source, task("hello", "Greet"));

        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "--release",
                "17", "-classpath", api().toString(), "hello/Greet.java").directory(work.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(javac.waitFor()).as(output).isZero();
        assertThat(work.resolve("hello/Greet.class")).as("javac without -d writes the class beside its source").exists();
        assertThat(work.resolve("tasks")).hasContent("my notes");
        assertThat(work.resolve(INDEX)).doesNotExist();
        assertThat(output).contains("kart: no task index written: javac has no class output directory (-d)",
                "compile with -d DIR");
    }

    @Test
    void compilingSomeSourcesAgainKeepsTheEntriesOfTheOthersWhoseClassesAreStillThere() throws IOException {
        Path out = directory.resolve("classes");
        compile(out, List.of(), Map.of("p.First", task("p", "First"), "p.Second", task("p", "Second"),
                "p.Third", task("p", "Third"), "p.Changing", task("p", "Changing")));
        assertThat(entries(out)).containsExactly("p.Changing", "p.First", "p.Second", "p.Third");
        // as an IDE does: only the changed source, and a class deleted since with its source
        Files.delete(out.resolve("p/Third.class"));

        Compilation again = compile(out, List.of("-classpath", api() + java.io.File.pathSeparator + out),
                Map.of("p.Changing", "package p; public record Changing(int n) {}", "p.Fourth", task("p", "Fourth")));

        assertThat(again.succeeded()).as(again.messages()).isTrue();
        assertThat(entries(out)).as("Changing is no task any more, Third is gone, Fourth is new")
                .containsExactly("p.First", "p.Fourth", "p.Second");
    }

    /**
     * javac finds a method body's error after the processor's last round, and writes the class files of
     * the types it compiled before it: the index lists those and not the broken one, or kart run would
     * find a task whose class is not there.
     */
    @Test
    void aFailedCompilationListsOnlyTheTasksWhoseClassFileJavacWrote() throws IOException {
        Path out = directory.resolve("classes");
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("p.First", """
                package p;
                public record First(int n) implements dev.kart.task.Task<Integer> {
                    public Integer run(dev.kart.task.RunContext ctx) { return n; }
                    public record Inner(int n) implements dev.kart.task.Task<Integer> {
                        public Integer run(dev.kart.task.RunContext ctx) { return n; }
                    }
                }
                """);
        sources.put("p.Broken", "package p; public record Broken(int n) implements dev.kart.task.Task<Integer> {"
                + " public Integer run(dev.kart.task.RunContext ctx) { return undefinedThing; } }");
        sources.put("p.After", task("p", "After"));

        Compilation compilation = compile(out, List.of(), sources);

        assertThat(compilation.succeeded()).as(compilation.messages()).isFalse();
        assertThat(compilation.messages()).contains("Broken.java:1: error: cannot find symbol");
        assertThat(out.resolve("p/Broken.class")).doesNotExist();
        // javac compiles in the order of its command line, and wrote First (before the error) and not After
        assertThat(out.resolve("p/First.class")).exists();
        assertThat(out.resolve("p/After.class")).doesNotExist();
        assertThat(entries(out)).containsExactly("p.First", "p.First$Inner");
    }

    /**
     * The IDE's loop: a good build, then a compilation of the same sources and a broken one, in which javac
     * writes no class file, then the fixed source alone. The failed compilation keeps every task whose class
     * file the good build left, and leaves out the new task that has none, so that the last compilation's
     * index lists every task in the directory.
     */
    @Test
    void aFailedCompilationKeepsTheTasksWhoseClassFilesAnEarlierBuildLeft() throws IOException {
        Path out = directory.resolve("classes");
        Map<String, String> good = new LinkedHashMap<>();
        good.put("p.First", task("p", "First"));
        good.put("p.Second", task("p", "Second"));
        assertThat(compile(out, List.of(), good).succeeded()).isTrue();
        Map<String, String> broken = new LinkedHashMap<>();
        // first on the command line: javac stops at its error before writing any class file
        broken.put("p.Broken", "package p; public record Broken(int n) implements dev.kart.task.Task<Integer> {"
                + " public Integer run(dev.kart.task.RunContext ctx) { return undefinedThing; } }");
        broken.putAll(good);
        broken.put("p.Fresh", task("p", "Fresh"));

        Compilation failed = compile(out, List.of(), broken);

        assertThat(failed.succeeded()).as(failed.messages()).isFalse();
        assertThat(out.resolve("p/Fresh.class")).as("no class file of this compilation").doesNotExist();
        assertThat(entries(out)).as("Broken and Fresh have no class file; First's and Second's are the good build's")
                .containsExactly("p.First", "p.Second");

        Compilation fixed = compile(out, List.of("-classpath", api() + java.io.File.pathSeparator + out),
                Map.of("p.Broken", task("p", "Broken")));

        assertThat(fixed.succeeded()).as(fixed.messages()).isTrue();
        assertThat(entries(out)).containsExactly("p.Broken", "p.First", "p.Second");
    }

    /**
     * Annotation processing as a step of its own (Maven's {@code <proc>only</proc>}, before a
     * {@code -proc:none} compilation): javac writes no class file at all, and the index still lists
     * every task record, for the class files the next step writes.
     */
    @Test
    void processingOnlyWritesNoClassFileAndListsEveryTask() throws IOException {
        Path out = directory.resolve("classes");
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("p.First", task("p", "First"));
        sources.put("p.Second", task("p", "Second"));

        Compilation compilation = compile(out, List.of("-proc:only"), sources);

        assertThat(compilation.succeeded()).as(compilation.messages()).isTrue();
        assertThat(out.resolve("p/First.class")).doesNotExist();
        assertThat(entries(out)).containsExactly("p.First", "p.Second");
    }

    /**
     * Another processor of the build (a checker, say) reports an error in its first round: javac runs one
     * last round and stops, writing no class file, with {@code -proc:only} or without. The index of the
     * processing step still lists every task, for the compilation that follows it; javac does not tell a
     * processor whether {@code -proc:only} was given, so the compilation without it lists them too.
     */
    @Test
    void anotherProcessorsErrorLeavesEveryTaskListedWithProcessingOnlyOrWithout() throws IOException {
        Path checker = rejectingProcessor();
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("p.First", task("p", "First"));
        sources.put("p.Second", task("p", "Second"));
        List<String> processorPath = List.of("-processorpath", api() + java.io.File.pathSeparator + checker);
        List<String> processingOnly = new ArrayList<>(processorPath);
        processingOnly.add("-proc:only");

        Compilation stepOfItsOwn = compile(directory.resolve("proc-only"), processingOnly, sources);
        Compilation full = compile(directory.resolve("full"), processorPath, sources);

        for (Compilation failed : List.of(stepOfItsOwn, full)) {
            assertThat(failed.succeeded()).as(failed.messages()).isFalse();
            assertThat(failed.messages()).contains("error: check: this build is rejected");
        }
        assertThat(directory.resolve("full/p/First.class")).as("javac writes no class file after a processor's error")
                .doesNotExist();
        assertThat(entries(directory.resolve("proc-only"))).containsExactly("p.First", "p.Second");
        assertThat(entries(directory.resolve("full"))).containsExactly("p.First", "p.Second");
    }

    /**
     * Error Prone's set-up ({@code -XDshould-stop.ifError=FLOW}) has javac go on after a processor's error, to
     * attribution and flow analysis, still writing no class file: the index keeps the tasks whose class files
     * an earlier build left, and lists no new one.
     */
    @Test
    void aProcessorsErrorWithShouldStopPastAttributionListsOnlyTheTasksWithClassFiles() throws IOException {
        Path out = directory.resolve("classes");
        assertThat(compile(out, List.of(), Map.of("p.First", task("p", "First"))).succeeded()).isTrue();
        Path checker = rejectingProcessor();
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("p.First", task("p", "First"));
        sources.put("p.Fresh", task("p", "Fresh"));

        Compilation failed = compile(out, List.of("-processorpath", api() + java.io.File.pathSeparator + checker,
                "-XDshould-stop.ifError=FLOW"), sources);

        assertThat(failed.succeeded()).as(failed.messages()).isFalse();
        assertThat(out.resolve("p/Fresh.class")).doesNotExist();
        assertThat(entries(out)).containsExactly("p.First");
    }

    /**
     * The index cannot be written again once javac is done (here another processor's listener puts a
     * directory in its place once processing is over): the warning names the task left listed, and javac
     * prints it after its count of errors, as it tells a processor that it is done only after printing it.
     */
    @Test
    void aFailedRewriteIsAWarningNamingTheTaskLeftListedAfterJavacsCount() throws IOException {
        Path out = directory.resolve("classes");
        Path blocker = processor("block.Blocker", """
                package block;
                import com.sun.source.util.JavacTask;
                import com.sun.source.util.TaskEvent;
                import com.sun.source.util.TaskListener;
                import java.io.IOException;
                import java.io.UncheckedIOException;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.Set;
                import javax.annotation.processing.AbstractProcessor;
                import javax.annotation.processing.ProcessingEnvironment;
                import javax.annotation.processing.RoundEnvironment;
                import javax.lang.model.SourceVersion;
                import javax.lang.model.element.TypeElement;
                import javax.tools.StandardLocation;
                public final class Blocker extends AbstractProcessor {
                    @Override public synchronized void init(ProcessingEnvironment env) {
                        super.init(env);
                        JavacTask.instance(env).addTaskListener(new TaskListener() {
                            private boolean blocked;
                            @Override public void started(TaskEvent event) {
                                if (event.getKind() != TaskEvent.Kind.ANALYZE || blocked) {
                                    return;
                                }
                                blocked = true;
                                try {
                                    Path index = Path.of(env.getFiler()
                                            .getResource(StandardLocation.CLASS_OUTPUT, "", "META-INF/kart/tasks").toUri());
                                    Files.delete(index);
                                    Files.createDirectory(index);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        });
                    }
                    @Override public Set<String> getSupportedAnnotationTypes() { return Set.of("*"); }
                    @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }
                    @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                        return false;
                    }
                }
                """);
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("p.First", task("p", "First"));
        sources.put("p.Broken", "package p; public record Broken(int n) implements dev.kart.task.Task<Integer> {"
                + " public Integer run(dev.kart.task.RunContext ctx) { return undefinedThing; } }");

        Compilation compilation = compile(out, List.of("-processorpath", blocker + java.io.File.pathSeparator + api()),
                sources);

        assertThat(compilation.succeeded()).as(compilation.messages()).isFalse();
        String warning = "warning: kart: cannot write the task index META-INF/kart/tasks again: it still lists p.Broken,"
                + " whose class file is not in the class output (kart run refuses such an entry, naming its missing"
                + " class file)";
        assertThat(compilation.messages()).contains(warning);
        assertThat(compilation.messages().indexOf(warning)).as(compilation.messages())
                .isGreaterThan(compilation.messages().indexOf("\n1 error\n"));
    }

    /** @return a class directory holding a processor that reports an error in its first round, listed as a service */
    private Path rejectingProcessor() throws IOException {
        return processor("check.Rejecting", """
                package check;
                import java.util.Set;
                import javax.annotation.processing.AbstractProcessor;
                import javax.annotation.processing.RoundEnvironment;
                import javax.lang.model.SourceVersion;
                import javax.lang.model.element.TypeElement;
                import javax.tools.Diagnostic;
                public final class Rejecting extends AbstractProcessor {
                    private boolean reported;
                    @Override public Set<String> getSupportedAnnotationTypes() { return Set.of("*"); }
                    @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }
                    @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                        if (!reported) {
                            reported = true;
                            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "check: this build is rejected");
                        }
                        return false;
                    }
                }
                """);
    }

    /**
     * @return a class directory holding this processor, compiled, and the service file that has javac run it
     *     (first, when the directory is first on the processor path)
     */
    private Path processor(String name, String source) throws IOException {
        Path classes = directory.resolve(name);
        Compilation compilation = compileWith(classes, List.of("-proc:none"), "", Map.of(name, source));
        assertThat(compilation.succeeded()).as(compilation.messages()).isTrue();
        Path services = classes.resolve("META-INF/services/javax.annotation.processing.Processor");
        Files.createDirectories(services.getParent());
        Files.writeString(services, name + "\n");
        return classes;
    }

    private static String task(String pkg, String name) {
        return "package " + pkg + "; public record " + name + "(int n) implements dev.kart.task.Task<Integer> {"
                + " public Integer run(dev.kart.task.RunContext ctx) { return n; } }";
    }

    /** @return the names an index lists, in its order, without comments */
    private static List<String> entries(Path classes) throws IOException {
        return Files.readAllLines(classes.resolve(INDEX)).stream().map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty()).toList();
    }

    private Compilation compile(Path out, List<String> options, Map<String, String> sources) throws IOException {
        return compileWith(out, options, api().toString(), sources);
    }

    /**
     * Runs javac as a build does: kart-api (its classes, with the processor's service file) on the
     * class path unless the options give one, the processor found by javac itself.
     */
    private Compilation compileWith(Path out, List<String> options, String classPath, Map<String, String> sources)
            throws IOException {
        Path sourceDirectory = Files.createTempDirectory(directory, "src");
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
        if (!options.contains("-classpath")) {
            arguments.addAll(List.of("-classpath", classPath));
        }
        arguments.addAll(options);
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDirectory.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            arguments.add(Files.writeString(file, source.getValue()).toString());
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, arguments.toArray(String[]::new));
        return new Compilation(status == 0, "javac " + arguments + "\n" + messages.toString(StandardCharsets.UTF_8));
    }

    /** @return kart-api's classes: this module's output, with its META-INF/services file */
    private static Path api() {
        try {
            return Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Compilation(boolean succeeded, String messages) {
    }
}
