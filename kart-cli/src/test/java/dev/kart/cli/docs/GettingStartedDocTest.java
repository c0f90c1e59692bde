package dev.kart.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md works as written: every Java sample compiles as it stands, imports
 * included, against kart's modules; and the SLF4J binding it tells users to add is of the SLF4J
 * version kart uses.
 */
class GettingStartedDocTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile("^(?:public )?(?:final )?(?:record|class) (\\w+)",
            Pattern.MULTILINE);

    @TempDir
    Path directory;

    @Test
    void everyJavaSampleCompilesAsWritten() throws IOException, InterruptedException {
        List<String> samples = samples();
        List<String> files = new ArrayList<>();
        for (String sample : samples) {
            Matcher packageName = PACKAGE.matcher(sample);
            Matcher type = PUBLIC_TYPE.matcher(sample);
            assertThat(packageName.find()).as("a whole file, package line included:%n%s", sample).isTrue();
            assertThat(type.find()).as("a whole file, with its class:%n%s", sample).isTrue();
            Path source = directory.resolve("src").resolve(packageName.group(1).replace('.', '/'))
                    .resolve(type.group(1) + ".java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, sample, StandardCharsets.UTF_8);
            files.add(source.toString());
        }
        // the JDK's own javac, as a user's build runs it, on the class path this test runs with
        List<String> arguments = new ArrayList<>(List.of("-d", directory.resolve("classes").toString(),
                "--release", "17", "-proc:none", "-classpath", System.getProperty("java.class.path")));
        arguments.addAll(files);
        Path argumentFile = Files.write(directory.resolve("javac.args"),
                arguments.stream().map(argument -> '"' + argument.replace("\\", "\\\\") + '"').toList());
        Path messages = directory.resolve("javac.out");
        Process javac = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "@" + argumentFile).redirectErrorStream(true).redirectOutput(messages.toFile()).start();
        assertThat(javac.waitFor(5, TimeUnit.MINUTES)).as("javac ended").isTrue();
        boolean compiled = javac.exitValue() == 0;

        assertThat(samples).as("the tasks, the test and both programs").hasSizeGreaterThanOrEqualTo(5);
        assertThat(compiled).as("javac on the samples of docs/getting-started.md:%n%s", Files.readString(messages)).isTrue();
    }

    @Test
    void theSlf4jBindingIsOfTheSlf4jVersionKartUses() throws IOException {
        String page = page();
        String pom = Files.readString(ConfigurationDocTest.repository().resolve("pom.xml"));

        String slf4j = property(pom, "slf4j.version");
        String logback = property(pom, "logback.version");
        assertThat(page).contains("<groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>" + slf4j
                + "</version>", "`ch.qos.logback:logback-classic:" + logback + "`", "No SLF4J providers");
    }

    private static String property(String pom, String name) {
        Matcher value = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(value.find()).as("property %s in the root pom.xml", name).isTrue();
        return value.group(1);
    }

    private static List<String> samples() throws IOException {
        List<String> samples = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(page());
        while (block.find()) {
            samples.add(block.group(1));
        }
        return samples;
    }

    private static String page() throws IOException {
        return Files.readString(ConfigurationDocTest.repository().resolve("docs/getting-started.md"));
    }
}
