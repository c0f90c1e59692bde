package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples each command's help prints can be pasted as they are, from the project's top directory. */
class HelpExamplesTest {
    private static final String EXAMPLES_JAR = "--classpath kart-examples/target/kart-examples.jar";

    @TempDir
    Path workspace;

    @Test
    void everyExampleThatNamesAnExampleTaskGivesTheExamplesJarAndEveryLineFitsEightyColumns() {
        for (String command : List.of("run", "info", "tree", "clean")) {
            Cli.Result help = Cli.run(command, "--help");
            List<String> lines = help.out().lines().toList();
            List<String> examples = examples(help);

            assertThat(examples).as(command).isNotEmpty();
            assertThat(examples).as(command).filteredOn(example -> example.matches(".* (books|sample)\\..*"))
                    .isNotEmpty().allMatch(example -> example.contains(EXAMPLES_JAR));
            // picocli would wrap a longer line in the middle of the command, which then fails when pasted
            assertThat(lines).as(command).allMatch(line -> line.length() <= 80);
        }
    }

    @Test
    void noHelpCutsAConfigKeyOrAFileNameAtADot() {
        for (List<String> args : List.of(List.of("run", "--help"), List.of("run", "books.BookReport", "--help"),
                List.of("info", "--help"), List.of("tree", "--help"), List.of("clean", "--help"),
                List.of("locks", "--help"))) {
            List<String> lines = Cli.run(args.toArray(String[]::new)).out().lines().toList();
            for (int i = 0; i + 1 < lines.size(); i++) {
                // a dot that ends a line and a word that starts the next in lower case: one word cut in two
                assertThat(lines.get(i).matches(".*[a-z]\\.") && lines.get(i + 1).strip().matches("[a-z].*"))
                        .as(args + ": lines %s and %s", lines.get(i), lines.get(i + 1)).isFalse();
            }
        }
        assertThat(Cli.run("run", "--help").out()).contains("(kart.lock.backend)", "application.conf");
    }

    @Test
    void aCommandQuotedInHelpStandsOnOneLine() {
        for (List<String> args : List.of(List.of("run", "--help"), List.of("run", "books.BookReport", "--help"),
                List.of("info", "--help"), List.of("tree", "--help"), List.of("clean", "--help"),
                List.of("locks", "--help"), List.of("--help"))) {
            for (String line : Cli.run(args.toArray(String[]::new)).out().lines().toList()) {
                assertThat(line.replaceAll("'kart [^']*'", "")).as(args + ": " + line).doesNotContain("'kart ");
            }
        }
    }

    @Test
    void theExamplesOfTreeAndCleanRunAsPrinted() {
        for (String command : List.of("tree", "clean")) {
            for (String example : examples(Cli.run(command, "--help"))) {
                Cli.Result result = runAsPrinted(example, workspace);
                assertThat(result.exitCode()).as(example + ": " + result).isZero();
            }
        }
    }

    /**
     * @param example an example as {@link #examples} gives it
     * @param workspace the workspace to run it in
     * @return what the command did; the examples jar is left out, since the example tasks are on the tests'
     *     class path already, and so is a pipe, which is the shell's
     */
    static Cli.Result runAsPrinted(String example, Path workspace) {
        String line = example.replace(" " + EXAMPLES_JAR, "").replaceAll(" \\|.*", "");
        List<String> args = new ArrayList<>(List.of(line.substring("kart ".length()).split(" +")));
        args.addAll(List.of("--workspace", workspace.toString()));
        return Cli.run(args.toArray(String[]::new));
    }

    /**
     * @param help what {@code kart COMMAND --help} printed
     * @return its examples, each on one line with its continuation lines joined, as a shell reads them
     */
    static List<String> examples(Cli.Result help) {
        List<String> all = help.out().lines().toList();
        List<String> lines = all.subList(all.indexOf("Examples:") + 1, all.size());
        List<String> examples = new ArrayList<>();
        StringBuilder example = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                break;
            }
            example.append(line.strip());
            if (line.endsWith("\\")) {
                example.setLength(example.length() - 1);
            } else {
                examples.add(example.toString());
                example.setLength(0);
            }
        }
        return examples;
    }
}
