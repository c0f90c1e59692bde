package dev.kart.cli;

import java.nio.file.Path;
import java.util.function.Function;

/** Shows paths under the working directory relative to it, and others in full. */
final class PathDisplay implements Function<Path, String> {
    private final Path workingDirectory = Path.of("").toAbsolutePath();

    @Override
    public String apply(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workingDirectory) && !absolute.equals(workingDirectory)
                ? workingDirectory.relativize(absolute).toString() : absolute.toString();
    }
}
