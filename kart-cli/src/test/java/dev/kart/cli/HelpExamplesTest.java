package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples each command's help prints can be pasted as they are, from the project's top directory. */
class HelpExamplesTest {
    private static final String EXAMPLES_JAR = "--classpath kart-examples/target/kart-examples.jar";

    @Test
    void everyExampleThatNamesAnExampleTaskGivesTheExamplesJarAndEveryLineFitsEightyColumns() {
        for (String command : List.of("run", "info", "tree", "clean")) {
            Cli.Result help = Cli.run(command, "--help");
            List<String> lines = help.out().lines().toList();
            List<String> examples = examples(lines.subList(lines.indexOf("Examples:") + 1, lines.size()));

            assertThat(examples).as(command).isNotEmpty();
            assertThat(examples).as(command).filteredOn(example -> example.matches(".* (books|sample)\\..*"))
                    .isNotEmpty().allMatch(example -> example.contains(EXAMPLES_JAR));
            // picocli would wrap a longer line in the middle of the command, which then fails when pasted
            assertThat(lines).as(command).allMatch(line -> line.length() <= 80);
        }
    }

    /** @return the examples up to the first blank line, each with its continuation lines joined */
    private static List<String> examples(List<String> lines) {
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
