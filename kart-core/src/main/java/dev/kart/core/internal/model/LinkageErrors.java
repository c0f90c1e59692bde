package dev.kart.core.internal.model;

/**
 * Words why the JVM could not load or initialise a task's class, and what to do: a class file of a newer
 * Java or with preview features, a class it refers to that is not on the class path, a static
 * initialiser that failed.
 */
public final class LinkageErrors {
    private LinkageErrors() {
    }

    /**
     * @param error what the JVM threw
     * @return {@code SimpleName: message; what to do}, one line
     */
    public static String describe(LinkageError error) {
        Throwable shown = error instanceof ExceptionInInitializerError initializer && initializer.getCause() != null
                ? initializer.getCause() : error;
        String what = shown.getClass().getSimpleName() + ": " + shown.getMessage();
        if (error instanceof ExceptionInInitializerError) {
            return "its static initializer failed: " + what;
        }
        return what + "; " + remedy(error);
    }

    private static String remedy(LinkageError error) {
        if (error instanceof UnsupportedClassVersionError && String.valueOf(error.getMessage()).startsWith("Preview")) {
            return "it was compiled with --enable-preview: run kart with JAVA_OPTS=--enable-preview, or compile it"
                    + " without preview features";
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

    /** @return what to do about a class missing from the class path: add what holds it */
    public static String addToClassPath() {
        return "add the jar or directory that holds it to the class path (kart run: --classpath)";
    }
}
