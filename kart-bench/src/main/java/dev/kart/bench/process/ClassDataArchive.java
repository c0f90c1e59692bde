package dev.kart.bench.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A class-data sharing archive (AppCDS) for the node JVMs of one scenario, as {@code bin/kart} keeps
 * one for {@code kart run}: the first node JVM started with {@link #jvmOptions()} records the classes
 * it loads ({@code -XX:ArchiveClassesAtExit}); every later one maps them
 * ({@code -XX:SharedArchiveFile}) instead of loading and verifying them again, which halves a kart
 * JVM's start-up CPU on this machine. The first JVM must run alone and exit before the next starts.
 *
 * <p>The JVM archives classes from jars only, so there is no archive (and no options) when this
 * JVM's class path holds a directory, as under {@code mvn verify}; {@code bench/run} starts
 * scenarios on jars. {@value #PROPERTY}{@code =false} turns it off, to measure without.
 */
public final class ClassDataArchive {
    /** System property that turns the archive off when {@code false}. */
    public static final String PROPERTY = "kart.bench.cds";
    /** The JVM's own CDS messages off: a missing or unusable archive must not print anything. */
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";

    private final Path file;
    private final boolean enabled;

    private ClassDataArchive(Path file, boolean enabled) {
        this.file = file;
        this.enabled = enabled;
    }

    /**
     * @param directory a directory of the scenario's own, deleted with it
     * @return the archive in it, enabled when the class path is made of jars and
     *     {@value #PROPERTY} is not {@code false}
     */
    public static ClassDataArchive in(Path directory) {
        boolean jarsOnly = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).allMatch(Files::isRegularFile);
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip());
        return new ClassDataArchive(directory.resolve("nodes.jsa"), jarsOnly && wanted);
    }

    /** @return whether node JVMs use the archive */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @return the options of the next node JVM: none when disabled; the options that write the
     *     archive when it does not exist yet; else the options that map it
     */
    public List<String> jvmOptions() {
        if (!enabled) {
            return List.of();
        }
        if (Files.isRegularFile(file)) {
            return List.of(QUIET, "-XX:SharedArchiveFile=" + file);
        }
        return List.of(QUIET, "-XX:ArchiveClassesAtExit=" + file);
    }
}
