package dev.kart.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the configuration files a user may expect kart to read that it does not: Typesafe Config reads
 * {@code application.conf} (or {@code .json}, {@code .properties}) from the class path only, while the
 * Python system's users keep {@code luigi.cfg} where they run the command, which luigi reads. A file of
 * one of those names in the working directory, not on the class path, is read by no one; a run that
 * silently takes the in-memory lock backend instead of the Redis one it names is what that costs.
 */
final class UnreadConfigFiles {
    private static final List<String> NAMES = List.of("application.conf", "application.json", "application.properties");

    private UnreadConfigFiles() {
    }

    /**
     * @param workingDirectory where the command runs
     * @param classLoader the tasks' class loader, whose class path application.conf is read from
     * @return a warning naming each such file of the working directory that the class path does not
     *     give, and how to have it read; empty when there is none
     */
    static Optional<String> warning(Path workingDirectory, ClassLoader classLoader) {
        List<String> unread = new ArrayList<>();
        for (String name : NAMES) {
            Path file = workingDirectory.resolve(name);
            if (Files.isRegularFile(file) && !readFromClassPath(file, classLoader.getResource(name))) {
                unread.add(name);
            }
        }
        if (unread.isEmpty()) {
            return Optional.empty();
        }
        String first = unread.get(0);
        return Optional.of(String.join(" and ", unread) + " in the working directory " + (unread.size() == 1 ? "is" : "are")
                + " not read: kart reads " + first + " from the class path (a --classpath directory or jar); give it"
                + " with --config " + first + ", or move it into a --classpath directory");
    }

    private static boolean readFromClassPath(Path file, URL resource) {
        if (resource == null || !"file".equals(resource.getProtocol())) {
            return false;
        }
        try {
            return Files.isSameFile(file, Path.of(resource.toURI()));
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }
}
