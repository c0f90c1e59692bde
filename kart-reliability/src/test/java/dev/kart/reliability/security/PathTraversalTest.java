package dev.kart.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.OutputLocation;
import dev.kart.reliability.fixtures.KartJar;
import dev.kart.reliability.fixtures.WorkspaceFiles;
import dev.kart.reliability.fixtures.security.Named;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter values cannot steer a cache path outside the workspace: paths come from the task's
 * package, class name and unique id (a hash), never from a value. Checked through the Kart API for a
 * list of hostile values, and through the runnable jar: {@code kart run} and {@code kart tree} with
 * {@code --name=../../etc/passwd}, and {@code kart clean --delete} in a workspace holding symbolic links
 * to files outside it, named like cache files, which it must not follow or delete.
 */
class PathTraversalTest {
    private static final List<String> HOSTILE = List.of("../../etc/passwd", "/etc/passwd", "..", "../", "a/../../../b",
            "..\\..\\windows\\win.ini", "~root/.ssh/id_rsa", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "name\u0000.json",
            "x".repeat(5000), "$(touch pwned)", "`touch pwned`");

    @TempDir
    Path directory;

    @Test
    void noParameterValueMovesACacheFileOrTaskInfoOutOfTheWorkspace() throws Exception {
        Path workspace = directory.resolve("workspace");
        try (Kart kart = Kart.builder().workspace(workspace).set("kart.lock.backend", "in-memory").build()) {
            for (String value : HOSTILE) {
                Named task = new Named(value, Path.of(value.replace("\u0000", "")));
                for (OutputLocation target : kart.outputs(task)) {
                    Path path = Path.of(target.uri());
                    assertThat(path).as("output of %s", task).isEqualTo(path.normalize());
                    assertThat(path.getParent()).as("directory of the output of %s", task)
                            .isEqualTo(workspace.toAbsolutePath().resolve("dev/kart/reliability/fixtures/security"));
                    assertThat(path.getFileName().toString()).matches("Named_[0-9a-f]{32}\\.json");
                    assertThat(target.relativePath()).as("lock target of %s", task)
                            .matches("dev/kart/reliability/fixtures/security/Named_[0-9a-f]{32}\\.json");
                }
                assertThat(kart.build(task)).isEqualTo(task.name() + " " + task.file());
            }
        }
        assertThat(WorkspaceFiles.files(directory)).as("every file the builds wrote")
                .allSatisfy(file -> assertThat(file).startsWith(workspace))
                .hasSize(2 * HOSTILE.size());
        assertThat(directory.resolve("pwned")).doesNotExist();
    }

    @Test
    void theCommandLineKeepsHostileValuesInsideTheWorkspace() throws Exception {
        Path outside = Files.createDirectories(directory.resolve("outside"));
        Path victim = Files.writeString(outside.resolve("Named_00000000000000000000000000000000.json"), "\"precious\"");
        Path workspace = Files.createDirectories(directory.resolve("workspace"));
        Map<Path, String> outsideBefore = WorkspaceFiles.cacheSnapshot(outside);

        KartJar.Result run = kart("run", Named.class.getName(), "--name=../../etc/passwd", "--file=../../../outside/x");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).as("%s", run).contains("Output: workspace/dev/kart/reliability/fixtures/security/Named_");

        KartJar.Result tree = kart("tree", Named.class.getName(), "--name=../../etc/passwd", "--file=../../../outside/x");
        assertThat(tree.exitCode()).as("%s", tree).isZero();
        assertThat(tree.out()).as("%s", tree).contains("output: workspace/dev/kart/reliability/fixtures/security/Named_",
                "name=../../etc/passwd");

        // links inside the workspace to files outside it, named like cache files kart clean would delete
        Path security = workspace.resolve("dev/kart/reliability/fixtures/security");
        Files.createSymbolicLink(security.resolve("Named_11111111111111111111111111111111.json"), victim);
        Files.createSymbolicLink(workspace.resolve("elsewhere"), outside);
        KartJar.Result clean = kart("clean", Named.class.getName(), "--name=something else", "--delete", "--temp-grace", "0s");
        assertThat(clean.exitCode()).as("%s", clean).isZero();
        assertThat(clean.out()).as("%s", clean).contains("deleted workspace/dev/kart/reliability/fixtures/security/Named_")
                .doesNotContain("outside", "elsewhere", "Named_11111111111111111111111111111111");

        assertThat(WorkspaceFiles.cacheSnapshot(outside)).as("files outside the workspace").isEqualTo(outsideBefore);
        assertThat(security.resolve("Named_11111111111111111111111111111111.json")).as("the link itself").isSymbolicLink();
        assertThat(WorkspaceFiles.files(directory)).as("files written anywhere")
                .allSatisfy(file -> assertThat(file.startsWith(workspace) || file.startsWith(outside)).as("%s", file).isTrue());
    }

    private KartJar.Result kart(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--workspace", "workspace", "--classpath", KartJar.testClasses().toString()));
        return KartJar.run(directory, Map.of(), List.of(), all);
    }
}
