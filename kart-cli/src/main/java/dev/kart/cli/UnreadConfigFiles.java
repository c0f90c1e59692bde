package dev.kart.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
    /** The JVM system properties with which Typesafe Config reads another file than the class path's application.conf. */
    private static final List<String> SYSTEM_PROPERTIES = List.of("config.file", "config.resource", "config.url");

    private UnreadConfigFiles() {
    }

    /**
     * @param workingDirectory where the command runs
     * @param classLoader the tasks' class loader, whose class path application.conf is read from
     * @param configFile the file {@code --config} gives, read over the class path's application.conf
     * @return a warning naming each such file of the working directory that neither the class path nor
     *     {@code --config} gives, and how to have it read; empty when there is none, or when a JVM system
     *     property ({@code config.file}, {@code config.resource}, {@code config.url}) names the file to read instead
     */
    static Optional<String> warning(Path workingDirectory, ClassLoader classLoader, Optional<Path> configFile) {
        if (SYSTEM_PROPERTIES.stream().anyMatch(property -> System.getProperty(property) != null)) {
            // Typesafe Config reads the file those name instead of the class path's: the user chose
            return Optional.empty();
        }
        if (configFile.isPresent() && !Files.isRegularFile(configFile.get())) {
            // the command refuses a --config file that is not there, and that is all it should say
            return Optional.empty();
        }
        List<String> unread = new ArrayList<>();
        for (String name : NAMES) {
            Path file = workingDirectory.resolve(name);
            if (Files.isRegularFile(file) && !readFromClassPath(file, name, classLoader) && !sameFile(file, configFile)) {
                unread.add(name);
            }
        }
        if (unread.isEmpty()) {
            return Optional.empty();
        }
        if (configFile.isPresent()) {
            // --config takes one file: the other one's settings go into it
            String names = String.join(" and ", unread);
            String them = unread.size() == 1 ? "it" : "them";
            return Optional.of(names + " in the working directory " + (unread.size() == 1 ? "is" : "are") + " not read:"
                    + " kart reads the class path's " + names + " and --config " + configFile.get() + " only; merge "
                    + them + " into " + configFile.get() + ", or move " + them + " into a --classpath directory");
        }
        if (unread.size() == 1) {
            String name = unread.get(0);
            return Optional.of(name + " in the working directory is not read: kart reads " + name + " from the class path"
                    + " (a --classpath directory or jar); give it with --config " + name + ", or move it into a --classpath"
                    + " directory");
        }
        return Optional.of(String.join(" and ", unread) + " in the working directory are not read: kart reads them from the"
                + " class path (a --classpath directory or jar); move them into a --classpath directory, or merge them into"
                + " one file given with --config FILE");
    }

    private static boolean sameFile(Path file, Optional<Path> configFile) {
        try {
            return configFile.isPresent() && Files.isSameFile(file, configFile.get());
        } catch (IOException e) {
            // a --config file that cannot be read fails the command with its own message
            return false;
        }
    }

    /** Whether the class path gives that very file: Typesafe Config reads every resource of the name. */
    private static boolean readFromClassPath(Path file, String name, ClassLoader classLoader) {
        try {
            for (URL resource : Collections.list(classLoader.getResources(name))) {
                if ("file".equals(resource.getProtocol()) && Files.isSameFile(file, Path.of(resource.toURI()))) {
                    return true;
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            // a class path that cannot be asked: nothing known to read the file
        }
        return false;
    }
}
