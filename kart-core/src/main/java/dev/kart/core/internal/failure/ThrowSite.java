package dev.kart.core.internal.failure;

import dev.kart.KartException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a failed task's error was thrown, as the build summary shows it after the error's line: the line
 * of the user's code to look at, without opening the task info file that holds the whole stack trace.
 */
public final class ThrowSite {
    // kart's own packages (kart-api, kart-core, the lock and storage modules, the CLI, kart-test): never the
    // task's code, even for a task in a package under them, as kart's own tests' tasks are
    private static final List<String> KART_PACKAGES = List.of("dev.kart.cli.", "dev.kart.config.", "dev.kart.core.",
            "dev.kart.format.", "dev.kart.internal.", "dev.kart.lock.", "dev.kart.storage.", "dev.kart.task.",
            "dev.kart.test.");

    private ThrowSite() {
    }

    /**
     * @param error a failed task's error
     * @param task the task's class: a frame of a class in its package or a sub-package of it is the task's
     *     own code, unless the class is kart's own
     * @return {@code at CLASS.METHOD(FILE:LINE)}: the first frame of the task's own code, searched from the
     *     deepest cause out (a library's exception wrapped by the task has the task's call in its frames); when
     *     no frame is the task's, the deepest cause's first frame, except for kart's own errors
     *     ({@link KartException}), whose message names the thing at fault and whose frames are kart's;
     *     empty when there is no such frame
     */
    public static Optional<String> of(Throwable error, Class<?> task) {
        String taskPackage = task.getPackageName();
        Deque<Throwable> deepestFirst = new ArrayDeque<>();
        // each error once: a task's exceptions may chain their causes in a circle
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = error; cause != null && seen.add(cause); cause = cause.getCause()) {
            deepestFirst.push(cause);
        }
        for (Throwable cause : deepestFirst) {
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (inPackage(frame.getClassName(), taskPackage) && !isKarts(frame.getClassName())) {
                    return Optional.of(text(frame));
                }
            }
        }
        if (error instanceof KartException) {
            return Optional.empty();
        }
        StackTraceElement[] rootFrames = deepestFirst.peek().getStackTrace();
        return rootFrames.length == 0 ? Optional.empty() : Optional.of(text(rootFrames[0]));
    }

    private static boolean inPackage(String className, String taskPackage) {
        if (taskPackage.isEmpty()) {
            // a task of the unnamed package: its own code is the other classes of that package
            return className.indexOf('.') < 0;
        }
        return className.startsWith(taskPackage) && className.length() > taskPackage.length()
                && className.charAt(taskPackage.length()) == '.';
    }

    private static boolean isKarts(String className) {
        if (!className.startsWith("dev.kart.")) {
            return false;
        }
        // kart-api's classes directly in dev.kart: KartException and its kin
        if (className.indexOf('.', "dev.kart.".length()) < 0) {
            return true;
        }
        for (String kart : KART_PACKAGES) {
            if (className.startsWith(kart)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The frame as a stack trace prints it, without the class loader and module prefix (kart loads a
     * task's classes in a loader named {@code kart-tasks}, which only adds width).
     */
    private static String text(StackTraceElement frame) {
        String where;
        if (frame.isNativeMethod()) {
            where = "Native Method";
        } else if (frame.getFileName() == null) {
            where = "Unknown Source";
        } else {
            where = frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        }
        return "at " + frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }
}
