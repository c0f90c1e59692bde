package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
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
        Cli.Result result = Cli.run("tree", "books.TopBigrams", "--book", "PERSUASION", "--all", "--workspace",
                workspace.toString());

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
        assertThat(root.get("parameters").get("top").isIntegralNumber()).as(root.toString()).isTrue();
    }

    @Test
    void jsonWritesAMapParameterAsAnObjectOfItsValues() throws Exception {
        Cli.Result result = Cli.run("tree", "fixtures.Weighted", "--weights=a=1,b=20", "--count=3", "--format=json",
                "--workspace", workspace.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode parameters = new ObjectMapper().readTree(result.out()).get("tasks").get(0).get("parameters");
        assertThat(parameters.get("weights").properties()).as(parameters.toString()).hasSize(2);
        assertThat(parameters.get("weights").get("a").isIntegralNumber()).as(parameters.toString()).isTrue();
        assertThat(parameters.get("weights").get("b").asInt()).isEqualTo(20);
        assertThat(parameters.get("count").isIntegralNumber()).as(parameters.toString()).isTrue();
        assertThat(parameters.get("count").asInt()).isEqualTo(3);
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
    void manyTasksOfOneClassUnderOneTaskCollapseToOneLineUnlessAllIsAsked() {
        Cli.Result collapsed = Cli.run("tree", "books.BookReport", "--workspace", workspace.toString());
        Cli.Result all = Cli.run("tree", "books.BookReport", "--all", "--workspace", workspace.toString());

        assertThat(collapsed.exitCode()).as(collapsed.toString()).isZero();
        assertThat(collapsed.out()).containsPattern("\\|   `-- \\(PENDING\\) books\\.CountWords\\[[0-9a-f]{32}]  \\(\\+60 more"
                + " books\\.CountWords: 0 complete, 60 pending\\)\n")
                .contains("Tasks of one class under one task are shown as the first of them with a count; --all shows"
                        + " each.\n188 tasks: 0 complete, 188 pending\n");
        assertThat(collapsed.out().lines().count()).as(collapsed.out()).isLessThan(30);
        assertThat(all.out()).doesNotContain("more books.", "--all shows each").endsWith("188 tasks: 0 complete, 188 pending\n");
        assertThat(all.out().lines().filter(line -> line.contains("(PENDING) books.CountWords["))).hasSize(2 * 61);
    }

    @Test
    void depthLimitsTheLevelsShownInEveryFormat() throws Exception {
        Cli.Result text = Cli.run("tree", "books.BookReport", "--depth", "1", "--workspace", workspace.toString());
        Cli.Result json = Cli.run("tree", "books.BookReport", "--depth=1", "--format=json", "--workspace",
                workspace.toString());
        Cli.Result dot = Cli.run("tree", "books.BookReport", "--depth=1", "--format=dot", "--workspace",
                workspace.toString());
        Cli.Result mermaid = Cli.run("tree", "books.BookReport", "--depth=1", "--format=mermaid", "--workspace",
                workspace.toString());
        Cli.Result root = Cli.run("tree", "books.BookReport", "--depth=0", "--workspace", workspace.toString());

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).contains("books.ChapterTfIdf[", "minLength=3  (61 dependencies below --depth 1)\n",
                "books.TopBigrams[").doesNotContain("books.TokenizeChapter[").endsWith("188 tasks: 0 complete, 188 pending\n");
        // the root, ChapterTfIdf, TopBigrams and the 61 CountWords it loads itself
        JsonNode tasks = new ObjectMapper().readTree(json.out()).get("tasks");
        assertThat(tasks).hasSize(64);
        tasks.forEach(task -> assertThat(task.get("name").asText()).isIn("books.BookReport", "books.ChapterTfIdf",
                "books.TopBigrams", "books.CountWords"));
        assertThat(tasks.get(63).get("dependencies")).hasSize(63);
        assertThat(tasks.get(0).get("dependencies")).as("edges to tasks shown only").isEmpty();
        assertThat(dot.out().lines().filter(line -> line.contains("[label="))).hasSize(64);
        // every edge between tasks shown: the root's 63, and ChapterTfIdf's to the 61 CountWords
        assertThat(dot.out().lines().filter(line -> line.contains(" -> "))).hasSize(63 + 61);
        assertThat(mermaid.out().lines().filter(line -> line.contains(" --> "))).hasSize(63 + 61);
        assertThat(root.out()).startsWith("(PENDING) books.BookReport[").contains("(63 dependencies below --depth 0)")
                .doesNotContain("`-- ");
    }

    @Test
    void pendingShowsOnlyTheTasksNotComplete() throws Exception {
        Cli.run("run", "books.CountWords", "--workspace", workspace.toString());

        Cli.Result pending = Cli.run("tree", "books.BookReport", "--pending", "--all", "--workspace", workspace.toString());
        Cli.Result json = Cli.run("tree", "books.BookReport", "--pending", "--format", "json", "--workspace",
                workspace.toString());
        Cli.Result done = Cli.run("tree", "books.CountWords", "--pending", "--workspace", workspace.toString());

        assertThat(pending.exitCode()).as(pending.toString()).isZero();
        assertThat(pending.out()).contains("(PENDING) books.CountWords[", "Only tasks not complete are shown (--pending).")
                .doesNotContain("(COMPLETE)").endsWith("186 tasks: 3 complete, 183 pending\n");
        JsonNode tasks = new ObjectMapper().readTree(json.out()).get("tasks");
        assertThat(tasks).hasSize(183);
        tasks.forEach(task -> assertThat(task.get("state").asText()).isEqualTo("PENDING"));
        assertThat(done.out()).startsWith("(COMPLETE) books.CountWords[").contains("Nothing is pending: the task is"
                + " complete.").doesNotContain("books.TokenizeChapter[");
    }

    /**
     * A complete task whose dependency's output was deleted: a build loads the task and does not look
     * below it, so --pending shows nothing under it and counts what a build would plan, in every format.
     */
    @Test
    void pendingDoesNotShowThePendingDependenciesOfACompleteTask() throws Exception {
        Cli.run("run", "books.CountWords", "--workspace", workspace.toString());
        try (var files = java.nio.file.Files.list(workspace.resolve("dev/kart/examples/books"))) {
            Path tokens = files.filter(file -> file.getFileName().toString().startsWith("TokenizeChapter_")).findFirst()
                    .orElseThrow();
            java.nio.file.Files.delete(tokens);
        }

        Cli.Result text = Cli.run("tree", "books.CountWords", "--depth", "1", "--pending", "--workspace",
                workspace.toString());
        Cli.Result json = Cli.run("tree", "books.CountWords", "--pending", "--format", "json", "--workspace",
                workspace.toString());

        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.out()).startsWith("(COMPLETE) books.CountWords[").doesNotContain("PENDING")
                .contains("Nothing is pending: the task is complete.").endsWith("1 task: 1 complete, 0 pending\n");
        JsonNode tasks = new ObjectMapper().readTree(json.out()).get("tasks");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("state").asText()).isEqualTo("COMPLETE");
        assertThat(tasks.get(0).get("dependencies")).isEmpty();
    }

    @Test
    void aNegativeDepthIsAUsageError() {
        Cli.Result result = Cli.run("tree", "books.CountWords", "--depth", "-1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--depth -1 must be 0 (the task alone) or more");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Cli.Result result = Cli.run("tree", "books.CountWords", "--format", "svg");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("kart: --format needs one of text, json, dot, mermaid, got 'svg'");
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

    @Test
    void namesADirectoryStandingWhereAnOutputBelongs() throws Exception {
        Path output = Cli.directoryAtOutputOf(workspace, "occupied");

        Cli.Result tree = Cli.run("tree", "sample.SomeTask", "--name=occupied", "--workspace", workspace.toString());

        assertThat(tree.exitCode()).as(tree.toString()).isZero();
        assertThat(tree.out()).startsWith("(PENDING) sample.SomeTask[")
                .contains("output: " + output + " (a directory stands there: remove it, or the task's publish fails)\n");
    }

    @Test
    void aTaskWithADirectoryAtItsOutputIsDrawnApartFromItsCollapsedSiblings() throws Exception {
        Cli.Result built = Cli.run("run", "books.BookReport", "--workspace", workspace.toString());
        assertThat(built.exitCode()).as(built.toString()).isZero();
        Path output;
        try (var outputs = Files.list(workspace.resolve("dev/kart/examples/books"))) {
            output = outputs.filter(path -> path.getFileName().toString().startsWith("CountWords_")).sorted().toList().get(4);
        }
        Files.delete(output);
        Files.createDirectory(output);

        Cli.Result tree = Cli.run("tree", "books.BookReport", "--workspace", workspace.toString());

        assertThat(tree.exitCode()).as(tree.toString()).isZero();
        assertThat(tree.out()).contains("output: " + output + " (a directory stands there: remove it, or the task's"
                + " publish fails)").contains("more books.CountWords:");
    }
}
