package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCommandTest {
    @TempDir
    Path workspace;

    @Test
    void showsEachTasksStateUniqueIdAndOutputPathsAndChangesNothing() {
        Cli.Result pending = Cli.run("tree", "books.CountWords", "--workspace", workspace.toString());

        assertThat(pending.exitCode()).as(pending.toString()).isZero();
        assertThat(pending.out()).containsPattern("^\\(PENDING\\) books\\.CountWords\\[[0-9a-f]{32}]\n")
                .containsPattern("\\|-- |`-- \\(PENDING\\) books\\.TokenizeChapter\\[[0-9a-f]{32}] minLength=3")
                .containsPattern("`-- \\(PENDING\\) books\\.ReadBook\\[[0-9a-f]{32}] book=PRIDE_AND_PREJUDICE")
                .contains("output: " + workspace.resolve("dev/kart/examples/books/ReadBook_"))
                .endsWith("5 tasks: 0 complete, 5 pending\n");
        assertThat(workspace).isEmptyDirectory();

        Cli.run("run", "books.CountWords", "--workspace", workspace.toString());
        Cli.Result complete = Cli.run("tree", "books.CountWords", "--workspace", workspace.toString());

        assertThat(complete.out()).startsWith("(COMPLETE) books.CountWords[").doesNotContain("PENDING")
                .endsWith("5 tasks: 5 complete, 0 pending\n");
    }

    @Test
    void showsASharedDependencyInFullOnceAndThenRefersToIt() {
        Cli.Result result = Cli.run("tree", "books.TopBigrams", "--book", "PERSUASION", "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines().filter(line -> line.contains("books.SplitChapters[") && !line.contains("shown above")))
                .hasSize(1);
        assertThat(result.out().lines().filter(line -> line.contains("books.SplitChapters[") && line.endsWith("(shown above)")))
                .hasSize(23);
        assertThat(result.out().lines().filter(line -> line.contains("books.ReadBook["))).hasSize(1);
    }

    @Test
    void jsonListsEveryTaskOnceWithItsDependencies() throws Exception {
        Cli.Result result = Cli.run("tree", "books.ChapterTfIdf", "--book=PERSUASION", "--format", "json",
                "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode tree = new ObjectMapper().readTree(result.out());
        JsonNode tasks = tree.get("tasks");
        assertThat(tasks).hasSize(1 + 24 * 3 + 2);
        Set<String> ids = new HashSet<>();
        for (JsonNode task : tasks) {
            assertThat(task.get("state").asText()).isEqualTo("PENDING");
            task.get("dependencies").forEach(dependency -> assertThat(ids).contains(dependency.asText()));
            ids.add(task.get("id").asText());
        }
        JsonNode root = tasks.get(tasks.size() - 1);
        assertThat(root.get("id").asText()).isEqualTo(tree.get("root").asText());
        assertThat(root.get("name").asText()).isEqualTo("books.ChapterTfIdf");
        assertThat(root.get("parameters").get("book").asText()).isEqualTo("PERSUASION");
        assertThat(root.get("outputs").get(0).asText()).endsWith(".tsv");
    }

    @Test
    void dotAndMermaidDrawEveryEdgeFromDependencyToDependent() {
        Cli.Result dot = Cli.run("tree", "books.CountWords", "--format=dot", "--workspace", workspace.toString());
        Cli.Result mermaid = Cli.run("tree", "books.CountWords", "--format=MERMAID", "--workspace", workspace.toString());

        assertThat(dot.out()).startsWith("digraph kart {").endsWith("}\n");
        assertThat(dot.out().lines().filter(line -> line.contains(" -> "))).hasSize(4);
        assertThat(dot.out()).containsPattern("\"[0-9a-f]{32}\" \\[label=\"books.CleanChapter\\\\nchapter=1\\\\n");
        assertThat(mermaid.out()).startsWith("flowchart LR\n").contains("classDef pending");
        assertThat(mermaid.out().lines().filter(line -> line.contains(" --> "))).hasSize(4);
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli.Result result = Cli.run("tree", "books.CountWords", "--format", "svg");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--format", "svg", "TEXT, JSON, DOT, MERMAID");
    }

    @Test
    void helpAfterATaskShowsTheTreeOptionsAndTheTasksParametersTogether() {
        Cli.Result result = Cli.run("tree", "books.TopBigrams", "--format", "dot", "--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Usage: kart tree [OPTIONS] books.TopBigrams [--PARAMETER=VALUE...]",
                "--format=FORMAT", "Task dev.kart.examples.books.TopBigrams", "--book=Book", "--top=int")
                .containsPattern("--top=int +Default: 20\\.");
    }

    @Test
    void taskParametersAndTreeOptionsMixAfterTheTask() throws Exception {
        Cli.Result result = Cli.run("tree", "books.TopBigrams", "--format", "json", "--book", "PERSUASION",
                "--workspace", workspace.toString(), "--top=3");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode tasks = new ObjectMapper().readTree(result.out()).get("tasks");
        JsonNode root = tasks.get(tasks.size() - 1).get("parameters");
        assertThat(root.get("book").asText()).isEqualTo("PERSUASION");
        assertThat(root.get("top").asText()).isEqualTo("3");
    }
}
