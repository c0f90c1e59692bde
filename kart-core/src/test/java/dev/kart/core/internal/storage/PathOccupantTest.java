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
        assertThat(PathOccupant.at(dir.resolve("a/b/none.txt"))).as("directories still to be made").isEmpty();
        assertThat(PathOccupant.at(file)).isEmpty();
        assertThat(PathOccupant.at(dir.resolve("link.txt"))).isEmpty();
    }

    @Test
    void namesADirectoryALinkToOneAndALinkToNothing() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("out.txt"));
        Files.createSymbolicLink(dir.resolve("to-directory.txt"), directory);
        Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("gone"));

        assertThat(PathOccupant.kindAt(directory)).hasValue("a directory");
        assertThat(PathOccupant.at(directory)).hasValue("a directory stands there");
        assertThat(PathOccupant.at(dir.resolve("to-directory.txt"))).hasValue("a symbolic link to a directory stands there");
        assertThat(PathOccupant.at(dir.resolve("dangling.txt"))).hasValue("a symbolic link to nothing (" + dir.resolve("gone")
                + " does not exist) stands there");
    }

    @Test
    void namesALoopOfLinksAsALoopNotAsALinkToNothing() throws Exception {
        Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        Files.createSymbolicLink(dir.resolve("self"), Path.of("self"));

        assertThat(PathOccupant.kindAt(dir.resolve("a"))).hasValue("a loop of symbolic links");
        assertThat(PathOccupant.at(dir.resolve("self"))).hasValue("a loop of symbolic links stands there");
        assertThat(PathOccupant.ofDirectory(dir.resolve("a/kart"))).hasValue("a loop of symbolic links stands at "
                + dir.resolve("a") + ", where a directory belongs");
        assertThat(PathOccupant.at(dir.resolve("b/kart/Task_1.txt"))).hasValue("a loop of symbolic links stands at "
                + dir.resolve("b") + ", where a directory belongs");
    }

    @Test
    void aChainOfLinksToNothingNamesWhereTheLastLeadsRelativeToTheRealDirectoryOfEach() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real/inner"));
        Files.createSymbolicLink(dir.resolve("shortcut"), real);
        // relative to the directory the link really is in: dir/real, not dir
        Files.createSymbolicLink(real.resolve("up"), Path.of("../missing"));
        Files.createSymbolicLink(dir.resolve("first"), dir.resolve("shortcut/up"));

        assertThat(PathOccupant.kindAt(dir.resolve("first"))).hasValue("a symbolic link to nothing ("
                + dir.toRealPath().resolve("real/missing") + " does not exist)");
    }

    @Test
    void namesAFileWhereOneOfThePathsDirectoriesBelongs() throws Exception {
        Path file = Files.writeString(dir.resolve("dev"), "x");

        assertThat(PathOccupant.at(file.resolve("kart/Task_1.txt")))
                .hasValue("a file stands at " + file + ", where a directory belongs");
        assertThat(PathOccupant.kindAt(file.resolve("kart/Task_1.txt"))).as("the path itself").isEmpty();
        assertThat(PathOccupant.ofDirectory(dir.resolve("dev/kart"))).hasValue("a file stands at " + file
                + ", where a directory belongs");
        assertThat(PathOccupant.ofDirectory(dir.resolve("free/kart"))).isEmpty();
    }

    @Test
    void aRenameIsRefusedOnlyByADirectoryThereOrSomethingInTheWayOfItsDirectories() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("out.txt"));
        Files.createSymbolicLink(dir.resolve("to-directory.txt"), directory);
        Files.createSymbolicLink(dir.resolve("dangling.txt"), dir.resolve("gone"));
        Path file = Files.writeString(dir.resolve("dev"), "x");

        assertThat(PathOccupant.refusesRename(directory)).isTrue();
        assertThat(PathOccupant.refusesRename(file.resolve("a/out.txt"))).as("a file where a directory belongs").isTrue();
        assertThat(PathOccupant.refusesRename(dir.resolve("to-directory.txt"))).as("the link is replaced").isFalse();
        assertThat(PathOccupant.refusesRename(dir.resolve("dangling.txt"))).isFalse();
        assertThat(PathOccupant.refusesRename(dir.resolve("a/b/none.txt"))).isFalse();
    }
}
