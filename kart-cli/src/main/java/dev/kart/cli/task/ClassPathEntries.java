package dev.kart.cli.task;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars and class directories a class loader and its parents read classes from, as real paths:
 * the URLs of each {@link URLClassLoader}, {@code java.class.path} for the JDK's application class
 * loader, and the jars the {@code Class-Path} of each jar's manifest adds (as the JDK's loaders follow
 * it; surefire's test class path is one such manifest). Nothing for the platform and boot loaders,
 * which hold the JDK's modules only.
 */
final class ClassPathEntries {
    private static final String APPLICATION_LOADER = "jdk.internal.loader.ClassLoaders$AppClassLoader";

    private ClassPathEntries() {
    }

    /**
     * @param classLoader a class loader
     * @return its entries and its parents', each once, in lookup order (parents first); empty when
     *     one of the loaders is of a kind whose entries cannot be listed (an application server's,
     *     or a URL that is not a file)
     */
    static Optional<List<Path>> of(ClassLoader classLoader) {
        Deque<ClassLoader> chain = new ArrayDeque<>();
        for (ClassLoader loader = classLoader; loader != null; loader = loader.getParent()) {
            chain.push(loader);
        }
        Set<Path> entries = new LinkedHashSet<>();
        for (ClassLoader loader : chain) {
            if (loader == ClassLoader.getPlatformClassLoader()) {
                continue;
            }
            List<Path> own = new ArrayList<>();
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    Optional<Path> path = path(url);
                    if (path.isEmpty()) {
                        return Optional.empty();
                    }
                    own.add(path.get());
                }
            } else if (loader.getClass().getName().equals(APPLICATION_LOADER)) {
                for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                    if (!entry.isEmpty()) {
                        own.add(Path.of(entry));
                    }
                }
            } else {
                return Optional.empty();
            }
            for (Path entry : own) {
                addWithManifestClassPath(entry, entries);
            }
        }
        return Optional.of(List.copyOf(entries));
    }

    /**
     * @param path a jar or directory as given
     * @return it as a real path (links resolved) when it exists, else absolute and normalized
     */
    static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private static void addWithManifestClassPath(Path entry, Set<Path> entries) {
        Path real = real(entry);
        if (!entries.add(real) || !Files.isRegularFile(real)) {
            return;
        }
        for (Path added : manifestClassPath(real)) {
            addWithManifestClassPath(added, entries);
        }
    }

    /** The jars a jar's manifest adds: space-separated URLs relative to the jar's directory. */
    private static List<Path> manifestClassPath(Path jar) {
        String classPath;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException e) {
            return List.of();  // not a jar: the JDK's loaders skip it too
        }
        if (classPath == null || classPath.isBlank()) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        for (String relative : classPath.trim().split("\\s+")) {
            try {
                URL url = new URL(jar.toUri().toURL(), relative);
                path(url).ifPresent(paths::add);
            } catch (IOException e) {
                // a malformed entry: the JDK's loaders ignore it as well
            }
        }
        return paths;
    }

    /**
     * @param url a class path entry's or code source's URL
     * @return the file or directory it names; empty for a URL of another protocol
     */
    static Optional<Path> path(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
