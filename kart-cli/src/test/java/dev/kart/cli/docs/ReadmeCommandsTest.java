package dev.kart.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
        assertThat(commands.get(1)).isEqualTo("mvn -B -T 2 verify");
        assertThat(ci.get(ci.size() - 1)).as("last command of .ci/run").isEqualTo(commands.get(1));
    }

    @Test
    void theMainCommandBuildsTheJarsItThenRuns() throws IOException {
        String main = setupCommands().get(0);

        assertThat(main).startsWith("mvn ").contains("package", "kart-cli", "kart-examples", "&& bin/kart run ")
                .contains("--classpath kart-examples/target/kart-examples.jar");
        assertThat(ConfigurationDocTest.repository().resolve("bin/kart")).isExecutable();
    }

    @Test
    void theReadmeNamesEveryPackageCiInstalls() throws IOException {
        String ci = Files.readString(ConfigurationDocTest.repository().resolve(".ci/run"));
        String readme = Files.readString(ConfigurationDocTest.repository().resolve("README.md"));
        Set<String> installedByCi = new TreeSet<>();
        Matcher added = Pattern.compile("need_apt\\+=\\(([^)]+)\\)").matcher(ci);
        while (added.find()) {
            installedByCi.addAll(List.of(added.group(1).strip().split("\\s+")));
        }
        Set<String> namedInReadme = new TreeSet<>();
        Matcher install = Pattern.compile("`apt-get install ([^`]+)`").matcher(readme);
        while (install.find()) {
            namedInReadme.addAll(List.of(install.group(1).strip().split("\\s+")));
        }

        assertThat(installedByCi).as("packages .ci/run installs when missing").isNotEmpty();
        assertThat(namedInReadme).as("packages README.md's apt-get install commands name").containsAll(installedByCi);
    }

    private static List<String> setupCommands() throws IOException {
        Matcher block = SETUP.matcher(Files.readString(ConfigurationDocTest.repository().resolve("README.md")));
        assertThat(block.find()).as("README.md has a code block after <!-- setup-commands -->").isTrue();
        return block.group(1).lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
}
