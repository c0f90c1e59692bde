package dev.kart.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The kart checkout whose {@code bin/kart} and runnable jar the launcher scenarios
 * ({@code startup-run}, {@code contention-spawn-*}) start as a user would: by default the one
 * holding kart-bench's own classes. Immutable.
 */
public final class LauncherCheckout {
    private final Path root;

    private LauncherCheckout(Path root) {
        this.root = root;
    }

    /** @return the checkout holding kart-bench's jar ({@code kart-bench/target/kart-bench.jar}) or classes */
    public static LauncherCheckout ofBench() {
        return new LauncherCheckout(Path.of(benchCodeSource()).toAbsolutePath().getParent().getParent().getParent());
    }

    /**
     * @param root a checkout's root directory
     * @return that checkout
     */
    public static LauncherCheckout at(Path root) {
        return new LauncherCheckout(root.toAbsolutePath().normalize());
    }

    /** @return kart-bench's jar or class directory, as a class path entry (it holds the bench's tasks) */
    public static String benchCodeSource() {
        try {
            return Path.of(LauncherCheckout.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate kart-bench's classes", e);
        }
    }

    /**
     * @param relative a file of the checkout, such as {@code bin/kart} or {@code kart-cli/target/kart.jar}
     * @return its path
     * @throws IllegalStateException when it does not exist, saying how to build it
     */
    public Path existing(String relative) {
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException(file + " does not exist: build the checkout's command and examples first"
                    + " (mvn -B -q -DskipTests package -pl kart-cli,kart-examples -am; bench/run does)");
        }
        return file;
    }

    /**
     * @param archives a {@code KART_CDS_DIR}
     * @return whether {@code bin/kart} left a class-data archive there: an AppCDS {@code .jsa}, or on
     *     Java 25 and later an ahead-of-time cache {@code .aot}
     */
    public static boolean hasArchive(Path archives) {
        if (!Files.isDirectory(archives)) {
            return false;
        }
        try (Stream<Path> files = Files.list(archives)) {
            return files.map(file -> file.getFileName().toString())
                    .anyMatch(name -> name.endsWith(".jsa") || name.endsWith(".aot"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + archives, e);
        }
    }
}
