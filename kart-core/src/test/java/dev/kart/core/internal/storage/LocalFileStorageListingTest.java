package dev.kart.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.storage.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two narrower listings of a local workspace, {@code kart clean}'s and {@code kart info}'s, against the
 * listings of the storage SPI they stand for: the same objects, with the same sizes, times and order.
 */
class LocalFileStorageListingTest {
    @TempDir
    Path root;

    /** A workspace of cache files, temporary files, task info and node records, a link and a file of another kind. */
    private LocalFileStorage workspace() throws Exception {
        write("pkg/Task_1.json", "[1]");
        write("pkg/Task_2.txt", "two");
        write("pkg/.Task_3.json.0a1b.kart-tmp", "part");
        write("pkg/sub/Other_4.json", "{}");
        write("notes.txt", "mine");
        write("logbook/Task_5.json", "not task info");
        write("log/pkg/Task_1.json", "{\"info\":1}");
        write("log/pkg/Task_1.node-vm-7.json", "{\"node\":7}");
        write("log/pkg/Task_1.node-vm-8.json", "{\"node\":8}");
        write("log/pkg/Task_12.node-vm-9.json", "{\"other\":9}");
        write("log/pkg/.Task_1.node-vm-9.json.77.kart-tmp", "half");
        write("log/pkg/Task_1.node-vm-6.json/inside.json", "a directory named like a record");
        write("log/pkg/sub/Task_1.node-vm-5.json", "a subpackage's");
        write("log/.Task_6.json.0c.kart-tmp", "");
        Files.createSymbolicLink(root.resolve("log/pkg/Task_1.node-vm-4.json"), root.resolve("log/pkg/Task_1.json"));
        Files.createSymbolicLink(root.resolve("pkg/Task_7.json"), root.resolve("pkg/Task_1.json"));
        return new LocalFileStorage(root, false);
    }

    private void write(String path, String content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void theSweepListingIsTheWholeListingAndTheStagingOutsideTheSkippedDirectory() throws Exception {
        LocalFileStorage storage = workspace();

        LocalFileStorage.SweepListing listing = storage.sweepListing("log");

        assertThat(listing.published()).isEqualTo(storage.list("").stream()
                .filter(object -> !object.path().startsWith("log/")).toList());
        assertThat(listing.published()).extracting(StoredObject::path)
                .containsExactly("logbook/Task_5.json", "notes.txt", "pkg/Task_1.json", "pkg/Task_2.txt",
                        "pkg/sub/Other_4.json");
        assertThat(listing.staging()).isEqualTo(storage.listStaging().stream()
                .filter(object -> !object.path().startsWith("log/")).toList());
        assertThat(listing.staging()).extracting(StoredObject::path).containsExactly("pkg/.Task_3.json.0a1b.kart-tmp");
    }

    @Test
    void aWorkspaceNotMadeYetOrWithoutTheSkippedDirectoryIsListedWhole() throws Exception {
        assertThat(new LocalFileStorage(root.resolve("none"), false).sweepListing("log"))
                .isEqualTo(new LocalFileStorage.SweepListing(List.of(), List.of()));

        write("pkg/Task_1.json", "[1]");
        LocalFileStorage storage = new LocalFileStorage(root, false);
        assertThat(storage.sweepListing("log").published()).isEqualTo(storage.list(""));
    }

    @Test
    void theNamedListingIsWhatTheDirectorysListingHoldsOfTheNamesDirectlyInIt() throws Exception {
        LocalFileStorage storage = workspace();

        List<StoredObject> named = storage.listNamed("log/pkg/", "Task_1.node-");

        assertThat(named).isEqualTo(storage.list("log/pkg/").stream()
                .filter(object -> object.path().startsWith("log/pkg/Task_1.node-"))
                .filter(object -> object.path().indexOf('/', "log/pkg/".length()) < 0).toList());
        assertThat(named).extracting(StoredObject::path)
                .containsExactly("log/pkg/Task_1.node-vm-7.json", "log/pkg/Task_1.node-vm-8.json");
        assertThat(named.get(0).size()).isEqualTo(10);
        assertThat(storage.listNamed("log/none/", "Task_1.node-")).isEmpty();
    }

    @Test
    void aDirectoryThatIsASymbolicLinkIsNotListedAsTheWalkOfTheWholeListingDoesNotFollowIt() throws Exception {
        LocalFileStorage storage = workspace();
        Files.createSymbolicLink(root.resolve("log/linked"), root.resolve("log/pkg"));

        assertThat(storage.list("log/linked/")).isEmpty();
        assertThat(storage.listNamed("log/linked/", "Task_1.node-")).isEmpty();
    }
}
