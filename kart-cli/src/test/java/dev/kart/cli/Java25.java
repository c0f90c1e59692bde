package dev.kart.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Java 25 (or later) JDK for the launcher's ahead-of-time cache tests: {@code KART_TEST_JAVA25} (a
 * java binary), else the newest such JDK under {@code /usr/lib/jvm}, where this machine kind keeps its
 * second JDK. A machine with only Java 17 cannot run those tests; they are then reported as aborted,
 * naming what to install, rather than passed.
 */
final class Java25 {
    private static final Pattern FEATURE = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private Java25() {
    }

    /** @return the java binary of a JDK of release 25 or later */
    static Path find() throws IOException {
        String given = System.getenv("KART_TEST_JAVA25");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> homes = Files.list(JVMS)) {
                found = homes.filter(home -> feature(home) >= 25).max(Comparator.comparingInt(Java25::feature))
                        .map(home -> home.resolve("bin/java"));
            }
        }
        assumeTrue(found.isPresent(), "no JDK 25 or later under " + JVMS
                + " (install one, e.g. Temurin 25, or set KART_TEST_JAVA25 to its bin/java)");
        return found.get();
    }

    private static int feature(Path home) {
        try {
            Matcher matcher = FEATURE.matcher(Files.readString(home.resolve("release")));
            return matcher.find() && Files.isExecutable(home.resolve("bin/java")) ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
