package dev.kart.examples.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code and SQL docs/locks.md shows for fencing are the ones this package compiles and runs, and
 * its commands to run the example use the driver the tests use.
 */
class FencingDocTest {
    private static final String SECTION = "## Fencing tokens: keeping a paused holder out of external stores";
    private static final Pattern BLOCK = Pattern.compile("```(java|sql)\\n(.*?)```", Pattern.DOTALL);
    private static final String RUN_IT_YOURSELF = "### Run it yourself";
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theJavaShownIsTheExamplesSourceAndTheSqlIsWhatTheStoreRuns() throws IOException {
        String section = section();
        List<String> java = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        Matcher block = BLOCK.matcher(section);
        while (block.find()) {
            (block.group(1).equals("java") ? java : sql).add(block.group(2));
        }
        String source = Files.readString(module().resolve("src/main/java/dev/kart/examples/fencing/PublishTopWords.java"));

        assertThat(java).as("java blocks of the section").hasSize(1);
        for (String part : java.get(0).split("(?m)^\\s*\\.\\.\\.\\n")) {
            assertThat(source).as("PublishTopWords.java").contains(part);
        }
        assertThat(sql).as("sql blocks of the section").containsExactly(FencedStore.CREATE_TABLE + "\n", FencedStore.WRITE + "\n");
    }

    @Test
    void runItYourselfCopiesThePomsDriverMakesTheStoresTableAndKeepsThePasswordOutOfTheUrl() throws IOException {
        String section = section();
        int start = section.indexOf(RUN_IT_YOURSELF);
        assertThat(start).as("the section has '%s'", RUN_IT_YOURSELF).isNotNegative();
        Matcher block = BASH_BLOCK.matcher(section);
        assertThat(block.find(start)).as("a bash block under '%s'", RUN_IT_YOURSELF).isTrue();
        String commands = block.group(1);
        Matcher version = Pattern.compile("<postgresql\\.version>([^<]+)</postgresql\\.version>")
                .matcher(Files.readString(module().getParent().resolve("pom.xml")));
        assertThat(version.find()).as("postgresql.version in the root pom.xml").isTrue();
        String command = Pattern.compile("^bin/kart run .*?[^\\\\]$", Pattern.MULTILINE | Pattern.DOTALL).matcher(commands)
                .results().map(MatchResult::group).findFirst().orElseThrow(() -> new AssertionError("no bin/kart run in " + commands));

        assertThat(commands).as("the driver the tests use")
                .contains("dependency:copy -Dartifact=org.postgresql:postgresql:" + version.group(1) + " ")
                .contains("export " + StorePassword.VARIABLE + "=")
                .contains("<<'SQL'\n" + FencedStore.CREATE_TABLE + "\nSQL\n");
        assertThat(command).startsWith("bin/kart run fencing.PublishTopWords ")
                .contains("--redis-host=", "--redis-port=", "--store='jdbc:postgresql://", "postgresql-" + version.group(1) + ".jar")
                .doesNotContainIgnoringCase("password");
    }

    private static String section() throws IOException {
        String locks = Files.readString(module().getParent().resolve("docs/locks.md"));
        int start = locks.indexOf(SECTION);
        assertThat(start).as("docs/locks.md has the section '%s'", SECTION).isNotNegative();
        int end = locks.indexOf("\n## ", start + SECTION.length());
        return locks.substring(start, end < 0 ? locks.length() : end);
    }

    /** @return kart-examples' directory: the tests run in it under Maven, the repository's root elsewhere */
    private static Path module() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("src/main/java/dev/kart/examples")) ? here : here.resolve("kart-examples");
    }
}
