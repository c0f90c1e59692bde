package dev.kart.task.index;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The classes javac wrote a class file for, as it writes them, and a hook run when the compilation is
 * over: what a processor cannot learn by itself, as javac finds most compile errors (in method bodies,
 * say) after the last round of processing, and then writes the class files of the types it compiled
 * before the error and of no type after it.
 *
 * <p>javac's own API ({@code com.sun.source.util}), so only a javac compilation has one: another
 * compiler (Eclipse's) gives none, see {@link #watch}. Watching has a cost javac documents nowhere: with
 * {@code -implicit:none}, javac attributes the types it finds on the source path only when no listener is
 * registered, so a watched compilation attributes (and may report errors in) those types too.
 */
final class GeneratedClasses implements TaskListener {
    private final Elements elements;
    /** Binary names, such as {@code shop.Order$Line}. */
    private final Set<String> written = new HashSet<>();
    /**
     * Whether javac went on past annotation processing: never with {@code -proc:only}, nor after a processor's
     * error unless {@code should-stop.ifError} is set past attribution (as Error Prone's set-up has it).
     */
    private boolean analyzed;
    private Runnable onFinished = () -> { };

    private GeneratedClasses(Elements elements) {
        this.elements = elements;
    }

    /**
     * @param env the processor's environment
     * @return the classes written from now on in this compilation; empty when the compiler is not javac
     *     (or javac's API is not readable from the processor's module)
     */
    static Optional<GeneratedClasses> watch(ProcessingEnvironment env) {
        try {
            GeneratedClasses generated = new GeneratedClasses(env.getElementUtils());
            JavacTask.instance(env).addTaskListener(generated);
            return Optional.of(generated);
        } catch (IllegalArgumentException | LinkageError | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /**
     * @param action what to run once the compilation is over, failed or not, all class files written;
     *     javac runs it after printing its count of errors and warnings, so a diagnostic it reports comes
     *     after that count and is not in it
     */
    void whenFinished(Runnable action) {
        onFinished = action;
    }

    /**
     * @param binaryName a type's binary name, such as {@code shop.Order$Line}
     * @return whether javac wrote its class file in this compilation
     */
    boolean wrote(String binaryName) {
        return written.contains(binaryName);
    }

    /**
     * @return whether javac went on to attribute the compiled types, and so to write class files or to
     *     find the errors that stop it writing them; {@code false} with {@code -proc:only} (which writes
     *     no class file at all) and when annotation processing raised an error, unless
     *     {@code should-stop.ifError} is set past attribution ({@code -XDshould-stop.ifError=FLOW})
     */
    boolean analyzed() {
        return analyzed;
    }

    @Override
    public void started(TaskEvent event) {
        if (event.getKind() == TaskEvent.Kind.ANALYZE) {
            analyzed = true;
        }
    }

    @Override
    public void finished(TaskEvent event) {
        if (event.getKind() == TaskEvent.Kind.GENERATE) {
            analyzed = true;
            TypeElement type = event.getTypeElement();
            if (type != null) {
                written.add(elements.getBinaryName(type).toString());
            }
        } else if (event.getKind() == TaskEvent.Kind.COMPILATION) {
            onFinished.run();
        }
    }
}
