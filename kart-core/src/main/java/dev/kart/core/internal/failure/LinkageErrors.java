package dev.kart.core.internal.failure;

import java.util.Locale;

/**
 * Words why the JVM could not load or initialize a task's class, and what to do: a class file of a newer
 * Java or with preview features, a class it refers to that is not on the class path, a static
 * initializer that failed (now or at an earlier use of the class).
 */
public final class LinkageErrors {
    /** The JDK's message for a class whose static initializer failed at an earlier use. */
    private static final String INITIALIZER_FAILED_EARLIER = "Could not initialize class ";

    private LinkageErrors() {
    }

    /**
     * @param error what the JVM threw
     * @return {@code SimpleName: message; what to do}, one line
     */
    public static String describe(LinkageError error) {
        Throwable shown = error instanceof ExceptionInInitializerError initializer && initializer.getCause() != null
                ? initializer.getCause() : error;
        String what = shown.getMessage() == null ? shown.getClass().getSimpleName()
                : shown.getClass().getSimpleName() + ": " + shown.getMessage();
        return what + "; " + remedy(error);
    }

    /**
     * @param error an error of a task's code
     * @return whether it is a class the class path lacks, rather than one whose initializer failed
     */
    public static boolean isMissingClass(Throwable error) {
        return error instanceof ClassNotFoundException
                || error instanceof NoClassDefFoundError && !initializerFailedEarlier(error);
    }

    /** @return what to do about a class missing from the class path: add what holds it */
    public static String addToClassPath() {
        return "add the jar or directory that holds it to the class path (kart run: --classpath)";
    }

    private static String remedy(LinkageError error) {
        String message = String.valueOf(error.getMessage());
        if (error instanceof ExceptionInInitializerError) {
            return "its static initializer failed (-v shows the stack trace)";
        }
        if (initializerFailedEarlier(error)) {
            return "its static initializer failed at an earlier use in this process; the first failure, or -v, says why";
        }
        if (error instanceof UnsupportedClassVersionError && message.toLowerCase(Locale.ROOT).contains("preview")) {
            return "it was compiled with preview features: compile it without them, or with this Java's javac"
                    + " --enable-preview --release " + Runtime.version().feature()
                    + " and run kart with JAVA_OPTS=--enable-preview";
        }
        if (error instanceof UnsupportedClassVersionError) {
            int release = Runtime.version().feature();
            return "it was compiled for a newer Java than the one kart runs on (Java " + release + "): run kart with"
                    + " that Java (JAVA_HOME or JAVA), or compile it with javac --release " + release;
        }
        if (error instanceof NoClassDefFoundError) {
            return "a class it refers to is not on the class path: " + addToClassPath();
        }
        return "compile it again against the jars on the class path";
    }

    private static boolean initializerFailedEarlier(Throwable error) {
        return error instanceof NoClassDefFoundError && String.valueOf(error.getMessage()).startsWith(INITIALIZER_FAILED_EARLIER);
    }
}
