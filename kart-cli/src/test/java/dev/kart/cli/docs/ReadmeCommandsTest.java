package dev.kart.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's two set-up commands stay what .ci/run and the build actually do. */
class ReadmeCommandsTest {
    private static final Pattern SETUP = Pattern.compile("<!-- setup-commands -->\\s*```(?:bash|sh)?\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theTestCommandIsTheOneCiRuns() throws IOException {
        List<String> commands = setupCommands();
        List<String> ci = Files.readAllLines(ConfigurationDocTest.repository().resolve(".ci/run")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(commands).hasSize(2);
        assertThat(commands.get(1)).isEqualTo("mvn -B verify");
        assertThat(ci.get(ci.size() - 1)).as("last command of .ci/run").isEqualTo(commands.get(1));
    }

    @Test
    void theMainCommandBuildsTheJarsItThenRuns() throws IOException {
        String main = setupCommands().get(0);

        assertThat(main).startsWith("mvn ").contains("package", "kart-cli", "kart-examples", "&& bin/kart run ")
                .contains("--classpath kart-examples/target/kart-examples.jar");
        assertThat(ConfigurationDocTest.repository().resolve("bin/kart")).isExecutable();
    }

    private static List<String> setupCommands() throws IOException {
        Matcher block = SETUP.matcher(Files.readString(ConfigurationDocTest.repository().resolve("README.md")));
        assertThat(block.find()).as("README.md has a code block after <!-- setup-commands -->").isTrue();
        return block.group(1).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
