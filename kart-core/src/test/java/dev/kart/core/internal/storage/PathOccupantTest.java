package dev.kart.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathOccupantTest {
    @TempDir
    Path dir;

    @Test
    void nothingAFileOrALinkToAFileIsNoOccupant() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        Files.createSymbolicLink(dir.resolve("link.txt"), file);

        assertThat(PathOccupant.at(dir.resolve("none.txt"))).isEmpty();
        assertThat(PathOccupant.at(file)).isEmpty();
        assertThat(PathOccupant.at(dir.resolve("link.txt"))).isEmpty();
        assertThat(PathOccupant.at(file.resolve("under-a-file.txt"))).as("a path under a file").isEmpty();
    }

    @Test
    void namesADirectoryALinkToOneAndALinkToNothing() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("out.txt"));
        Files.createSymbolicLink(dir.resolve("to-directory.txt"), directory);
        Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("gone"));

        assertThat(PathOccupant.at(directory)).hasValue("a directory");
        assertThat(PathOccupant.at(dir.resolve("to-directory.txt"))).hasValue("a symbolic link to a directory");
        assertThat(PathOccupant.at(dir.resolve("dangling.txt"))).hasValue("a symbolic link to nothing");
    }
}
