package dev.kart.bench.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A class-data sharing archive (AppCDS) for the node JVMs of one scenario, as {@code bin/kart} keeps
 * one for {@code kart run}: one node JVM started alone with {@link #writingOptions()} records the
 * classes it loads ({@code -XX:ArchiveClassesAtExit}); after {@link #keepWritten()}, every later one
 * started with {@link #jvmOptions()} maps them ({@code -XX:SharedArchiveFile}) instead of loading and
 * verifying them again, which halves a kart JVM's start-up CPU on this machine.
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

    /** @return whether the class path and {@value #PROPERTY} allow an archive */
    public boolean enabled() {
        return enabled;
    }

    /** @return whether node JVMs map the archive: it is enabled and was written */
    public boolean used() {
        return enabled && Files.isRegularFile(file);
    }

    /**
     * @return the options of the one JVM that writes the archive, started alone; none when disabled.
     *     It writes to a file of its own, which {@link #keepWritten()} moves into place.
     */
    public List<String> writingOptions() {
        return enabled ? List.of(QUIET, "-XX:ArchiveClassesAtExit=" + partial()) : List.of();
    }

    /**
     * Moves what the writing JVM wrote into place, if it wrote anything; without it, later JVMs run
     * without an archive (and {@link #used()} says so).
     *
     * @throws java.io.UncheckedIOException when the move fails
     */
    public void keepWritten() {
        Path partial = partial();
        try {
            if (Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot move the class-data archive " + partial + " into place", e);
        }
    }

    /** @return the options of every other node JVM: mapping the archive when it was written, else none */
    public List<String> jvmOptions() {
        return used() ? List.of(QUIET, "-XX:SharedArchiveFile=" + file) : List.of();
    }

    private Path partial() {
        return file.resolveSibling(file.getFileName() + ".partial");
    }
}
