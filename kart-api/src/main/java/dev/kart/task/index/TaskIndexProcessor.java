package dev.kart.task.index;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the task index of a compilation: the resource {@value #INDEX}, in the class output, listing
 * the binary name of every task record compiled (a record that implements {@code dev.kart.task.Task},
 * directly or through an interface; nested records too, local ones not), so that the {@code kart}
 * command finds a task by its short name ({@code books.BookReport}) by reading one small file per jar
 * instead of scanning every class on the class path. It is the task counterpart of
 * {@link java.util.ServiceLoader}'s {@code META-INF/services} files, and has their format: UTF-8,
 * one name per line, {@code #} starting a comment.
 *
 * <p>javac runs it without being asked whenever {@code kart-api} (or the {@code kart} command's
 * jar) is on the compile class path, as it runs every processor a jar on that path lists in
 * {@code META-INF/services/javax.annotation.processing.Processor}; on JDK 23 and later, which run
 * such processors only when asked, give {@code -proc:full}. A modular compilation (a
 * {@code module-info.java}) finds processors on the processor path only: give {@code kart-api} there
 * ({@code -processorpath}, or Maven's {@code annotationProcessorPaths}).
 *
 * <p>A compilation of only some of a directory's sources (an IDE's, or javac given changed files)
 * keeps the entries of the index already there whose class files are still in the class output and
 * which it did not compile again; the sources it compiles are listed afresh. The index is written
 * whenever {@code dev.kart.task.Task} is on the class path, empty when no task was compiled: an
 * empty index tells the {@code kart} command that the jar holds no tasks, so it does not scan it.
 * A compilation that fails after annotation processing lists no task record without a class file:
 * javac finds most errors (a method body's) after the processor's last round and then writes the
 * class files of some types and not of others, so the index is written again once javac is done,
 * listing only the task records whose class file is in the class output, written by javac now or
 * left there by an earlier build (with another compiler than javac, an index is written only when no
 * error was raised while processing). A compilation with {@code -proc:only},
 * which writes no class file at all, lists every task record it processed, for the compilation of
 * those sources that follows it, also when a processor raised an error; so does a compilation without
 * it in which a processor raised an error, as javac then stops after processing too, writing no class
 * file, and does not tell a processor whether {@code -proc:only} was given. With
 * {@code should-stop.ifError} set past attribution ({@code -XDshould-stop.ifError=FLOW}, as Error
 * Prone's set-up has it) javac goes on after a processor's error to find the compile errors, still
 * writing no class file, and such a compilation's index lists only the task records whose class file
 * an earlier build left.
 * Fails no compilation of its own: a problem writing the index is reported as a warning, and so is a
 * class or enum that implements {@code Task} but is no record, which kart cannot use as a task (under
 * {@code -Werror} that warning fails the build; {@code @SuppressWarnings("kart")} on the class, or on
 * a class around it, silences it, for a test double say).
 */
public final class TaskIndexProcessor extends AbstractProcessor {
    /** The index's resource name, relative to the class output (a jar's root). */
    public static final String INDEX = "META-INF/kart/tasks";

    private static final String TASK = "dev.kart.task.Task";
    /** What {@code @SuppressWarnings} names to silence the warning of a task class that is no record. */
    private static final String SUPPRESSION = "kart";
    private static final String HEADER = "# The task records of this jar or class directory, written by javac with "
            + TaskIndexProcessor.class.getName() + "; kart run finds tasks by short name here.";

    /** Binary names of the task records compiled, over every round. */
    private final SortedSet<String> tasks = new TreeSet<>();
    /** Binary names of every type compiled, so that an earlier index's entry for one is not kept. */
    private final Set<String> compiled = new HashSet<>();
    private boolean taskOnClassPath;
    /**
     * What javac wrote; empty with another compiler, and until a round finds {@code dev.kart.task.Task}
     * on the class path: a compilation that cannot hold a task is not watched (see {@link GeneratedClasses}
     * for what watching costs).
     */
    private Optional<GeneratedClasses> generated = Optional.empty();

    /** For javac, which finds the processor with {@link java.util.ServiceLoader}. */
    public TaskIndexProcessor() {
    }


    /** @return {@code *}: every compilation, whether or not its sources carry annotations */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    /** @return the newest the running javac knows: the processor reads only types and their supertypes */
    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    /**
     * Collects the task records among the round's types, and writes the index in the last round.
     *
     * @return {@code false}: it claims no annotation, so other processors still see every one
     */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Elements elements = processingEnv.getElementUtils();
        TypeElement task = elements.getTypeElement(TASK);
        if (task == null) {
            // kart-api is on the processor path but not on the class path: nothing can be a task
            return false;
        }
        if (!taskOnClassPath) {
            taskOnClassPath = true;
            // watches which class files javac writes, to list only the task records it wrote a class file for
            generated = GeneratedClasses.watch(processingEnv);
        }
        TypeMirror rawTask = processingEnv.getTypeUtils().erasure(task.asType());
        for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
            collect(type, rawTask, elements);
        }
        if (round.processingOver() && !(generated.isEmpty() && round.errorRaised())) {
            // javac writes no class file of a compilation in which a processor raised an error, and says
            // nothing of whether -proc:only was given: its index lists every task, as -proc:only's does.
            // Another compiler's index is not written then
            write();
        }
        return false;
    }

    private void collect(TypeElement type, TypeMirror rawTask, Elements elements) {
        String name = elements.getBinaryName(type).toString();
        compiled.add(name);
        Types types = processingEnv.getTypeUtils();
        boolean isTask = types.isAssignable(types.erasure(type.asType()), rawTask);
        if (type.getKind() == ElementKind.RECORD && isTask) {
            tasks.add(name);
        } else if (isTask && (type.getKind() == ElementKind.ENUM || type.getKind() == ElementKind.CLASS
                && !type.getModifiers().contains(Modifier.ABSTRACT)) && !suppressed(type)) {
            // kart makes a task from its record components: such a class compiles, and kart run can
            // only say, at run time, that it is not a task it can use
            processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "kart: " + name + " implements " + TASK
                    + " but is no record, so kart cannot use it as a task (kart run, kart tree and the task index need a"
                    + " record: its components are the task's parameters); declare it as record "
                    + type.getSimpleName() + "(...) implements Task<...>", type);
        }
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof TypeElement nested) {
                collect(nested, rawTask, elements);
            }
        }
    }

    /** Whether the type, or a type around it, says {@code @SuppressWarnings("kart")}: a test double, say. */
    private static boolean suppressed(Element element) {
        for (Element each = element; each != null; each = each.getEnclosingElement()) {
            SuppressWarnings suppress = each.getAnnotation(SuppressWarnings.class);
            if (suppress != null && Arrays.asList(suppress.value()).contains(SUPPRESSION)) {
                return true;
            }
        }
        return false;
    }

    private void write() {
        if (!taskOnClassPath) {
            return;
        }
        Filer filer = processingEnv.getFiler();
        SortedSet<String> listed = new TreeSet<>(tasks);
        try {
            // where the index would go, asked without opening it; a file manager of another kind (in memory)
            // names it as it likes
            URI target = filer.getResource(StandardLocation.CLASS_OUTPUT, "", INDEX).toUri();
            String path = target.getPath();
            if ("file".equals(target.getScheme()) && path != null && !path.endsWith("/" + INDEX)) {
                // no -d: javac puts class files beside their sources and a resource in the working directory
                // under its last name alone, over whatever file of that name is there
                processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "kart: no task index written: javac"
                        + " has no class output directory (-d), and would write " + INDEX + " as " + path
                        + "; compile with -d DIR to have it (kart run finds this output's tasks by scanning its classes"
                        + " meanwhile)");
                return;
            }
            listed.addAll(keptFromEarlierIndex(filer));
            FileObject index = filer.createResource(StandardLocation.CLASS_OUTPUT, "", INDEX);
            try (Writer out = index.openWriter()) {
                out.write(text(listed));
            }
            if (generated.isPresent() && "file".equals(index.toUri().getScheme())) {
                Set<String> kept = new TreeSet<>(listed);
                kept.removeAll(tasks);
                // javac deletes no class file: one there now, an earlier build's, is there once javac is done
                Set<String> there = new TreeSet<>();
                for (String task : tasks) {
                    if (classFileExists(filer, task)) {
                        there.add(task);
                    }
                }
                GeneratedClasses written = generated.get();
                written.whenFinished(() -> rewriteWithTasksOnDisk(Path.of(index.toUri()), kept, there, written));
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            warnNotWritten(e);
        }
    }

    /**
     * Once javac is done: drops the task records of this compilation that have no class file in the class
     * output, neither written by javac now (a compile error's, or one after it) nor left there by an earlier
     * build, so that kart run finds no task it cannot load (a new task in a source that failed, say). A task
     * whose class file an earlier build left stays listed, as the entries of the earlier index for sources
     * not compiled now do: kart run loads that class file, as it would by the task's full name, and an IDE's
     * next compilation of the other sources alone keeps the entry, where dropping it would leave the task
     * out of the index until a clean build. Leaves the index alone when javac stopped after annotation
     * processing, as with {@code -proc:only} (processors run as a step of their own, before a
     * {@code -proc:none} compilation): there no task has a class file of this compilation, and every one is
     * listed, whether or not a processor raised an error. javac stops there too after a processor's error
     * without {@code -proc:only} (unless {@code should-stop.ifError} is set past attribution, as Error
     * Prone's set-up has it: then javac goes on, writes no class file, and this rewrite runs), and tells a
     * processor nothing that tells the two apart (the option is javac's internal state), so that
     * compilation's index lists every task as well.
     *
     * <p>A problem writing is reported as a warning that javac prints after its count of errors and
     * warnings ({@code 1 error}), and does not count: javac tells a processor that it is done only by the
     * end of compilation event, which it sends after printing that count; the events before it (one per
     * class file written) do not say which is the last, as javac stops writing at its first error. The
     * rewrite follows a compile error only, so that compilation has failed already, {@code -Werror} or not.
     *
     * @param there the task records of this compilation whose class file was in the class output before
     *     javac wrote any
     */
    private void rewriteWithTasksOnDisk(Path index, Set<String> kept, Set<String> there, GeneratedClasses written) {
        if (!written.analyzed()) {
            return;
        }
        SortedSet<String> listed = new TreeSet<>(kept);
        for (String task : tasks) {
            if (written.wrote(task) || there.contains(task)) {
                listed.add(task);
            }
        }
        if (listed.containsAll(tasks)) {
            return;
        }
        try {
            Files.writeString(index, text(listed), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            SortedSet<String> unwritten = new TreeSet<>(tasks);
            unwritten.removeAll(listed);
            // not the write warning's "finds tasks by scanning": the index written in the last round still stands
            // and lists them, and kart run refuses such an entry, naming its missing class file
            boolean one = unwritten.size() == 1;
            processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "kart: cannot write the task index "
                    + INDEX + " again: it still lists " + String.join(", ", unwritten) + ", whose class file"
                    + (one ? " is" : "s are") + " not in the class output (kart run refuses such an entry, naming"
                    + " its missing class file): " + e);
        }
    }

    private void warnNotWritten(Exception e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.WARNING, "kart: cannot write the task index "
                + INDEX + " (kart run then finds this output's tasks by scanning its classes): " + e);
    }

    /** @return the index listing these binary names, one a line, under its header */
    private static String text(Set<String> names) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (String name : names) {
            text.append(name).append('\n');
        }
        return text.toString();
    }

    /**
     * @return the entries of the index already in the class output whose types this compilation did
     *     not compile and whose class files are still there
     */
    private Set<String> keptFromEarlierIndex(Filer filer) throws IOException {
        Set<String> kept = new TreeSet<>();
        List<String> earlier;
        try {
            FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", INDEX);
            try (Reader reader = new InputStreamReader(existing.openInputStream(), StandardCharsets.UTF_8);
                    BufferedReader lines = new BufferedReader(reader)) {
                earlier = lines.lines().toList();
            }
        } catch (FileNotFoundException | NoSuchFileException e) {
            return kept;
        }
        for (String line : earlier) {
            String name = entry(line);
            if (!name.isEmpty() && !compiled.contains(name) && classFileExists(filer, name)) {
                kept.add(name);
            }
        }
        return kept;
    }

    /**
     * @param line a line of an index
     * @return the binary name it lists, empty for a blank or comment line
     */
    private static String entry(String line) {
        int comment = line.indexOf('#');
        return (comment >= 0 ? line.substring(0, comment) : line).strip();
    }

    private static boolean classFileExists(Filer filer, String binaryName) {
        int lastDot = binaryName.lastIndexOf('.');
        String pkg = lastDot < 0 ? "" : binaryName.substring(0, lastDot);
        String file = binaryName.substring(lastDot + 1) + ".class";
        try {
            filer.getResource(StandardLocation.CLASS_OUTPUT, pkg, file).openInputStream().close();
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
