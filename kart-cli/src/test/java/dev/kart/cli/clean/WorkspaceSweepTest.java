package dev.kart.cli.clean;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.storage.LocalFileStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceSweepTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path workspace;

    @Test
    void considersOnlyFilesNamedLikeKartsOutsideTheLogDirectory() throws IOException {
        Path reached = file("pkg/Task_" + ID + ".json", NOW);
        Path named = file("pkg/Task_" + ID + ".summary.json", NOW);
        Path unreached = file("pkg/Other_" + ID.replace('0', 'f') + ".csv.gz", NOW);
        Path info = file("log/pkg/Other_" + ID.replace('0', 'f') + ".json", NOW.minus(Duration.ofDays(30)));
        Path oldTemp = file("pkg/.Task_" + ID + ".json.abc123.kart-tmp", NOW.minus(Duration.ofHours(1)));
        Path youngTemp = file("pkg/.Task_" + ID + ".json.def456.kart-tmp", NOW.minus(Duration.ofMinutes(1)));
        file("pkg/README.md", NOW);
        file("pkg/Task_short.json", NOW);
        Files.createSymbolicLink(workspace.resolve("pkg/Link_" + ID + ".json"), workspace.resolve("pkg/README.md"));

        WorkspaceSweep.Plan plan = plan(workspace, Set.of(reached, named), Optional.empty(), Duration.ofMinutes(10));

        assertThat(plan.unreached()).extracting(WorkspaceSweep.Candidate::path).containsExactly(relative(unreached));
        assertThat(plan.staleTemps()).extracting(WorkspaceSweep.Candidate::path).containsExactly(relative(oldTemp));
        assertThat(plan.reachedCount()).isEqualTo(2);
        assertThat(plan.youngTempCount()).isEqualTo(1);
        // README.md and Task_short.json; the storage lists no symbolic link
        assertThat(plan.otherCount()).isEqualTo(2);
        assertThat(plan.bytes()).isEqualTo(Files.size(unreached) + Files.size(oldTemp));
        assertThat(info).exists();
        assertThat(youngTemp).exists();
    }

    @Test
    void aMissingWorkspaceHasNothingToClean() throws IOException {
        WorkspaceSweep.Plan plan = plan(workspace.resolve("none"), Set.of(), Optional.empty(), Duration.ZERO);

        assertThat(plan.unreached()).isEmpty();
        assertThat(plan.staleTemps()).isEmpty();
    }

    @Test
    void onlyTheFamiliesAskedForAreConsidered() throws IOException {
        Path mine = file("pkg/Task_" + ID + ".json", NOW);
        Path other = file("pkg/Other_" + ID + ".json", NOW);
        Path otherTemp = file("pkg/.Other_" + ID + ".json.abc123.kart-tmp", NOW.minus(Duration.ofHours(1)));

        WorkspaceSweep.Plan plan = plan(workspace, Set.of(), Optional.of(Set.of(WorkspaceSweep.familyStem(relative(mine),
                "Task"))), Duration.ofMinutes(10));

        assertThat(plan.unreached()).extracting(WorkspaceSweep.Candidate::path).containsExactly(relative(mine));
        assertThat(plan.staleTemps()).isEmpty();
        assertThat(plan.otherFamilyCount()).isEqualTo(2);
        assertThat(other).exists();
        assertThat(otherTemp).exists();
    }

    private WorkspaceSweep.Plan plan(Path root, Set<Path> reachable, Optional<Set<String>> families, Duration grace)
            throws IOException {
        LocalFileStorage storage = new LocalFileStorage(root, false);
        return WorkspaceSweep.plan(storage.list(""), storage.listStaging(),
                reachable.stream().map(this::relative).collect(java.util.stream.Collectors.toSet()), families, grace, NOW);
    }

    private String relative(Path file) {
        return workspace.relativize(file).toString().replace('\\', '/');
    }

    private Path file(String relative, Instant modified) throws IOException {
        Path path = workspace.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, relative);
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }
}
