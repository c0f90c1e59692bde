package dev.kart.core.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.TaskDefinitionException;
import dev.kart.core.Kart;
import dev.kart.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Task classes compiled against a jar that is then left off the class path, as a user's packaging mistake leaves them. */
class TaskTypeLinkageTest {
    private static final Map<String, String> SOURCES = Map.of(
            "util/Holder.java", "package util; public record Holder(String text) {}",
            "util/Shout.java", "package util; public final class Shout { public static String of(String s) { return s; } }",
            "app/WithHolder.java", "package app; public record WithHolder(util.Holder holder) implements"
                    + " dev.kart.task.Task<String> { public String run(dev.kart.task.RunContext ctx) { return \"\"; } }",
            "app/StaticShout.java", "package app; public record StaticShout(String text) implements"
                    + " dev.kart.task.Task<String> { static final String LOUD = util.Shout.of(\"x\");"
                    + " public String run(dev.kart.task.RunContext ctx) { return LOUD; } }",
            "app/NeedsHolder.java", "package app; public record NeedsHolder(String text) implements"
                    + " dev.kart.task.Task<String> { public java.util.List<dev.kart.task.Task<?>> requires() {"
                    + " return java.util.List.of(new WithHolder(new util.Holder(text))); }"
                    + " public String run(dev.kart.task.RunContext ctx) { return text; } }",
            "app/Broken.java", "package app; public record Broken(String text) implements dev.kart.task.Task<String> {"
                    + " static final int LIMIT = Integer.parseInt(\"ten\");"
                    + " public String run(dev.kart.task.RunContext ctx) { return text; } }");

    @TempDir
    Path directory;
    private URLClassLoader loader;

    @BeforeEach
    void compileThenLeaveUtilOut() throws IOException {
        Path sources = directory.resolve("src");
        Path classes = directory.resolve("classes");
        Files.createDirectories(classes);
        String[] arguments = new String[SOURCES.size() + 4];
        arguments[0] = "-d";
        arguments[1] = classes.toString();
        arguments[2] = "-cp";
        arguments[3] = System.getProperty("java.class.path");
        int next = 4;
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            Path file = sources.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments[next++] = file.toString();
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, errors, arguments)).as(errors.toString()).isZero();
        try (var util = Files.list(classes.resolve("util"))) {
            for (Path file : util.toList()) {
                Files.delete(file);
            }
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    @AfterEach
    void close() throws IOException {
        loader.close();
    }

    @Test
    void aParameterTypeTheClassPathLacksIsNamedWithWhatToDo() throws Exception {
        Class<?> task = Class.forName("app.WithHolder", false, loader);

        assertThatThrownBy(() -> TaskType.of(task)).isInstanceOf(TaskDefinitionException.class)
                .hasMessage("task app.WithHolder cannot be read: NoClassDefFoundError: util/Holder; a class it refers to"
                        + " is not on the class path: add the jar or directory that holds it to the class path (kart run:"
                        + " --classpath)");
    }

    @Test
    void aStaticInitializerNeedingAClassTheClassPathLacksIsNamedWithWhatToDo() throws Exception {
        TaskType type = TaskType.of(Class.forName("app.StaticShout", false, loader));

        assertThatThrownBy(() -> type.instantiate("hi")).isInstanceOf(TaskDefinitionException.class)
                .hasMessage("cannot create task app.StaticShout: NoClassDefFoundError: util/Shout; a class it refers to"
                        + " is not on the class path: add the jar or directory that holds it to the class path (kart run:"
                        + " --classpath)");
    }

    @Test
    void aDependencyMadeInRequiresWhoseClassNeedsAMissingClassIsNamedWithWhatToDo() throws Exception {
        Task<?> root = (Task<?>) Class.forName("app.NeedsHolder", true, loader).getDeclaredConstructor(String.class)
                .newInstance("a");

        try (Kart kart = Kart.builder().workspace(directory.resolve("workspace")).build()) {
            assertThatThrownBy(() -> kart.graph(root)).isInstanceOf(TaskDefinitionException.class)
                    .hasMessageStartingWith("requires() of app.NeedsHolder(text=a)")
                    .hasMessageContaining("failed: NoClassDefFoundError: util/Holder; a class it refers to is not on"
                            + " the class path: add the jar or directory that holds it to the class path");
        }
    }

    @Test
    void aStaticInitializerThatFailsIsToldSoAndAtEveryLaterUseNotBlamedOnTheClassPath() throws Exception {
        TaskType type = TaskType.of(Class.forName("app.Broken", false, loader));

        assertThatThrownBy(() -> type.instantiate("a")).isInstanceOf(TaskDefinitionException.class)
                .hasMessage("cannot create task app.Broken: NumberFormatException: For input string: \"ten\"; its static"
                        + " initializer failed (-v shows the stack trace)");
        // the JVM answers every later use with NoClassDefFoundError: Could not initialize class app.Broken
        assertThatThrownBy(() -> type.instantiate("b")).isInstanceOf(TaskDefinitionException.class)
                .hasMessageStartingWith("cannot create task app.Broken: NoClassDefFoundError: Could not initialize class"
                        + " app.Broken")
                .hasMessageEndingWith("its static initializer failed at an earlier use in this process; the first failure,"
                        + " or -v, says why")
                .hasMessageNotContaining("class path");
    }
}
